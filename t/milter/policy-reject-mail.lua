-- policy-reject-mail.lua - with a PolicyRule on SPF (applied at MAIL
-- FROM) a client that fails SPF is refused at MAIL FROM with the rule's
-- reply; the adapter asked for no reply at connect, HELO, each header and
-- end of headers (no rule can act there) but not at MAIL or RCPT.
-- Run with the daemon configured with:
--   PolicyRule reject spf=fail 550 5.7.23 "SPF check failed"
dofile(srcdir .. "/t/milter/lib.lua")

conn = open("192.0.2.20", "unknown.example")
for _, o in ipairs({ { "SMFIP_NR_CONN", SMFIP_NR_CONN },
    { "SMFIP_NR_HELO", SMFIP_NR_HELO }, { "SMFIP_NR_HDR", SMFIP_NR_HDR },
    { "SMFIP_NR_EOH", SMFIP_NR_EOH } }) do
	if not mt.test_option(conn, o[2]) then
		fail(o[1] .. " not negotiated, no rule acts at that stage")
	end
end
for _, o in ipairs({ { "SMFIP_NR_MAIL", SMFIP_NR_MAIL },
    { "SMFIP_NR_RCPT", SMFIP_NR_RCPT }, { "SMFIP_NR_BODY", SMFIP_NR_BODY } }) do
	if mt.test_option(conn, o[2]) then
		fail(o[1] .. " negotiated: the milter may reply there")
	end
end
step("helo", mt.helo(conn, "unknown.example"))
want_reply(conn, "helo", SMFIR_CONTINUE)
step("macro mail", mt.macro(conn, SMFIC_MAIL, "i", "QIDREJ"))
step("mailfrom", mt.mailfrom(conn, "<a@sender.example>"))
want_reply(conn, "mailfrom", SMFIR_REPLYCODE)
mt.disconnect(conn)

-- a client that passes SPF goes on to a message as usual
conn = open("192.0.2.10", "mail.sender.example")
envelope(conn, "mail.sender.example", "<a@sender.example>", "QIDOK", nil)
message(conn, plain_fields, plain_body)
want_reply(conn, "eom", SMFIR_ACCEPT)
mt.disconnect(conn)
