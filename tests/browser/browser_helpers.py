"""End-to-end browser helpers: a real Streamlit server and a headless Chromium.

The fixtures that use these (``browser``, ``start_server``, ``new_page``) are in
``tests/browser/conftest.py``.
The browser is the system Chromium (``/usr/bin/chromium`` or ``chromium`` on
PATH); Playwright's own browser downloads are never used. When Chromium is
missing the tests that need it FAIL with instructions; they are never skipped.

Each :class:`AppServer` is one ``streamlit run app.py`` on a free port of
127.0.0.1 (personal mode, unless ``CRAMPWISE_MODE`` says otherwise) with its
output in a log file; :meth:`AppServer.stop` ends it and
:meth:`AppServer.assert_clean_log` checks that no traceback was logged.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(__file__).resolve().parents[1] / "data"

INSTALL_HINT = (
    "Chromium was not found at /usr/bin/chromium nor as `chromium` on PATH. The "
    "browser tests drive the system Chromium through Playwright (no browser is "
    "downloaded). Install it, e.g. `apt-get install chromium` (Debian/Ubuntu), then "
    "run the tests again."
)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: How long to wait for a page to show what a step expects (ms).
TIMEOUT_MS = 15_000

# Playwright's `expect` waits 5 s by default, which a busy 2-core machine can exceed
# (Insights runs the statistics on first open): every assertion waits as long as actions.
expect.set_options(timeout=TIMEOUT_MS)


def find_chromium() -> str | None:
    """The Chromium executable to drive, or None."""
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """One Streamlit server running the app, logging to ``log_path``."""

    def __init__(
        self,
        db_url: str,
        log_path: Path,
        mode: str | None = None,
        env: dict[str, str] | None = None,
        args: tuple[str, ...] = (),
    ):
        self.db_url = db_url
        self.log_path = log_path
        self.mode = mode
        #: More environment variables, and more ``streamlit run`` options.
        self.extra_env = dict(env or {})
        self.extra_args = tuple(args)
        self.port = _free_port()
        self.proc: subprocess.Popen | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> AppServer:
        env = dict(os.environ)
        env["CRAMPWISE_DB_URL"] = self.db_url
        env.pop("CRAMPWISE_MODE", None)
        if self.mode:
            env["CRAMPWISE_MODE"] = self.mode
        env.update(self.extra_env)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless=true",
                "--server.address=127.0.0.1",
                f"--server.port={self.port}",
                "--browser.gatherUsageStats=false",
                *self.extra_args,
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                pytest.fail(
                    f"streamlit exited ({self.proc.returncode}) before answering:\n" + self.log_text()
                )
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"streamlit did not answer /_stcore/health within {timeout:.0f} s:\n" + self.log_text())

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def assert_clean_log(self) -> None:
        text = self.log_text()
        assert "Traceback" not in text, f"the server logged a traceback:\n{text}"


#: The hosts a page may talk to: the app's own (the tests open it on loopback).
APP_HOSTS = frozenset({"127.0.0.1", "localhost"})


def watch_hosts(
    context, allowed: frozenset[str] | set[str] = APP_HOSTS, not_the_app: tuple[str, ...] = ()
) -> list[str]:
    """Record every request the app's pages make to a host that is not the app's own.

    Nothing at run time may reach the internet (a favicon from a font server
    tells a third party who opens a health app): the caller asserts the list
    it gets back stays empty. Such requests are also aborted, so an offline
    machine fails fast instead of waiting for a timeout. ``not_the_app`` are
    URL prefixes of pages that are not Crampwise (a test's identity provider):
    what they load is aborted too, but it is their business, not the app's.
    """
    outside: list[str] = []

    def _check(route) -> None:
        host = urllib.parse.urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in allowed:
            route.continue_()
            return
        try:
            page_url = route.request.frame.url
        except Exception:  # noqa: BLE001 - a request with no frame (a service worker)
            page_url = ""
        if not (not_the_app and page_url.startswith(not_the_app)):
            outside.append(route.request.url)
        route.abort()

    context.route("**/*", _check)
    return outside


# --------------------------------------------------------------------------- page helpers


def eventually(check: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Poll ``check`` (e.g. the database after a click) until it is true, or fail."""
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for: {what}")
        time.sleep(0.1)


def wait_idle(page, timeout: float = TIMEOUT_MS) -> None:
    """Wait until Streamlit is connected and no script run is in progress."""
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            if (!app) return false;
            if (app.getAttribute('data-test-script-state') === 'running') return false;
            const status = document.querySelector('[data-testid="stStatusWidget"]');
            return !(status && /Running|Connecting/i.test(status.innerText));
        }""",
        timeout=timeout,
    )


def open_page(page, server: AppServer, path: str = "/", title: str | None = None) -> None:
    """Load ``path`` (a new Streamlit session) and wait for its title heading."""
    page.goto(server.url + path)
    if title is not None:
        heading(page, title).wait_for(state="visible")
    wait_idle(page)


def heading(page, text: str):
    """The main-area heading (h1/h2/h3) whose text is exactly ``text``."""
    return page.locator("[data-testid='stMain']").get_by_role(
        "heading", name=re.compile(rf"^\s*{re.escape(text)}\s*$")
    )


def keyed(page, key: str):
    """The container of the widget made with ``key=key``."""
    return page.locator(f".st-key-{key}")


def sidebar_link(page, label: str):
    """The sidebar navigation link labelled ``label``."""
    # The accessible name starts with the icon's ligature text ("add_circle Log").
    return page.locator("[data-testid='stSidebarNav']").get_by_role(
        "link", name=re.compile(rf"(^|\s){re.escape(label)}\s*$")
    )


def go_by_sidebar(page, label: str, title: str) -> None:
    """Open a page through the sidebar (same session) and wait for its title heading."""
    sidebar_link(page, label).click()
    heading(page, title).wait_for(state="visible")
    wait_idle(page)


# --------------------------------------------------------------------------- page checks

#: Where :func:`check_page` writes its screenshots (ignored by git).
ARTIFACTS = ROOT / "tests" / "artifacts"

#: The smallest tap target on a phone (WCAG 2.5.5), in CSS px.
MIN_TAP_PX = 44

#: What a person taps in the main area. A field (text, number, date, a select) counts
#: as its whole box, which opens it, not the small icons inside it.
TAP_TARGETS = (
    "button, a, input:not([type='radio']):not([type='checkbox']):not([type='file']), textarea, "
    "[role='tab'], [data-testid='stSlider'] [role='group'], [data-testid='stCheckbox'] label, "
    "label[data-testid='stRadioOption']"
)


def watch_console(page) -> list[str]:
    """Collect the page's console errors and uncaught exceptions.

    :func:`check_page` asserts the list is empty; attach it right after making
    the page, before the first ``goto``.
    """
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console error: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    return errors


_PROBLEMS_JS = """([minTap, phone, targets]) => {
    const out = [];
    const vw = document.documentElement.clientWidth;
    const se = document.scrollingElement;
    if (se.scrollWidth > se.clientWidth)
        out.push(`the page scrolls sideways: ${se.scrollWidth} px wide in ${se.clientWidth}`);
    const main = document.querySelector('[data-testid="stMain"]');
    if (!main) return ['no main area'];
    if (main.scrollWidth > main.clientWidth)
        out.push(`the main area scrolls sideways: ${main.scrollWidth} px wide in ${main.clientWidth}`);
    for (const e of document.querySelectorAll('[data-testid="stException"]'))
        out.push('an exception box: ' + e.innerText.slice(0, 300));
    const shown = (el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return false;
        for (let n = el; n; n = n.parentElement) {
            const s = getComputedStyle(n);
            if (s.visibility === 'hidden' || s.display === 'none' || s.opacity === '0') return false;
        }
        return true;
    };
    const name = (el) => {
        const what = (el.innerText || el.getAttribute('aria-label') || el.getAttribute('title')
            || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
        const box = el.closest('[data-testid]');
        return `${what} <${el.tagName.toLowerCase()} in ${box ? box.dataset.testid : 'page'}>`;
    };
    const clipped = (el) => {
        for (const t of [el, ...el.querySelectorAll('*')]) {
            // (a 1 px visually-hidden span for screen readers is not cut-off text)
            // (the control's own box counts even when its words spill over its neighbours)
            if (t.scrollWidth > t.clientWidth + 1 && t.clientWidth > 2 && t.innerText.trim()
                && (t === el || getComputedStyle(t).overflowX !== 'visible') && t.tagName !== 'INPUT')
                return true;
        }
        return false;
    };
    const FIELD = [
        '[data-testid="stTextInputRootElement"]', '[data-testid="stTextAreaRootElement"]',
        '[data-testid="stNumberInputContainer"]', '[data-testid="stDateInputField"]',
        ':is([data-testid="stSelectbox"], [data-testid="stMultiSelect"],'
            + ' [data-testid="stSlider"]) [role="group"]',
    ].join(', ');
    // Icons inside a field that its whole box opens anyway (a number's steppers are not).
    const OPENS = '[data-testid="stSelectbox"], [data-testid="stMultiSelect"],'
        + ' [data-testid="stDateInputField"]';
    const measured = new Set();
    for (const el of main.querySelectorAll(targets)) {
        if (!shown(el)) continue;
        // A chart's toolbar shows on hover; Streamlit's date input keeps two inputs
        // off-screen for its own use.
        if (el.closest('[data-testid="stElementToolbar"], .modebar, [data-testid^="hidden-"]')) continue;
        // A slider's value input sits inside its thumb; the slider is measured as a whole.
        if (el.tagName === 'INPUT' && el.closest('[data-testid="stSlider"]')) continue;
        const r = el.getBoundingClientRect();
        if (r.right > vw + 1 || r.left < -1) {  // (1 px of a border is not cut off)
            const span = `${r.left.toFixed(0)}..${r.right.toFixed(0)} of ${vw} px`;
            out.push(`cut off at the edge: ${name(el)} (${span})`);
        } else if (clipped(el)) out.push(`its text is cut off: ${name(el)}`);
        else {
            // Inside a box that hides or scrolls what sticks out (a row of tabs, a field).
            for (let n = el.parentElement; n && n !== main; n = n.parentElement) {
                if (getComputedStyle(n).overflowX === 'visible') continue;
                const c = n.getBoundingClientRect();
                if (r.right > c.right + 1 || r.left < c.left - 1) {
                    out.push(`cut off by its box: ${name(el)}`);
                    break;
                }
            }
        }
        if (!phone) continue;
        // Not tap targets of their own: a chart or a table (they pan and scroll), a link
        // inside a sentence (as tall as its line, WCAG 2.5.8), a field's inner icons, and
        // the small "?" beside a label (its text is a hover tooltip).
        if (el.closest('.js-plotly-plot, [data-testid="stDataFrame"], [data-testid="stTooltipHoverTarget"]'))
            continue;
        if (el.tagName === 'A' && el.closest('[data-testid="stMarkdownContainer"] :is(p, li)')) continue;
        const field = el.closest(FIELD);
        if (el.tagName === 'BUTTON' && el.closest(OPENS)) continue;
        const box = el.tagName === 'BUTTON' ? el : field || el;
        if (measured.has(box)) continue;
        measured.add(box);
        const b = box.getBoundingClientRect();
        if (b.width < minTap || b.height < minTap)
            out.push(`too small to tap: ${name(el)} (${b.width.toFixed(0)}x${b.height.toFixed(0)} px)`);
    }
    return out;
}"""


def page_problems(page, *, phone: bool) -> list[str]:
    """What is wrong with the page as shown: an exception box, sideways scrolling,
    a control past the right edge or with its text cut off, and (``phone``) a tap
    target under 44 px."""
    return page.evaluate(_PROBLEMS_JS, [MIN_TAP_PX, phone, TAP_TARGETS])


def toolbars_over_titles(page) -> list[str]:
    """The charts whose plotly toolbar (shown on hover, or a tap on a phone) covers part of
    the chart's title, or whose title runs off the chart (plotly does not wrap titles).

    All charts on the page are measured in one pass in the browser: the toolbar's buttons
    are laid out before they are shown, and a chart Streamlit redraws meanwhile cannot
    leave a locator waiting for a chart that is gone."""
    found = []
    results = page.evaluate(
        """() => {
            const out = [];
            for (const plot of document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')) {
                if (!plot.offsetParent) continue;  // a chart in a hidden tab
                const title = plot.querySelector('.gtitle');
                if (!title || !title.textContent.trim()) continue;
                const b = title.getBoundingClientRect();
                const p = plot.getBoundingClientRect();
                if (b.left < p.left - 1 || b.right > p.right + 1) {
                    out.push('runs off the chart: ' + title.textContent.slice(0, 60));
                    continue;
                }
                for (const btn of plot.querySelectorAll('.modebar-btn')) {
                    const a = btn.getBoundingClientRect();
                    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
                        out.push(title.textContent.slice(0, 60));
                        break;
                    }
                }
            }
            return out;
        }"""
    )
    for overlap in results:
        if overlap.startswith("runs off the chart: "):
            found.append(f"a chart title {overlap}")
        else:
            found.append(f"the chart toolbar covers the title {overlap!r}")
    return found


def screenshot(page, name: str) -> Path:
    """A picture of the whole page under ``tests/artifacts/`` (Streamlit scrolls inside
    its main area, so the viewport is made as tall as the content for the shot)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return m ? m.scrollHeight : document.body.scrollHeight; }"
    )
    if size is not None and height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height})
        try:
            page.screenshot(path=path)
        finally:
            page.set_viewport_size(size)
    else:
        page.screenshot(path=path)
    return path


def check_page(page, name: str, console: list[str], *, phone: bool) -> None:
    """Wait for the run to end, screenshot the page as ``name``, then fail on anything
    :func:`page_problems` finds or on a browser console error in ``console``
    (from :func:`watch_console`)."""
    wait_idle(page)
    screenshot(page, name)
    problems = page_problems(page, phone=phone) + toolbars_over_titles(page) + console
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


def go_to(page, spec_title: str, url_path: str, *, phone: bool = False) -> None:
    """Open a page through the sidebar as a person would (the same session).

    On a phone the sidebar starts collapsed: tap its toggle first, and close it
    again after the page opens if Streamlit left it over the content.
    """
    link = sidebar_link(page, spec_title)
    sidebar = page.get_by_test_id("stSidebar")
    if phone:
        # A collapsed sidebar is moved off-screen, not hidden: its links stay "visible".
        if sidebar.get_attribute("data-collapsed") == "true":
            page.get_by_test_id("stExpandSidebarButton").tap()
        expect(link).to_be_in_viewport()
        link.tap()
    else:
        link.click()
    expect(page).to_have_url(re.compile(rf"{re.escape(url_path)}$"))
    wait_idle(page)
    expect(page.get_by_test_id("stMain").locator("h1").first).to_be_visible()
    if phone:
        if sidebar.get_attribute("data-collapsed") == "false":
            page.get_by_test_id("stSidebarCollapseButton").locator("button").tap()
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        expect(link).not_to_be_in_viewport()
