-- lib.lua - helpers for the miltertest scripts: every milter call is
-- checked and a failure says which step failed and why (miltertest
-- itself prints nothing when a script raises). Globals from -D: sock.

function fail(msg)
	mt.echo("FAIL: " .. msg)
	error(msg)
end

-- step - run one miltertest call, fail with its name when it errs
function step(name, r)
	if r ~= nil then
		fail(name .. ": " .. tostring(r))
	end
end

-- want_reply - the milter's last reply must be want
function want_reply(conn, name, want)
	local got = mt.getreply(conn)
	if got ~= want then
		fail(name .. ": reply " .. tostring(got) .. ", want " ..
		    tostring(want))
	end
end

-- open - connect, announce MTA name j and the client
function open(ip, host)
	local conn = mt.connect(sock, 40, 0.25)
	if conn == nil then
		fail("connect to " .. tostring(sock))
	end
	step("macro j", mt.macro(conn, SMFIC_CONNECT, "j", "mx.test.example"))
	step("conninfo", mt.conninfo(conn, host, ip))
	want_reply(conn, "conninfo", SMFIR_CONTINUE)
	return conn
end

-- envelope - HELO (if given), MAIL FROM with macros, one RCPT
function envelope(conn, helo, from, qid, auth)
	if helo ~= nil then
		step("helo", mt.helo(conn, helo))
		want_reply(conn, "helo", SMFIR_CONTINUE)
	end
	if auth ~= nil then
		step("macro mail", mt.macro(conn, SMFIC_MAIL, "i", qid,
		    "{auth_authen}", auth))
	else
		step("macro mail", mt.macro(conn, SMFIC_MAIL, "i", qid))
	end
	step("mailfrom", mt.mailfrom(conn, from))
	want_reply(conn, "mailfrom", SMFIR_CONTINUE)
	step("rcptto", mt.rcptto(conn, "<rcpt@test.example>"))
	want_reply(conn, "rcptto", SMFIR_CONTINUE)
end

-- message - header fields (list of {name, value}), a body, end of message
function message(conn, fields, body)
	for i, f in ipairs(fields) do
		step("header " .. f[1], mt.header(conn, f[1], f[2]))
		want_reply(conn, "header " .. f[1], SMFIR_CONTINUE)
	end
	step("eoh", mt.eoh(conn))
	want_reply(conn, "eoh", SMFIR_CONTINUE)
	step("body", mt.bodystring(conn, body))
	local r = mt.getreply(conn)
	if r ~= SMFIR_CONTINUE and r ~= SMFIR_SKIP then
		fail("body: reply " .. tostring(r))
	end
	step("eom", mt.eom(conn))
end

-- want_header - the inserted Authentication-Results must be exactly want
function want_header(conn, want)
	local got = mt.getheader(conn, "Authentication-Results", 0)
	if got ~= want then
		fail("inserted field\n  got:  [" .. tostring(got) ..
		    "]\n  want: [" .. want .. "]")
	end
	if not mt.eom_check(conn, MT_HDRINSERT, "Authentication-Results",
	    want, 0) then
		fail("the field was not inserted at index 0")
	end
end

-- plain - a small unsigned message
plain_fields = {
	{ "From", " <a@sender.example>" },
	{ "To", " <rcpt@test.example>" },
	{ "Subject", " test" },
}
plain_body = "Hello.\r\n"
