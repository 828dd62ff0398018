-- internal-host.lua - a client in InternalHosts (loopback by default) is
-- not checked: its message gets "authserv-id; none", and a forged field
-- is still removed.
dofile(srcdir .. "/t/milter/lib.lua")

conn = open("127.0.0.1", "localhost")
envelope(conn, "localhost", "<a@sender.example>", "QIDI", nil)
fields = { { "Authentication-Results", " test.example; spf=pass" } }
for i, f in ipairs(plain_fields) do
	table.insert(fields, f)
end
message(conn, fields, plain_body)
want_reply(conn, "eom", SMFIR_ACCEPT)
want_header(conn, "test.example; none")
if not mt.eom_check(conn, MT_HDRCHANGE, "Authentication-Results", "") then
	fail("the forged field was not deleted")
end
mt.disconnect(conn)
