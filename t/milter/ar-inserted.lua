-- ar-inserted.lua - a message from a client with good rDNS and SPF gets
-- exactly one Authentication-Results field, at the top, with iprev, SPF
-- for MAIL FROM and HELO, dkim=none and dmarc=pass (SPF aligned, p=reject);
-- the adapter asked for body
-- skipping (SMFIP_SKIP) and not for SMFIP_HDR_LEADSPC, and, with no
-- PolicyRule, for no reply at every stage before end of message but the
-- body (whose reply may be SKIP).
dofile(srcdir .. "/t/milter/lib.lua")

conn = open("192.0.2.10", "mail.sender.example")
if mt.test_option(conn, SMFIP_HDR_LEADSPC) then
	fail("SMFIP_HDR_LEADSPC negotiated: Postfix then ignores our deletes")
end
if not mt.test_option(conn, SMFIP_SKIP) then
	fail("SMFIP_SKIP not negotiated")
end
for _, o in ipairs({ { "SMFIP_NR_CONN", SMFIP_NR_CONN },
    { "SMFIP_NR_HELO", SMFIP_NR_HELO }, { "SMFIP_NR_MAIL", SMFIP_NR_MAIL },
    { "SMFIP_NR_RCPT", SMFIP_NR_RCPT }, { "SMFIP_NR_HDR", SMFIP_NR_HDR },
    { "SMFIP_NR_EOH", SMFIP_NR_EOH } }) do
	if not mt.test_option(conn, o[2]) then
		fail(o[1] .. " not negotiated, no PolicyRule can act there")
	end
end
if mt.test_option(conn, SMFIP_NR_BODY) then
	fail("SMFIP_NR_BODY negotiated: the body reply may be SKIP")
end
envelope(conn, "mail.sender.example", "<a@sender.example>", "QID1", nil)
message(conn, plain_fields, plain_body)
want_reply(conn, "eom", SMFIR_ACCEPT)
want_header(conn, "test.example; iprev=pass policy.iprev=192.0.2.10\n" ..
    "\t(mail.sender.example); spf=pass smtp.mailfrom=a@sender.example; spf=pass\n" ..
    "\tsmtp.helo=mail.sender.example; dkim=none; arc=none smtp.remote-ip=192.0.2.10;\n" ..
    "\tdmarc=pass (p=reject sp=reject dis=none) header.from=sender.example\n" ..
    "\tpolicy.dmarc=reject")
if mt.eom_check(conn, MT_HDRCHANGE) or mt.eom_check(conn, MT_HDRDELETE) then
	fail("a field was changed or deleted, none was forged")
end
mt.disconnect(conn)
