#!/usr/bin/env python3
"""A raw protocol peer for scripts/compat.sh and scripts/chat-flood.sh, written from
PROTOCOL.md alone (no Swift, no generated code), standard library only.

  rawpeer.py chat HOST PORT NAME --lines-per-s R --seconds S
      logs in listing types 1-7, bounces pings, sends R chat lines a second for S
      seconds (R = 0: none), and prints one JSON line: what it sent and received.
  rawpeer.py original-server PORT --seconds S
      serves like the original Go server: reads PLAYER_LOGIN, closes on a bad password,
      otherwise pings every second and never sends LOGIN_RESULT or anything beyond type
      3; counts what each client sends and prints one JSON line when S seconds are over.
"""
import argparse, json, selectors, socket, sys, time

def varint(n):
    out = bytearray()
    n &= (1 << 64) - 1
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)

def field_bytes(number, data):
    return varint(number << 3 | 2) + varint(len(data)) + data

def field_varint(number, value):
    return varint(number << 3) + varint(value)

def frame(mtype, payload):
    assert len(payload) <= 255, len(payload)
    return bytes([len(payload), mtype]) + payload

def parse(payload):
    """Flat message fields: {number: [values]} (ints for varints, bytes otherwise)."""
    fields, i = {}, 0
    def read_varint():
        nonlocal i
        value, shift = 0, 0
        while True:
            b = payload[i]; i += 1
            value |= (b & 0x7F) << shift
            if b < 0x80: return value
            shift += 7
    while i < len(payload):
        tag = read_varint(); number, wire = tag >> 3, tag & 7
        if wire == 0: value = read_varint()
        elif wire == 2:
            n = read_varint(); value = payload[i:i + n]; i += n
        elif wire == 1: value = payload[i:i + 8]; i += 8
        elif wire == 5: value = payload[i:i + 4]; i += 4
        else: raise ValueError("wire type %d" % wire)
        fields.setdefault(number, []).append(value)
    return fields

def now_us():
    return int(time.time() * 1_000_000)

class Frames:
    def __init__(self):
        self.buffer = b""
    def feed(self, data):
        self.buffer += data
        out = []
        while len(self.buffer) >= 2 and len(self.buffer) >= 2 + self.buffer[0]:
            n, t = self.buffer[0], self.buffer[1]
            out.append((t, self.buffer[2:2 + n]))
            self.buffer = self.buffer[2 + n:]
        return out

def chat(args):
    sock = socket.create_connection((args.host, args.port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    login = field_bytes(1, args.name.encode()) + field_bytes(2, args.password.encode()) \
        + field_bytes(4, bytes(range(1, 8)))
    sock.sendall(frame(1, login))
    sock.setblocking(False)
    frames, counts, closed = Frames(), {}, False
    sent = refused_sends = 0
    chats_from_others = notices = 0
    pending = b""
    start = time.monotonic()
    interval = 1.0 / args.lines_per_s if args.lines_per_s > 0 else None
    next_line = start
    end = start + args.seconds
    while time.monotonic() < end and not closed:
        now = time.monotonic()
        if interval is not None:
            # Lines due by now, in one write (at 10,000/s the loop cannot wake per line).
            while next_line <= now and len(pending) < 1 << 20:
                pending += frame(7, field_bytes(2, b"flood line %d" % sent))
                sent += 1
                next_line += interval
        if pending:
            try:
                n = sock.send(pending)
                pending = pending[n:]
            except BlockingIOError:
                refused_sends += 1
        try:
            data = sock.recv(65536)
            if not data:
                closed = True
                break
            for t, payload in frames.feed(data):
                counts[t] = counts.get(t, 0) + 1
                if t == 3:
                    f = parse(payload)
                    bounce = field_varint(1, f.get(1, [0])[0]) + field_varint(2, now_us())
                    pending += frame(3, bounce)
                elif t == 7:
                    f = parse(payload)
                    if f.get(1, [b""])[0] in (b"", None): notices += 1
                    elif f[1][0] != args.name.encode(): chats_from_others += 1
        except BlockingIOError:
            time.sleep(0.0005 if interval and interval < 0.001 else 0.005)
    print(json.dumps({"peer": args.name, "lines_sent": sent, "closed": closed,
                      "received_by_type": {str(k): v for k, v in sorted(counts.items())},
                      "chats_from_others": chats_from_others, "notices": notices}))
    sock.close()

def original_server(args):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen()
    listener.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ)
    clients = {}
    end = time.monotonic() + args.seconds
    next_ping = time.monotonic() + 1
    print(json.dumps({"listening": args.port}), flush=True)
    while time.monotonic() < end:
        for key, _ in sel.select(timeout=0.05):
            if key.fileobj is listener:
                conn, _ = listener.accept()
                conn.setblocking(False)
                sel.register(conn, selectors.EVENT_READ)
                clients[conn] = {"frames": Frames(), "name": None, "by_type": {}, "closed_by_client": False}
                continue
            conn, state = key.fileobj, clients[key.fileobj]
            try:
                data = conn.recv(65536)
            except ConnectionError:
                data = b""
            if not data:
                state["closed_by_client"] = True
                sel.unregister(conn); conn.close()
                continue
            for t, payload in state["frames"].feed(data):
                state["by_type"][t] = state["by_type"].get(t, 0) + 1
                if state["name"] is None:
                    f = parse(payload) if t == 1 else {}
                    if t != 1 or f.get(2, [b""])[0] != args.password.encode():
                        sel.unregister(conn); conn.close()  # the original's way of saying no
                        state["closed_by_client"] = None
                        break
                    state["name"] = f.get(1, [b"?"])[0].decode("utf-8", "replace")
        if time.monotonic() >= next_ping:
            next_ping += 1
            for conn, state in clients.items():
                if state["name"] is not None and conn.fileno() >= 0:
                    try:
                        conn.send(frame(3, field_varint(1, now_us())))
                    except OSError:
                        pass
    report = []
    for conn, state in clients.items():
        by_type = state["by_type"]
        report.append({"name": state["name"], "by_type": {str(k): v for k, v in sorted(by_type.items())},
                       "beyond_1_3_6": sum(v for k, v in by_type.items() if k not in (1, 2, 3, 6)),
                       "closed_by_client": state["closed_by_client"]})
    print(json.dumps({"clients": report}), flush=True)

def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="mode", required=True)
    c = sub.add_parser("chat")
    c.add_argument("host"); c.add_argument("port", type=int); c.add_argument("name")
    c.add_argument("--password", default="welcome")
    c.add_argument("--lines-per-s", type=float, default=1)
    c.add_argument("--seconds", type=float, default=5)
    o = sub.add_parser("original-server")
    o.add_argument("port", type=int)
    o.add_argument("--password", default="welcome")
    o.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    chat(args) if args.mode == "chat" else original_server(args)

if __name__ == "__main__":
    main()
