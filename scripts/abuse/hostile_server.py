"""C: a game server that floods its one client with PLAYER_LOGOUT for names the client
never saw, while the client's own output is stalled (the caller pipes it into `sleep`).
Usage: hostile_server.py PORT SECONDS READY_FILE; prints how many logouts it sent."""
import asyncio
import os
import sys
import time

import wire


async def serve(port, seconds, ready):
    done = asyncio.get_running_loop().create_future()

    async def client(reader, writer):
        sent = 0
        try:
            kind, _ = await wire.read_frame(reader)
            writer.write(wire.login_result(True))
            # Enough ping lines to fill the pipe the client prints into: its output stalls.
            for _ in range(3_000):
                writer.write(wire.ping(wire.now_micros()))
            await writer.drain()
            deadline, last_ping = time.monotonic() + seconds, 0.0
            while time.monotonic() < deadline:
                batch = b"".join(wire.logout("gone%08x" % (sent + n)) for n in range(1_000))
                writer.write(batch)
                sent += 1_000
                if time.monotonic() - last_ping > 0.5:
                    writer.write(wire.ping(wire.now_micros()))
                    last_ping = time.monotonic()
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
            if not done.done():
                done.set_result(sent)

    server = await asyncio.start_server(client, "127.0.0.1", port)
    with open(ready, "w") as flag:
        flag.write("up\n")
    sent = await asyncio.wait_for(done, seconds + 30)
    server.close()
    print(sent, flush=True)


def main():
    asyncio.run(serve(int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]))


if __name__ == "__main__":
    main()
