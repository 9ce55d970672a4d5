#!/usr/bin/env python3
"""Browser players for benchmarks: N WebSocket clients on `mousy serve --web-port`, each
logging in, bouncing every ping, and moving at --rate per second (none with --idle).
Prints one JSON line: logins, bytes and frames received per client per second, and the
round trips the server measured for these players (Ping.rtt_us), p50/p99/max in ms.
Needs Python's `websockets` (pip install websockets)."""
import argparse, asyncio, json, random, time
import websockets

KINDS = ["PLAYER_LOGIN", "MOUSE_EVENT", "PING_EVENT", "LOGIN_RESULT", "PLAYER_CURSOR", "PLAYER_LOGOUT"]


async def player(args, index, stats, start):
    url = f"ws://{args.host}:{args.port}/ws"
    async with websockets.connect(url, origin=f"http://{args.host}:{args.port}", max_queue=None) as ws:
        await ws.send(json.dumps({"kind": "PlayerLogin", "msg": {
            "username": f"{args.prefix}{index}", "password": args.password, "understands": KINDS}}))
        first = json.loads(await ws.recv())
        if not first["msg"].get("ok"):
            return
        stats["logins"] += 1

        async def mover():
            x, y = random.randrange(800), random.randrange(600)
            while True:
                await asyncio.sleep(1 / args.rate)
                x, y = (x + random.randint(-5, 5)) % 800, (y + random.randint(-5, 5)) % 600
                await ws.send(json.dumps({"kind": "MouseMove", "msg": {"x": x, "y": y}}))

        task = None if args.idle else asyncio.create_task(mover())
        try:
            async for text in ws:
                now = time.monotonic()
                if now - start > args.warmup:
                    stats["bytes"] += len(text.encode()) + 2  # + the frame's 2-byte header
                    stats["frames"] += 1
                frame = json.loads(text)
                if frame["kind"] == "Ping":
                    msg = frame["msg"]
                    await ws.send(json.dumps({"kind": "Ping", "msg": {**msg, "bounceEpoch": str(int(time.time() * 1e6))}}))
                    if msg.get("rttUs") and now - start > args.warmup:
                        stats["rtts"].append(msg["rttUs"] / 1000)
        finally:
            if task:
                task.cancel()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--password", default="welcome")
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--rate", type=float, default=10)
    parser.add_argument("--idle", action="store_true")
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--prefix", default="web")
    args = parser.parse_args()
    stats = {"logins": 0, "bytes": 0, "frames": 0, "rtts": []}
    start = time.monotonic()
    tasks = [asyncio.create_task(player(args, i, stats, start)) for i in range(args.clients)]
    await asyncio.sleep(args.duration)
    for task in tasks:
        task.cancel()
    seconds = args.duration - args.warmup
    rtts = sorted(stats["rtts"]) or [0]
    pick = lambda q: rtts[min(len(rtts) - 1, int(q * len(rtts)))]
    print(json.dumps({
        "clients": args.clients, "logins": stats["logins"],
        "bytes_per_client_per_s": round(stats["bytes"] / max(1, stats["logins"]) / seconds, 1),
        "frames_per_client_per_s": round(stats["frames"] / max(1, stats["logins"]) / seconds, 2),
        "rtt_ms_p50": round(pick(0.5), 2), "rtt_ms_p99": round(pick(0.99), 2), "rtt_ms_max": round(rtts[-1], 2),
    }))


asyncio.run(main())
