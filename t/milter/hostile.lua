-- hostile.lua - hostile input through the running daemon; -D case= picks
-- one (large fields and raw NULs go through t/milter-raw.py). Every
-- message must end in a clean verdict; the inserted field is printed
-- between "AR<<" and ">>AR" for the shell to parse back.
--   chars      CR, LF, ';', quotes, parentheses, NUL, 8-bit octets in
--              HELO, MAIL FROM and header fields
--   headers    10 000 header fields
--   body       a 50 MB body in 64 KB chunks, signed so it is hashed
--   cut N      the connection closed after stage N (1..8)
--   good       one plain message: the daemon still serves
dofile(srcdir .. "/t/milter/lib.lua")

local hostile = "a\r\nX-Evil: 1; b=\"q\\\" (c(d)\1\127\200\255\0tail"
local sig = " v=1; a=rsa-sha256; c=relaxed/relaxed; d=hostile.example;" ..
    " s=sel; h=from:subject; bh=frEE4Fb7a9Fkl/2fjW0B6lv6KuoWBnTtmPULiJkk9hk=;" ..
    " b=dGVzdA=="

-- show - print the inserted field for the shell
function show(conn)
	local got = mt.getheader(conn, "Authentication-Results", 0)
	if got == nil then
		fail("no Authentication-Results inserted")
	end
	mt.echo("AR<<" .. got .. ">>AR")
end

-- accepted - end of message must be a clean accept with our field
function accepted(conn)
	want_reply(conn, "eom", SMFIR_ACCEPT)
	show(conn)
end

-- headers - send each {name, value}; stop quietly if the milter stops
function headers(conn, fields)
	for i, f in ipairs(fields) do
		step("header " .. i, mt.header(conn, f[1], f[2]))
		want_reply(conn, "header " .. i, SMFIR_CONTINUE)
	end
end

-- body_chunks - n chunks of s, as long as the milter wants them
function body_chunks(conn, s, n)
	for i = 1, n do
		step("body " .. i, mt.bodystring(conn, s))
		local r = mt.getreply(conn)
		if r == SMFIR_SKIP then
			return i
		end
		if r ~= SMFIR_CONTINUE then
			fail("body " .. i .. ": reply " .. tostring(r))
		end
	end
	return n
end

function good()
	local conn = open("192.0.2.20", "mail.hostile.example")
	envelope(conn, "mail.hostile.example", "<a@hostile.example>", "QG", nil)
	message(conn, plain_fields, plain_body)
	accepted(conn)
	mt.disconnect(conn)
end

if case == "chars" then
	local conn = open("192.0.2.20", "mail.hostile.example" .. hostile)
	envelope(conn, "mail.hostile.example" .. hostile,
	    "<\"x;y\"" .. hostile .. "@hostile.example>", "QC", "u" .. hostile)
	headers(conn, {
		{ "From", " <a@hostile.example>" .. hostile },
		{ "Subject", hostile },
		{ "X-8bit", " \195\169\200\0\255" },
		{ "Authentication-Results", " test.example;" .. hostile },
		{ "Authentication-Results", hostile },
		{ "DKIM-Signature", sig .. hostile },
	})
	step("eoh", mt.eoh(conn))
	want_reply(conn, "eoh", SMFIR_CONTINUE)
	body_chunks(conn, "x\0y\r\n.\r\n\255\r\n", 1)
	step("eom", mt.eom(conn))
	accepted(conn)
	mt.disconnect(conn)
elseif case == "headers" then
	local conn = open("192.0.2.20", "mail.hostile.example")
	envelope(conn, "mail.hostile.example", "<a@hostile.example>", "QH", nil)
	for i = 1, 10000 do
		step("header " .. i, mt.header(conn, "X-H" .. i, " v" .. i))
		want_reply(conn, "header " .. i, SMFIR_CONTINUE)
	end
	step("eoh", mt.eoh(conn))
	want_reply(conn, "eoh", SMFIR_CONTINUE)
	body_chunks(conn, plain_body, 1)
	step("eom", mt.eom(conn))
	accepted(conn)
	mt.disconnect(conn)
elseif case == "body" then
	local conn = open("192.0.2.20", "mail.hostile.example")
	envelope(conn, "mail.hostile.example", "<a@hostile.example>", "QB", nil)
	headers(conn, { { "DKIM-Signature", sig },
	    { "From", " <a@hostile.example>" }, { "Subject", " big" } })
	step("eoh", mt.eoh(conn))
	want_reply(conn, "eoh", SMFIR_CONTINUE)
	local line = string.rep("x", 78) .. "\r\n"
	local n = body_chunks(conn, string.rep(line, 819), 800)
	mt.echo("CHUNKS " .. n)
	step("eom", mt.eom(conn))
	accepted(conn)
	mt.disconnect(conn)
elseif case == "cut" then
	local stage = tonumber(n)
	local conn = open("192.0.2.20", "mail.hostile.example")
	local steps = {
		function() step("helo", mt.helo(conn, "mail.hostile.example")) end,
		function() step("mail", mt.mailfrom(conn, "<a@hostile.example>")) end,
		function() step("rcpt", mt.rcptto(conn, "<r@test.example>")) end,
		function() step("header", mt.header(conn, "From", " a")) end,
		function() step("eoh", mt.eoh(conn)) end,
		function() step("body", mt.bodystring(conn, "x\r\n")) end,
		function() step("eom", mt.eom(conn)) end,
	}
	for i = 1, stage - 1 do
		steps[i]()
	end
	mt.disconnect(conn, false)
	good()
else
	good()
end
