"""Which socket addresses stay on this machine, and the suite's network guard.

:func:`is_loopback` is shared by the guard of the test process (installed by
``tests/conftest.py``) and the notebook's kernel (``tests/loopback_kernel.py``).
"""

from __future__ import annotations

import ipaddress
import sys
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


#: Socket addresses this test process tried to reach off the machine (should stay empty).
REFUSED: list[str] = []
_ADDRESS_EVENTS = ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg")


def _no_network(event: str, args: tuple[Any, ...]) -> None:
    """Audit hook (PEP 578): tests never touch the network, only this machine.

    Every Python-level connect, bind, send and host-name lookup of the test
    process is checked before it happens; one that is not for loopback or a
    Unix socket is refused (PermissionError) and written down, and the run
    fails at the end even if the code under test caught the error.
    """
    if event in _ADDRESS_EVENTS:
        address = args[1]
    elif event == "socket.getaddrinfo":
        address = (args[0],)
    else:
        return
    if is_loopback(address):
        return
    REFUSED.append(f"{event} {address!r}")
    raise PermissionError(f"tests never touch the network: refused {event} {address!r}")


_installed: list[bool] = []


def guard_this_process() -> None:
    """Install the audit hook (once per process: audit hooks cannot be removed)."""
    if not _installed:
        sys.addaudithook(_no_network)
        _installed.append(True)
