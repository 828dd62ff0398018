-- ar-forged-removed.lua - Authentication-Results fields that arrive with
-- our authserv-id are forged and deleted before ours is inserted, even
-- when they do not parse (fail closed) or carry only spf; fields of other
-- authserv-ids stay. Ids are read as the most lenient consumer reads them
-- (pieces joined across spaces, quotes, VT). Run with -D case=unparseable|
-- spf-only|two-of-four|spaced-id|quoted-piece|vt-before|lookalike-kept.
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
	["spaced-id"] = {
		{ "Authentication-Results", " test . example; dkim=pass" },
	},
	["quoted-piece"] = {
		{ "Authentication-Results", " test.\"example\"; dkim=pass" },
	},
	["vt-before"] = {
		{ "Authentication-Results", " \vtest.example; dkim=pass" },
	},
	["lookalike-kept"] = {
		{ "Authentication-Results", " test.example.evil; dkim=pass" },
		{ "Authentication-Results", " test . example . evil; dkim=pass" },
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
changed = mt.eom_check(conn, MT_HDRCHANGE, "Authentication-Results", "")
if case == "lookalike-kept" then
	if changed then
		fail("a field of another authserv-id was deleted")
	end
elseif not changed then
	fail("no forged field was deleted")
end
want_header(conn, "test.example; iprev=pass policy.iprev=192.0.2.10\n" ..
    "\t(mail.sender.example); spf=pass smtp.mailfrom=a@sender.example; spf=pass\n" ..
    "\tsmtp.helo=mail.sender.example; dkim=none; arc=none smtp.remote-ip=192.0.2.10;\n" ..
    "\tdmarc=pass (p=reject sp=reject dis=none) header.from=sender.example\n" ..
    "\tpolicy.dmarc=reject")
mt.disconnect(conn)
