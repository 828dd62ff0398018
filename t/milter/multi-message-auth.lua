-- multi-message-auth.lua - one connection, three messages: SMTP AUTH
-- ({auth_authen} at MAIL) gives auth=pass for that message only; an
-- aborted message leaves nothing behind; macros that are sticky in
-- libmilter do not leak into the next message.
dofile(srcdir .. "/t/milter/lib.lua")

conn = open("192.0.2.10", "mail.sender.example")
envelope(conn, "mail.sender.example", "<a@sender.example>", "QIDA", "alice")
message(conn, plain_fields, plain_body)
want_reply(conn, "eom 1", SMFIR_ACCEPT)
want_header(conn, "test.example; auth=pass smtp.auth=alice; iprev=pass\n" ..
    "\tpolicy.iprev=192.0.2.10 (mail.sender.example); spf=pass\n" ..
    "\tsmtp.mailfrom=a@sender.example; spf=pass smtp.helo=mail.sender.example;\n" ..
    "\tdkim=none; arc=none smtp.remote-ip=192.0.2.10; dmarc=pass\n" ..
    "\t(p=reject sp=reject dis=none) header.from=sender.example policy.dmarc=reject")

-- message 2 is aborted after its headers (RSET)
envelope(conn, nil, "<b@other.example>", "QIDB", "mallory")
step("header 2", mt.header(conn, "Authentication-Results",
    " test.example; dkim=pass"))
step("abort", mt.abort(conn))

-- message 3: no AUTH this time, so no auth result
envelope(conn, nil, "<a@sender.example>", "QIDC", nil)
message(conn, plain_fields, plain_body)
want_reply(conn, "eom 3", SMFIR_ACCEPT)
want_header(conn, "test.example; iprev=pass policy.iprev=192.0.2.10\n" ..
    "\t(mail.sender.example); spf=pass smtp.mailfrom=a@sender.example; spf=pass\n" ..
    "\tsmtp.helo=mail.sender.example; dkim=none; arc=none smtp.remote-ip=192.0.2.10;\n" ..
    "\tdmarc=pass (p=reject sp=reject dis=none) header.from=sender.example\n" ..
    "\tpolicy.dmarc=reject")
if mt.eom_check(conn, MT_HDRCHANGE) then
	fail("message 3 deleted a field: state of message 2 leaked")
end
mt.disconnect(conn)
