"""Mousy's wire protocol, as much of it as the abuse harness needs (PROTOCOL.md):
frames of [length][type][protobuf payload], the messages encoded by hand."""
import asyncio
import socket
import time

PLAYER_LOGIN, MOUSE_EVENT, PING_EVENT, LOGIN_RESULT, PLAYER_CURSOR, PLAYER_LOGOUT = 1, 2, 3, 4, 5, 6


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field_bytes(number, data):
    return varint(number << 3 | 2) + varint(len(data)) + data


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def frame(kind, payload):
    if len(payload) > 255:
        raise ValueError("a payload over 255 bytes cannot be framed")
    return bytes([len(payload), kind]) + payload


def login(username, password):
    return frame(PLAYER_LOGIN, field_bytes(1, username.encode()) + field_bytes(2, password.encode()))


def logout(username, reason=""):
    return frame(PLAYER_LOGOUT, field_bytes(1, username.encode()) + field_bytes(2, reason.encode()))


def ping(sent_micros):
    return frame(PING_EVENT, field_varint(1, sent_micros))


def login_result(ok, reason="", ping_interval_ms=1000):
    payload = field_varint(1, 1) if ok else b""
    if reason:
        payload += field_bytes(2, reason.encode())
    return frame(LOGIN_RESULT, payload + field_varint(3, ping_interval_ms))


def fields(payload):
    """The fields of a protobuf payload: {number: value} (bytes or int), last one wins."""
    out, i = {}, 0
    while i < len(payload):
        key, i = read_varint(payload, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            out[number], i = read_varint(payload, i)
        elif wire == 2:
            length, i = read_varint(payload, i)
            out[number], i = payload[i:i + length], i + length
        else:
            raise ValueError("unexpected wire type %d" % wire)
    return out


def read_varint(data, i):
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, i


async def read_frame(reader):
    head = await reader.readexactly(2)
    return head[1], await reader.readexactly(head[0])


async def try_login(port, username, password, source="127.0.0.1", hold=False, timeout=5.0):
    """Logs in from `source`: (ok, reason), and the open connection when `hold` and ok.
    A close before any answer is (False, "closed")."""
    writer = None
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0)), timeout)
        writer.write(login(username, password))
        await writer.drain()
        while True:
            kind, payload = await asyncio.wait_for(read_frame(reader), timeout)
            if kind == LOGIN_RESULT:
                result = fields(payload)
                ok = bool(result.get(1, 0))
                reason = result.get(2, b"").decode(errors="replace")
                if ok and hold:
                    return ok, reason, (reader, writer)
                return ok, reason, None
            if kind == PING_EVENT:
                return True, "", ((reader, writer) if hold else None)
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.TimeoutError, OSError) as error:
        return False, "closed" if isinstance(error, (asyncio.IncompleteReadError, ConnectionError)) else str(error) or "timeout", None
    finally:
        if writer is not None and not hold:
            writer.close()


def rss_mb(pid):
    """The resident set of process `pid` in MB, or None when it is gone."""
    try:
        with open("/proc/%d/status" % pid) as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as stat:
            return stat.read().split()[2] != "Z"
    except OSError:
        return False


def now_micros():
    return int(time.time() * 1_000_000)


def address(prefix, index):
    """The `index`th address under `prefix` (the first two octets, e.g. "127.10")."""
    return "%s.%d.%d" % (prefix, index // 250 % 250, index % 250 + 1)


def port_open(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def count_lines(path):
    try:
        with open(path, "rb") as log:
            return sum(1 for _ in log)
    except OSError:
        return 0


class Probe:
    """Figures of one attack on process `pid` (its log at `log`): RSS and log lines
    before, and at `line` after, with the verdict."""

    def __init__(self, pid, log=None):
        self.pid, self.log = pid, log
        self.rss_before = rss_mb(pid) or 0
        self.lines_before = count_lines(log) if log else 0

    def line(self, tag, held, detail):
        rss_after = rss_mb(self.pid)
        up = alive(self.pid)
        lines = count_lines(self.log) - self.lines_before if self.log else 0
        verdict = "held" if held and up else "broken"
        rss = "%.0f->%.0f MB" % (self.rss_before, rss_after or 0)
        print("%-30s %-6s rss %s, alive %s, %d lines logged; %s" % (tag, verdict, rss, "yes" if up else "NO", lines, detail),
              flush=True)
