"""The SSH front before authentication: connections that never log in (issue 25's
pre-auth log flood and the spurious `peer=?` line). Usage:
preauth.py idle|dropped SSH_PORT PID LOG LOGIN_TIMEOUT_S"""
import socket
import sys
import time

import wire


def main():
    attack, port, pid, log, timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
    probe = wire.Probe(pid, log)
    if attack == "idle":
        # Connections that say nothing until the login timeout closes them.
        held = []
        for index in range(500):
            s = socket.socket()
            s.bind((wire.address("127.60", index), 0))
            s.connect(("127.0.0.1", port))
            held.append(s)
        time.sleep(timeout + 3)
        # Each one must have been closed by the server (refused at once past the caps, or
        # timed out): a grace longer than this wait would log nothing and prove nothing.
        closed = sum(1 for s in held if closed_by_peer(s))
        for s in held:
            s.close()
        lines = wire.count_lines(log) - probe.lines_before
        probe.line("weak: pre-auth timeout lines", closed == len(held) and lines <= 50,
                   "500 silent connections from 500 addresses: %d closed by the server within %g s; %d lines"
                   % (closed, timeout + 3, lines))
    else:
        # Connections closed at once: nothing about them may be logged at the timeout.
        for index in range(20):
            s = socket.socket()
            s.bind((wire.address("127.61", index), 0))
            s.connect(("127.0.0.1", port))
            s.close()
        time.sleep(timeout + 3)
        with open(log, "rb") as text:
            later = text.read().splitlines()[probe.lines_before:]
        spurious = sum(1 for line in later if b"peer=?" in line)
        # Nor a timeout line naming one of them: it had closed long before its grace ended.
        timeouts = sum(1 for line in later if b"127.61." in line and b"authenticat" in line)
        probe.line("weak: peer=? after a close", spurious == 0 and timeouts == 0,
                   "20 connections closed at once: %d peer=? lines, %d timeout lines" % (spurious, timeouts))


def closed_by_peer(s):
    """True when the server has closed `s` (whatever it sent first is read and dropped)."""
    s.setblocking(False)
    try:
        while True:
            if not s.recv(65536):
                return True
    except BlockingIOError:
        return False
    except OSError:
        return True


if __name__ == "__main__":
    main()
