#!/usr/bin/python3
# dns-delay.py - a UDP DNS forwarder that holds every query for a set
# delay before passing it on, so a server on loopback behaves like one a
# round trip away (for kernels without sch_netem). Python stdlib only.
#
#   /usr/bin/python3 bench/dns-delay.py LISTEN-PORT UPSTREAM-PORT DELAY-MS [-l]
# listens on 127.0.0.1:LISTEN-PORT, forwards to 127.0.0.1:UPSTREAM-PORT
# after DELAY-MS; answers go back at once. -l prints each query's arrival
# (ms since start), type and name, to see when a milter asks what. UDP only: answers that need TCP
# are passed on truncated and the client's TCP retry is refused.
import asyncio
import sys
import time


class Proxy(asyncio.DatagramProtocol):
    def __init__(self, upstream, delay, log):
        self.upstream, self.delay, self.log = upstream, delay, log
        self.t0 = time.monotonic()
        self.pending = {}  # our query id -> (client address, its id)
        self.next_id = 0

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        if len(data) < 12:
            return
        if addr == self.upstream:
            back = self.pending.pop(data[:2], None)
            if back is not None:
                self.transport.sendto(back[1] + data[2:], back[0])
            return
        if self.log:
            self.show(data)
        self.next_id = (self.next_id + 1) & 0xFFFF
        qid = self.next_id.to_bytes(2, "big")
        self.pending[qid] = (addr, data[:2])
        asyncio.get_running_loop().call_later(
            self.delay, self.transport.sendto, qid + data[2:], self.upstream)

    def show(self, data):
        labels, i = [], 12
        while i < len(data) and data[i] != 0:
            labels.append(data[i + 1:i + 1 + data[i]].decode("ascii", "replace"))
            i += 1 + data[i]
        qtype = int.from_bytes(data[i + 1:i + 3], "big")
        print("%10.3f %-5d %s" % ((time.monotonic() - self.t0) * 1000, qtype,
                                  ".".join(labels)), flush=True)


async def main():
    port, up, delay = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    loop = asyncio.get_running_loop()
    await loop.create_datagram_endpoint(
        lambda: Proxy(("127.0.0.1", up), delay / 1000.0, "-l" in sys.argv),
        local_addr=("127.0.0.1", port))
    print("dns-delay: 127.0.0.1:%d -> :%d after %g ms" % (port, up, delay),
          flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
