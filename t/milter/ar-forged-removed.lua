-- ar-forged-removed.lua - Authentication-Results fields that arrive with
-- our authserv-id are forged and deleted before ours is inserted, even
-- when they do not parse (fail closed) or carry only spf; fields of other
-- authserv-ids stay. Run with -D case=unparseable|spf-only|two-of-four.
dofile(srcdir .. "/t/milter/lib.lua")

cases = {
	["unparseable"] = {
		{ "Authentication-Results", " test.example; ((( this is not" },
	},
	["spf-only"] = {
		{ "Authentication-Results",
		    " test.example; spf=pass smtp.mailfrom=a@sender.example" },
	},
	["two-of-four"] = {
		{ "Authentication-Results", " other.example; spf=fail" },
		{ "Authentication-Results", " test.example; dkim=pass" },
		{ "Authentication-Results", " relay.example; iprev=pass" },
		{ "Authentication-Results", " TEST.EXAMPLE; auth=pass" },
	},
}
forged = { ["unparseable"] = 1, ["spf-only"] = 1, ["two-of-four"] = 2 }
fields = cases[case]
if fields == nil then
	fail("unknown case " .. tostring(case))
end
for i, f in ipairs(plain_fields) do
	table.insert(fields, f)
end

conn = open("192.0.2.10", "mail.sender.example")
envelope(conn, "mail.sender.example", "<a@sender.example>", "QID2", nil)
message(conn, fields, plain_body)
want_reply(conn, "eom", SMFIR_ACCEPT)
if not mt.eom_check(conn, MT_HDRCHANGE, "Authentication-Results", "") then
	fail("no forged field was deleted")
end
want_header(conn, "test.example; iprev=pass policy.iprev=192.0.2.10\n" ..
    "\t(mail.sender.example); spf=pass smtp.mailfrom=a@sender.example; spf=pass\n" ..
    "\tsmtp.helo=mail.sender.example; dkim=none")
mt.disconnect(conn)
