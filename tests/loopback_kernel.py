"""An IPython kernel that refuses, and writes down, every non-loopback socket address.

``tests/api/test_notebook.py`` runs ``docs/notebook.ipynb`` in this kernel. An audit
hook (PEP 578) sees every Python-level ``connect``, ``bind``, ``sendto``,
``sendmsg`` and host-name lookup before it happens; one that is not for this
machine (127.0.0.0/8, ::1, ``localhost`` or a Unix socket) is appended to the
file named by ``$CRAMPWISE_SOCKET_LOG`` and refused with ``PermissionError``,
so nothing leaves the machine even while the test is failing. The kernel's own
channels are ZeroMQ sockets bound by libzmq on the connection file's address,
which the test pins to 127.0.0.1 and checks.

Usage (a kernel spec's argv): ``python loopback_kernel.py -f {connection_file}``.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from loopback import is_loopback  # noqa: E402 - tests/ is this script's folder

LOG = os.environ["CRAMPWISE_SOCKET_LOG"]
_ADDRESS_EVENTS = ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg")


def _guard(event: str, args: tuple[Any, ...]) -> None:
    if event in _ADDRESS_EVENTS:
        address = args[1]
    elif event == "socket.getaddrinfo":
        address = (args[0],)
    else:
        return
    if is_loopback(address):
        return
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(f"{event} {address!r}\n")
    raise PermissionError(f"refused a non-loopback socket address: {event} {address!r}")


if __name__ == "__main__":
    sys.path.pop(0)  # this script's folder (tests/) is not the kernel's business
    sys.addaudithook(_guard)
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
