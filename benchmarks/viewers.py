"""Shared parts of the browser benchmarks: a server, many viewers at once, and timings.

Not a benchmark itself: ``benchmarks/load.py`` and ``benchmarks/hostile_viewers.py``
use it. Viewers are separate browser contexts (separate Streamlit sessions) in
one headless Debian Chromium, driven with Playwright's async API so they act
at the same time rather than one after another.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
TIMEOUT_MS = 60_000

IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') === 'running') return false;
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    return !(status && /Running|Connecting/i.test(status.innerText));
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(mode: str = "session") -> Iterator[tuple[str, int]]:
    """A ``streamlit run app.py`` on loopback; yields (url, pid). Logs go to a temp file."""
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "CRAMPWISE_MODE": mode,
            "CRAMPWISE_DB_URL": f"sqlite:///{Path(tmp) / 'journal.db'}",
        }
        log = open(Path(tmp) / "server.log", "wb")  # noqa: SIM115 - closed below
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless=true",
                "--server.address=127.0.0.1",
                f"--server.port={port}",
                "--browser.gatherUsageStats=false",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                        if r.read() == b"ok":
                            break
                except OSError:
                    time.sleep(0.2)
            else:
                raise RuntimeError("the server did not start")
            yield url, proc.pid
        finally:
            proc.terminate()
            proc.wait(timeout=20)
            log.close()
            text = (Path(tmp) / "server.log").read_text(errors="replace")
            if "Traceback" in text:
                print("the server logged a traceback:\n" + text, file=sys.stderr)


def rss_mib(pid: int) -> float:
    """The server process's resident memory now, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def browser_cpu_seconds() -> float:
    """CPU time used so far by every Chromium process (the viewers' side of the machine)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if "(chromium" in text or "(chrome" in text:
            fields = text.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


async def idle(page) -> None:
    await page.wait_for_function(IDLE, timeout=TIMEOUT_MS)


async def heading(page, text: str) -> None:
    await (
        page.locator("[data-testid='stMain']")
        .get_by_role("heading", name=re.compile(rf"^\s*{re.escape(text)}\s*$"))
        .first.wait_for(state="visible", timeout=TIMEOUT_MS)
    )


async def open_app(browser, url: str):
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    await page.goto(url + "/")
    await heading(page, "Crampwise")
    await idle(page)
    return context, page


async def change_page(page, link: str, title: str) -> float:
    """Click a sidebar link; seconds until the new page's title shows and its run ends."""
    nav = page.locator("[data-testid='stSidebarNav']").get_by_role(
        "link", name=re.compile(rf"(^|\s){re.escape(link)}\s*$")
    )
    start = time.perf_counter()
    await nav.click()
    await heading(page, title)
    await idle(page)
    return time.perf_counter() - start


def percentiles(values: list[float]) -> str:
    if not values:
        return "no samples"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return (
        f"p50 {statistics.median(ordered):.2f} s, p95 {p95:.2f} s, "
        f"max {ordered[-1]:.2f} s ({len(ordered)} page changes)"
    )


def run(coro) -> None:
    asyncio.run(coro)
