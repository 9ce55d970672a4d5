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
        for s in held:
            s.close()
        lines = wire.count_lines(log) - probe.lines_before
        probe.line("weak: pre-auth timeout lines", lines <= 50, "500 silent connections from 500 addresses timed out: %d lines" % lines)
    else:
        # Connections closed at once: nothing about them may be logged at the timeout.
        for index in range(20):
            s = socket.socket()
            s.bind((wire.address("127.61", index), 0))
            s.connect(("127.0.0.1", port))
            s.close()
        time.sleep(timeout + 3)
        with open(log, "rb") as text:
            spurious = sum(1 for line in text.read().splitlines()[probe.lines_before:] if b"peer=?" in line)
        probe.line("weak: peer=? after a close", spurious == 0, "20 connections closed at once: %d peer=? lines" % spurious)


if __name__ == "__main__":
    main()
