"""Attacks on the game port of `mousy serve` (issue 25: A, G and the throttle's and the
names' weaker items). Usage: game.py ATTACK PORT PID LOG"""
import asyncio
import random
import sys
import time

import wire

PASSWORD = "welcome"


async def throttle_race(port, probe, seconds=20):
    """A: five wrong passwords at once from each of many fresh addresses, for `seconds`."""
    deadline, index, attempts = time.monotonic() + seconds, 0, 0
    while time.monotonic() < deadline and wire.alive(probe.pid):
        batch = []
        for _ in range(40):
            source = wire.address("127.10", index)
            index += 1
            batch += [wire.try_login(port, "guess%d" % n, "wrong", source=source) for n in range(5)]
        await asyncio.gather(*batch)
        attempts += len(batch)
    ok, _, _ = await wire.try_login(port, "after-race", PASSWORD, source="127.11.0.1")
    probe.line("A wrong passwords, many loops", ok,
               "%d wrong logins from %d addresses in %d s; a right login after: %s" % (attempts, index, seconds, "ok" if ok else "refused"))


async def lookalikes(port, probe):
    """G: look-alikes of names already playing are refused; a ligature name is not."""
    originals = {"victim": ["victi\u0307m", "\u1d20\u026a\u1d04\u1d1b\u026a\u1d0d"],
                 "TEAM": ["\u13a2\u13ac\u13aa\u13b7", "\ua4d4\ua4f0\ua4ee\ua4df"],
                 "noon": ["\u0578\u0585\u0585\u0578"]}
    held_open, admitted = [], []
    for original, fakes in originals.items():
        ok, reason, connection = await wire.try_login(port, original, PASSWORD, source="127.30.0.1", hold=True)
        if connection:
            held_open.append(connection)
        for fake in fakes:
            ok, reason, connection = await wire.try_login(port, fake, PASSWORD, source="127.30.0.2", hold=True)
            if ok:
                admitted.append(fake.encode("unicode_escape").decode())
                held_open.append(connection)
    fish, reason, connection = await wire.try_login(port, "\ufb01sh", PASSWORD, source="127.30.0.3", hold=True)
    if connection:
        held_open.append(connection)
    for _, writer in held_open:
        writer.close()
    probe.line("G look-alike names", not admitted and fish,
               "admitted beside the original: %s; \\ufb01sh %s" % (", ".join(admitted) or "none",
                                                                    "admitted" if fish else "refused (%s)" % reason))


async def table_full(port, probe, addresses=70_000):
    """Weak: fill the throttle's address table with one failure each, then fail from a
    fresh address: it must be throttled (fail closed), and a right password still work."""
    started, done, index = time.monotonic(), 0, 0
    semaphore = asyncio.Semaphore(800)

    async def one(source):
        async with semaphore:
            await wire.try_login(port, "filler", "wrong", source=source)

    while index < addresses and time.monotonic() - started < 120:
        batch = [one(wire.address("127.%d" % (20 + (index + n) // 62_500), (index + n) % 62_500)) for n in range(2_000)]
        index += len(batch)
        await asyncio.gather(*batch)
    throttled = 0
    for attempt in range(12):
        ok, reason, _ = await wire.try_login(port, "fresh", "wrong", source="127.40.0.1")
        if "too many" in reason or reason == "closed":
            throttled += 1
    right, reason, _ = await wire.try_login(port, "rightful", PASSWORD, source="127.41.0.1")
    # Only a full table tests the point: short of it, throttling a fresh address is the usual rule.
    filled = index >= 65_536
    probe.line("weak: throttle table full", filled and throttled > 0 and right,
               "%d addresses failed once in %.0f s (%s); then 12 wrong from a fresh one: %d throttled; right password from another: %s"
               % (index, time.monotonic() - started, "past the table's 65,536" if filled else "table NOT filled in time",
                  throttled, "ok" if right else "refused (%s)" % reason))


async def invisible(port, probe):
    """Weak: names with invisible characters are refused, and never reach the log raw."""
    names = ["vic\u200btim", "vic\u200dtim", "\ufeffvictim", "vic\u2060tim", "vic\u00adtim", "\u3164victim", "victim\U000e0041"]
    admitted = []
    for name in names:
        ok, _, connection = await wire.try_login(port, name, PASSWORD, source="127.31.0.1", hold=True)
        if ok:
            admitted.append(name.encode("unicode_escape").decode())
            connection[1].close()
    await asyncio.sleep(0.5)
    raw = []
    with open(probe.log, "rb") as log:
        text = log.read().decode("utf-8", errors="replace")
    for name in names:
        for char in name:
            if ord(char) > 0x7f and char in text and char not in raw:
                raw.append("U+%04X" % ord(char))
    probe.line("weak: invisible characters", not admitted and not raw,
               "admitted: %s; raw in the log: %s" % (", ".join(admitted) or "none", ", ".join(raw) or "none"))


def main():
    attack, port, pid, log = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    probe = wire.Probe(pid, log)
    asyncio.run({"race": throttle_race, "lookalikes": lookalikes, "table": table_full, "invisible": invisible}[attack](port, probe))


if __name__ == "__main__":
    main()
