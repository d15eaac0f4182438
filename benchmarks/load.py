"""Many viewers at once: server memory per extra viewer, and how fast pages change.

Starts the app on loopback in shared ``session`` mode and opens N viewers
together (separate browser contexts in one headless Debian Chromium, started
at the same time, not one after another). Each loads the sample data, opens
Insights, clicks through its tabs, and changes pages a few times. Prints,
for each N, the server's resident memory per extra viewer, page-change
latency percentiles, and whether any page showed an exception box.

    make bench            # or: .venv/bin/python benchmarks/load.py [--viewers 1 10 30]

Goal (issue 10), at 30 concurrent viewers: under 2 MiB per extra viewer, p95
page change under 1 s, no exception box. Figures are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import viewers  # noqa: E402

TABS = ("Over time", "Factors one by one", "All factors together", "Episode patterns")
ROUNDS = 3  # Insights -> Home -> Insights, per viewer


async def viewer(browser, url: str, start: asyncio.Event) -> tuple[list[float], int, object]:
    await start.wait()
    context, page = await viewers.open_app(browser, url)
    await page.get_by_role("button", name="Try it with sample data").click()
    await viewers.heading(page, "Loaded files")
    await viewers.idle(page)
    times = [await viewers.change_page(page, "Insights", "Insights")]
    for tab in TABS:
        began = time.perf_counter()
        await page.get_by_role("tab", name=tab).click()
        await viewers.idle(page)
        times.append(time.perf_counter() - began)
    for _ in range(ROUNDS):
        times.append(await viewers.change_page(page, "Home", "Crampwise"))
        times.append(await viewers.change_page(page, "Insights", "Insights"))
    errors = await page.get_by_test_id("stException").count()
    return times, errors, context


async def measure(n: int) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=viewers.CHROMIUM, args=viewers.CHROMIUM_ARGS)
        with viewers.server() as (url, pid):
            # One viewer first, as the baseline the extra viewers are counted against.
            start = asyncio.Event()
            start.set()
            _, _, first = await viewer(browser, url, start)
            one = viewers.rss_mib(pid)
            server_cpu, browser_cpu = viewers.cpu_seconds(pid), viewers.browser_cpu_seconds()
            go = asyncio.Event()
            tasks = [asyncio.create_task(viewer(browser, url, go)) for _ in range(n - 1)]
            began = time.perf_counter()
            go.set()  # every extra viewer starts now, together
            results = await asyncio.gather(*tasks)
            took = time.perf_counter() - began
            after = viewers.rss_mib(pid)
            server_cpu = viewers.cpu_seconds(pid) - server_cpu
            browser_cpu = viewers.browser_cpu_seconds() - browser_cpu
            times = [t for r in results for t in r[0]]
            errors = sum(r[1] for r in results)
            per = (after - one) / (n - 1) if n > 1 else 0.0
            print(
                f"N = {n:2d}: server {one:.0f} MiB with one viewer, {after:.0f} MiB with {n}; "
                f"{per:.1f} MiB per extra viewer; "
                f"{viewers.percentiles(times) if times else 'one viewer only'}; "
                f"exception boxes: {errors}; all done in {took:.0f} s, using {server_cpu:.0f} s of "
                f"server CPU and {browser_cpu:.0f} s of browser CPU"
            )
            for r in results:
                await r[2].close()
            await first.close()
        await browser.close()


async def main(counts: list[int]) -> None:
    for n in counts:
        await measure(n)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument(
        "--timeout",
        type=float,
        default=600,
        help="seconds one step may take before the run fails (default 600)",
    )
    args = parser.parse_args()
    viewers.TIMEOUT_MS = int(args.timeout * 1000)
    viewers.run(main(args.viewers))
