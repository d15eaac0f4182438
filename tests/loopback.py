"""Which socket addresses stay on this machine: shared by the suite's network guard
(tests/conftest.py) and the notebook's kernel (tests/loopback_kernel.py)."""

from __future__ import annotations

import ipaddress
from typing import Any


def is_loopback(address: Any) -> bool:
    """True for an address on this machine only: a Unix socket path or a loopback host."""
    if address is None or isinstance(address, str | bytes):  # no address, or an AF_UNIX path
        return True
    host = address[0] if isinstance(address, tuple) and address else address
    if host is None:  # getaddrinfo(None, port): the local wildcard, only used to bind
        return False
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False  # netlink, packet or other non-IP families
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False  # a host name other than localhost, or "" (every interface)
