"""A server that costs nothing: every request gets the same canned answer.

    python -m tests.bench.nullserver --size 139000     # prints its port, serves until killed

The benchmark points wrk at it to show what the load generator can do by itself.
"""

import argparse
import asyncio


class Canned(asyncio.Protocol):
    answer = b""

    def connection_made(self, transport):
        self.transport = transport
        self.pending = b""

    def data_received(self, data):
        self.pending += data
        requests = self.pending.count(b"\r\n\r\n")
        if requests:
            self.pending = self.pending[self.pending.rindex(b"\r\n\r\n") + 4 :]
            self.transport.write(self.answer * requests)


async def serve(size):
    body = b"x" * size
    Canned.answer = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    server = await asyncio.get_running_loop().create_server(Canned, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    asyncio.run(serve(parser.parse_args().size))


if __name__ == "__main__":
    main()
