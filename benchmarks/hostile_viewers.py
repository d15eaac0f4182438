"""While one viewer uploads a hostile file, how fast do another viewer's pages change?

Starts the app on loopback (shared ``session`` mode), opens two viewers in
Debian's Chromium, times viewer B's page changes alone, then again while
viewer A uploads each of the slowest files ``benchmarks/hostile_files.py``
builds (20 MB), and how long A waits for its answer.

    make bench            # or: .venv/bin/python benchmarks/hostile_viewers.py [--mb 20]

Goal (issue 10): the uploader gets an answer in under 2 s (plus the upload
itself), and the other viewer's page change stays under 1 s meanwhile.
Figures are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile_files  # noqa: E402
import viewers  # noqa: E402

PAGES = (("Guide", "Guide to spasms, cramps and twitches"), ("Home", "Crampwise"))
#: The slowest shapes in benchmarks/hostile_files.py.
SLOWEST = (
    "ambiguous slash dates",
    "custom text in a number column",
    "blank lines",
    f"{hostile_files.MAX_COLUMNS} columns (the most allowed)",
    "every row refused",
)


async def _pages(page, until: asyncio.Task | None, rounds: int) -> list[float]:
    times: list[float] = []
    i = 0
    while (until is None and i < rounds) or (until is not None and not until.done()):
        link, title = PAGES[i % len(PAGES)]
        times.append(await viewers.change_page(page, link, title))
        i += 1
    return times


async def _upload(page, path: Path) -> float:
    """Upload on the Import page; seconds until the page has answered (result or refusal)."""
    start = time.perf_counter()
    await page.locator(".st-key-import_file input[type=file]").set_input_files(str(path))
    main = page.get_by_test_id("stMain")
    await (
        main.get_by_test_id("stAlert")
        .or_(main.get_by_test_id("stMetric"))
        .first.wait_for(state="visible", timeout=viewers.TIMEOUT_MS)
    )
    await viewers.idle(page)
    return time.perf_counter() - start


async def main(mb: float) -> None:
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory() as tmp:
        files = hostile_files.build(Path(tmp), mb)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=viewers.CHROMIUM, args=viewers.CHROMIUM_ARGS)
            with viewers.server() as (url, _pid):
                _, a = await viewers.open_app(browser, url)
                _, b = await viewers.open_app(browser, url)
                await _pages(b, None, 4)  # warm up: first visits import modules
                alone = await _pages(b, None, 10)
                print(f"viewer B alone: {viewers.percentiles(alone)}")
                for name in SLOWEST:
                    path, _kind = files[name]
                    await a.goto(url + "/")
                    await viewers.heading(a, "Crampwise")
                    await viewers.change_page(a, "Import", "Import")
                    task = asyncio.create_task(_upload(a, path))
                    during = await _pages(b, task, 0)
                    waited = await task
                    print(
                        f"A uploads {name!r} ({path.stat().st_size / 1e6:.0f} MB): answered "
                        f"in {waited:.2f} s; B meanwhile: {viewers.percentiles(during)}"
                    )
            await browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=20.0)
    viewers.run(main(parser.parse_args().mb))
