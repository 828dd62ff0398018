-- dkim-hostile.lua - hostile DKIM-Signature fields through the daemon: a
-- 300-octet s= and a d= that is no domain name. The message is accepted,
-- not deferred; the inserted field says why each is a syntax error and
-- echoes neither value. (Debian's miltertest overflows its stack on a
-- header field or an inserted field of more than about 1 KB, so the
-- longer cases are in t/dkim-hostile.sh, through authcheck.)
dofile(srcdir .. "/t/milter/lib.lua")

local function has(s, what)
	return string.find(s, what, 1, true) ~= nil
end

conn = open("192.0.2.10", "mail.sender.example")
envelope(conn, "mail.sender.example", "<a@sender.example>", "QID9", nil)
local fields = {
	{ "DKIM-Signature", " v=1; a=rsa-sha256; d=sender.example; s=" ..
	    string.rep("s", 300) .. "; h=from; bh=AAAA; b=QUJD" },
	{ "DKIM-Signature", " v=1; a=rsa-sha256; " ..
	    "d=legitimate.example(.attacker.example; s=sel; h=from; " ..
	    "bh=AAAA; b=QUJE" },
}
for _, f in ipairs(plain_fields) do
	table.insert(fields, f)
end
message(conn, fields, plain_body)
want_reply(conn, "eom", SMFIR_ACCEPT)
local got = mt.getheader(conn, "Authentication-Results", 0)
if got == nil then
	fail("no Authentication-Results field inserted")
end
local flat = string.gsub(got, "\n\t", " ")
for _, w in ipairs({
    'dkim=neutral reason="signature syntax error: s= is not a selector"',
    'dkim=neutral reason="signature syntax error: d= is not a domain name"' }) do
	if not has(flat, w) then
		fail("field lacks [" .. w .. "]: [" .. got .. "]")
	end
end
if has(flat, "legitimate") or has(flat, "sssssssss") then
	fail("an odd value was echoed: [" .. got .. "]")
end
mt.disconnect(conn)
