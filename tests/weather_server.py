"""Open-Meteo's historical weather API, played back on loopback from recorded answers.

The recordings are under ``tests/data/weather/`` (their format: that folder's README).
A request with no recording gets status 404 with the service's error object, so a test
that sends something unexpected fails. Every request that arrives is kept in
:attr:`WeatherServer.seen` (its query), which is how tests prove that nothing was sent
before the person said yes, and that a cached answer sent nothing again.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from paths import DATA_DIR

RECORDINGS = DATA_DIR / "weather"


def load_recordings(folder: Path = RECORDINGS) -> list[dict[str, Any]]:
    """Every recorded exchange in ``folder``."""
    out = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    assert out, f"no recordings in {folder}"
    return out


class WeatherServer:
    """A loopback HTTP server answering from recordings (or with :attr:`fail_with`)."""

    def __init__(self, recordings: list[dict[str, Any]] | None = None):
        self.recordings = recordings if recordings is not None else load_recordings()
        #: The query of every request received, in order.
        self.seen: list[dict[str, str]] = []
        #: ``(status, body bytes)`` to answer every request with instead (a broken service).
        self.fail_with: tuple[int, bytes] | None = None
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                parts = urlsplit(self.path)
                query = dict(parse_qsl(parts.query, keep_blank_values=True))
                server.seen.append(query)
                status, body = server.answer(parts.path, query)
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:  # keep the test output clean
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1/archive"

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, bytes]:
        if self.fail_with is not None:
            return self.fail_with
        for rec in self.recordings:
            if rec["request"]["path"] == path and rec["request"]["query"] == query:
                return rec["status"], json.dumps(rec["body"]).encode("utf-8")
        reason = f"no recording for {path}?{sorted(query.items())}"
        return 404, json.dumps({"error": True, "reason": reason}).encode("utf-8")

    def __enter__(self) -> WeatherServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()


def closed_port_url() -> str:
    """An address on loopback where nothing listens: the service 'offline'."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1/archive"
