"""A small reverse proxy for the tests: what nginx or Caddy in front of ``make run`` does.

It listens on a free port of 127.0.0.1 and forwards every connection to the
app's port, adding the headers a real reverse proxy adds (``X-Forwarded-For``,
``X-Real-IP``, ``X-Forwarded-Proto``, as nginx's ``proxy_set_header`` lines
do). Plain requests are forwarded one per connection (``Connection: close``);
a WebSocket upgrade -- Streamlit's ``/_stcore/stream`` -- keeps its
connection, and after the request head the bytes are piped both ways
unchanged, as ``proxy_pass`` with ``Upgrade`` headers does.

Everything stays on loopback: the "internet visitor" is a browser on this
machine whose requests arrive at the app from 127.0.0.1, which is exactly the
case the mode rule has to catch.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Mapping

#: What nginx's usual reverse-proxy block adds (the client address is made up).
NGINX_HEADERS = {"X-Forwarded-For": "203.0.113.7", "X-Real-IP": "203.0.113.7", "X-Forwarded-Proto": "https"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ReverseProxy:
    """``with ReverseProxy(app_port) as proxy:`` -> browse ``proxy.url``."""

    def __init__(self, upstream_port: int, headers: Mapping[str, str] = NGINX_HEADERS):
        self.upstream_port = upstream_port
        self.headers = dict(headers)
        self.port = free_port()
        #: Request lines seen (method and path), for the test to check the proxy was used.
        self.requests: list[str] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ReverseProxy:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the test proxy did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        async def _close() -> None:
            if self._server is not None:
                self._server.close()
            for writer in list(self._writers):
                writer.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(_close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def _start() -> None:
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
            self._ready.set()

        self._loop.run_until_complete(_start())
        self._loop.run_forever()
        self._loop.close()  # every connection was closed and every task ended in __exit__

    def _rewrite(self, head: bytes) -> bytes:
        lines = head.decode("latin-1").split("\r\n")
        request, fields = lines[0], [li for li in lines[1:] if li]
        self.requests.append(request)
        upgrade = any(f.lower().startswith("upgrade:") for f in fields)
        names = {n.lower() for n in self.headers}
        kept = [
            f
            for f in fields
            if f.split(":", 1)[0].strip().lower() not in names
            and (upgrade or not f.lower().startswith("connection:"))
        ]
        added = [f"{k}: {v}" for k, v in self.headers.items()]
        if not upgrade:
            added.append("Connection: close")
        return ("\r\n".join([request, *kept, *added]) + "\r\n\r\n").encode("latin-1")

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
            writer.close()
            return
        self._writers.update((writer, up_writer))
        up_writer.write(self._rewrite(head))

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                try:
                    dst.close()
                except (ConnectionError, OSError):
                    pass

        try:
            await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        finally:
            self._writers.difference_update((writer, up_writer))
