"""The suite's own guard: a test that reaches past loopback is refused and fails the run."""

from __future__ import annotations

import socket

import loopback
import pytest


def test_a_connection_off_the_machine_is_refused_and_written_down():
    before = len(loopback.REFUSED)
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s,
        pytest.raises(PermissionError, match="never touch the network"),
    ):
        s.connect(("192.0.2.1", 80))  # TEST-NET-1: documentation only, never routed
    assert loopback.REFUSED[before:] == ["socket.connect ('192.0.2.1', 80)"]
    del loopback.REFUSED[before:]  # this one was on purpose: do not fail the run


def test_a_host_name_lookup_is_refused_but_loopback_is_allowed():
    before = len(loopback.REFUSED)
    with pytest.raises(PermissionError):
        socket.getaddrinfo("example.org", 443)
    del loopback.REFUSED[before:]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        assert s.getsockname()[0] == "127.0.0.1"
    assert socket.getaddrinfo("localhost", 80)
    assert len(loopback.REFUSED) == before
