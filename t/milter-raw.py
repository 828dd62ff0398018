#!/usr/bin/python3
# milter-raw.py - one message through a milter in the raw protocol, for
# what miltertest cannot send: fields of any size, NUL octets inside
# strings. Standard library only.
#   milter-raw.py PORT <SPEC
# SPEC, on stdin, is a JSON object: {"helo": "...", "from": "...", "headers":
# [[name, value], ...], "body": "..."}; strings are latin-1, so any octet
# goes through as is. Optional: "ip" (the client address), "pause"
# ({"connect": S, "helo": S, "mail": S, "rcpt": S, "eoh": S}: seconds to
# wait after that step, as a slow client would), "chunks" and
# "chunk_pause" (the body in that many pieces with pauses between),
# "hangup" (a step after which the client just goes away). Prints each
# reply ("REPLY c"), the inserted Authentication-Results as AR<<value>>AR
# (any other inserted field as INS<<name:value>>INS), and DROPPED
# when the milter closes the connection.
import json
import socket
import struct
import sys
import time


def send(s, cmd, data=b""):
    s.sendall(struct.pack("!I", len(data) + 1) + cmd + data)


def recv_exact(s, n):
    out = b""
    while len(out) < n:
        chunk = s.recv(n - len(out))
        if not chunk:
            raise EOFError
        out += chunk
    return out


def reply(s):
    n = struct.unpack("!I", recv_exact(s, 4))[0]
    data = recv_exact(s, n)
    return data[:1], data[1:]


def z(text):
    return text.encode("latin-1") + b"\0"


def until_final(s):
    """Replies up to the final one of end of message; prints them."""
    while True:
        cmd, data = reply(s)
        if cmd == b"i":
            name, value = data[4:].split(b"\0")[:2]
            if name.lower() == b"authentication-results":
                print("AR<<" + value.decode("latin-1").lstrip(" ") + ">>AR")
            else:
                print("INS<<%s:%s>>INS" % (name.decode("latin-1"),
                                         value.decode("latin-1")))
        elif cmd in (b"m", b"h", b"p"):
            continue
        else:
            if cmd == b"y":  # the reply text comes before the verdict
                print("TEXT " + data.rstrip(b"\0").decode("latin-1"))
            print("REPLY " + cmd.decode())
            return


def main():
    port, spec = int(sys.argv[1]), json.load(sys.stdin)
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    # version 6, every action, steps as sendmail offers (SKIP, no NR)
    send(s, b"O", struct.pack("!III", 6, 0x1FF, 0x400))
    cmd, data = reply(s)
    proto = struct.unpack("!III", data[:12])[2]
    send(s, b"D", b"C" + z("j") + z("mx.test.example"))
    ip = spec.get("ip", "192.0.2.20")
    send(s, b"C", z("mail.hostile.example") + (b"6" if ":" in ip else b"4") +
         struct.pack("!H", 25) + z(ip))
    steps = [(0x02, b"H", z(spec.get("helo", "mail.hostile.example")), "helo"),
             (0x04, b"M", z(spec.get("from", "<a@hostile.example>")), "mail"),
             (0x08, b"R", z("<r@test.example>"), "rcpt")]
    steps += [(0x20, b"L", z(n) + z(v), "header")
              for n, v in spec.get("headers", [])]
    steps.append((0x40, b"N", b"", "eoh"))
    body = spec.get("body", "Hi.\r\n").encode("latin-1")
    n = max(1, int(spec.get("chunks", 1)))
    size = -(-len(body) // n)
    for i in range(n):
        steps.append((0x10, b"B", body[i * size:(i + 1) * size], "body"))
    pause = spec.get("pause", {})
    try:
        print("REPLY " + reply(s)[0].decode())
        time.sleep(pause.get("connect", 0))
        for flag, cmd, data, name in steps:
            if proto & flag:
                continue
            send(s, cmd, data)
            if name == spec.get("hangup"):
                time.sleep(0.2)
                s.close()
                print("HUNG UP")
                return
            r = reply(s)[0].decode()
            if r != "c":
                print("REPLY " + r)
                if r != "s":
                    return
            time.sleep(pause.get(name, 0))
            if name == "body":
                time.sleep(spec.get("chunk_pause", 0))
        send(s, b"E")
        until_final(s)
        send(s, b"Q")
    except (EOFError, ConnectionError, socket.timeout):
        print("DROPPED")


main()
