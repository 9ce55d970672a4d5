"""Attacks on the /metrics port of `mousy serve` (issue 25: E and F).
Usage: http.py ATTACK METRICS_PORT GAME_PORT PID LOG"""
import asyncio
import os
import resource
import socket
import sys
import time

import wire

REQUEST = b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


async def idle_flood(port, game_port, probe, count=20_000, hold=10):
    """E: `count` idle connections held for `hold` s; meanwhile a game login must work."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY:
        count = min(count, hard - 1_000)  # descriptors of our own left over
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    sockets, failed, before_fds = [], 0, descriptors(probe.pid)
    for index in range(count):
        s = socket.socket()
        s.setblocking(False)
        try:
            s.bind((wire.address("127.50", index % 1000), 0))
            s.connect_ex(("127.0.0.1", port))
            sockets.append(s)
        except OSError:
            failed += 1
            s.close()
    await asyncio.sleep(1)
    ok, reason, _ = await wire.try_login(game_port, "during-e-tcp", "welcome", source="127.51.0.1")
    await asyncio.sleep(hold - 1)
    # The server's descriptors are what the flood took: count its sockets while it lasts.
    held_fds = descriptors(probe.pid)
    still_open = sum(1 for s in sockets if still_connected(s))
    for s in sockets:
        s.close()
    probe.line("E metrics idle connections", ok and held_fds - before_fds <= 100,
               "%d opened (%d failed locally); after %d s the server holds %d descriptors (%d before), %d look open here;"
               " a game login meanwhile: %s"
               % (len(sockets), failed, hold, held_fds, before_fds, still_open, "ok" if ok else "refused (%s)" % reason))


def descriptors(pid):
    try:
        return len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        return -1


def still_connected(s):
    """True unless the server has closed `s` (an EOF or a reset is waiting)."""
    try:
        return s.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


async def pipelined(port, probe, connections=50, requests=5_000, hold=10):
    """F: pipelined GET /metrics that are never read."""
    writers = []
    for index in range(connections):
        _, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(wire.address("127.52", index), 0))
        writer.transport.set_write_buffer_limits(high=1 << 30)
        writer.write(REQUEST * requests)
        writers.append(writer)
    await asyncio.sleep(hold)
    peak = wire.rss_mb(probe.pid) or 0
    for writer in writers:
        writer.transport.abort()
    grew = peak - probe.rss_before
    probe.line("F pipelined, never read", grew < 50,
               "%d connections x %d requests unread for %d s: +%.0f MB" % (connections, requests, hold, grew))


async def answer(port, payload, wait=3.0):
    """Sends `payload` and reads until the server closes or `wait` passes: (bytes, closed)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=("127.53.0.1", 0))
    writer.write(payload)
    received, closed, deadline = b"", False, time.monotonic() + wait
    try:
        while time.monotonic() < deadline:
            chunk = await asyncio.wait_for(reader.read(65536), deadline - time.monotonic())
            if not chunk:
                closed = True
                break
            received += chunk
    except (asyncio.TimeoutError, ConnectionError):
        pass
    writer.close()
    return received, closed


async def malformed(port, probe):
    """F: a malformed request gets 400 and is closed; HTTP/0.9 is closed."""
    bad, bad_closed = await answer(port, b"GET /metrics HTTP/1.1\r\nHost 127.0.0.1\r\n\x01\r\n\r\n")
    old, old_closed = await answer(port, b"GET /metrics\r\n")
    status = bad.split(b"\r\n", 1)[0].decode(errors="replace") or "nothing"
    probe.line("F malformed and HTTP/0.9", bad.startswith(b"HTTP/1.1 400") and bad_closed and old_closed,
               "malformed: %s, %s within 3 s; HTTP/0.9: %s within 3 s"
               % (status, "closed" if bad_closed else "left open", "closed" if old_closed else "left open"))


def main():
    attack, port, game_port, pid, log = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    probe = wire.Probe(pid, log)
    if attack == "idle":
        asyncio.run(idle_flood(port, game_port, probe))
    elif attack == "pipelined":
        asyncio.run(pipelined(port, probe))
    else:
        asyncio.run(malformed(port, probe))


if __name__ == "__main__":
    main()
