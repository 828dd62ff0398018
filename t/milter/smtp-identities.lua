-- smtp-identities.lua - the MAIL FROM path and the AUTH name through the
-- milter: a source route is ignored, SMTPUTF8 among the ESMTP arguments
-- lets a UTF-8 local part and AUTH name be echoed, and without it they
-- are left out with a comment, so the field stays 7-bit.
dofile(srcdir .. "/t/milter/lib.lua")

local jorg = "j\195\182rg" -- UTF-8

-- mail_from - MAIL FROM with ESMTP arguments, AUTH name and one RCPT
function mail_from(conn, from, qid, auth, ...)
	step("macro mail", mt.macro(conn, SMFIC_MAIL, "i", qid,
	    "{auth_authen}", auth))
	step("mailfrom", mt.mailfrom(conn, from, ...))
	want_reply(conn, "mailfrom", SMFIR_CONTINUE)
	step("rcptto", mt.rcptto(conn, "<rcpt@test.example>"))
	want_reply(conn, "rcptto", SMFIR_CONTINUE)
end

conn = open("192.0.2.10", "mail.sender.example")
step("helo", mt.helo(conn, "mail.sender.example"))
want_reply(conn, "helo", SMFIR_CONTINUE)
mail_from(conn, "<@relay.example,@paypal.example:" .. jorg ..
    "@sender.example>", "QIDU", jorg, "BODY=8BITMIME", "SMTPUTF8")
message(conn, plain_fields, plain_body)
want_reply(conn, "eom 1", SMFIR_ACCEPT)
want_header(conn, "test.example; auth=pass smtp.auth=\"" .. jorg ..
    "\"; iprev=pass\n\tpolicy.iprev=192.0.2.10 (mail.sender.example); " ..
    "spf=pass\n\tsmtp.mailfrom=\"" .. jorg .. "@sender.example\"; spf=pass " ..
    "smtp.helo=mail.sender.example;\n\tdkim=none; arc=none " ..
    "smtp.remote-ip=192.0.2.10; dmarc=pass\n\t(p=reject sp=reject " ..
    "dis=none) header.from=sender.example policy.dmarc=reject")

mail_from(conn, "<@relay.example:" .. jorg .. "@sender.example>", "QIDA",
    jorg, "BODY=8BITMIME")
message(conn, plain_fields, plain_body)
want_reply(conn, "eom 2", SMFIR_ACCEPT)
want_header(conn, "test.example; auth=pass\n" ..
    "\t(user name not shown: not a local-part or address); iprev=pass\n" ..
    "\tpolicy.iprev=192.0.2.10 (mail.sender.example); spf=pass\n" ..
    "\tsmtp.mailfrom=sender.example (local-part not shown: 8-bit without SMTPUTF8);\n" ..
    "\tspf=pass smtp.helo=mail.sender.example; dkim=none; arc=none\n" ..
    "\tsmtp.remote-ip=192.0.2.10; dmarc=pass (p=reject sp=reject dis=none)\n" ..
    "\theader.from=sender.example policy.dmarc=reject")
mt.disconnect(conn)
