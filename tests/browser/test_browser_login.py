"""Accounts mode through a real login: an OpenID Connect provider, st.login, PostgreSQL, Chromium.

``oidc-provider-mock`` runs a real OpenID Connect provider on loopback; the
app's ``st.login`` is configured through a secrets file the test writes (the
same settings as ``.streamlit/secrets.toml.example``); the journal is the
PostgreSQL cluster the suite starts (tests/conftest.py). Two people sign
in through the real redirect flow, each logs an episode and a check-in, and
neither sees the other's rows: not in Home's pointers, not on My journal, not
in the backup they download. After signing out nothing of theirs is shown,
and a second browser of the same person sees the same journal.
"""

from __future__ import annotations

import io
import logging
import re
import secrets
import zipfile
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pandas as pd
import pytest
from browser_helpers import (
    go_by_sidebar,
    heading,
    keyed,
    open_page,
    wait_idle,
)
from playwright.sync_api import expect

from crampwise import units
from crampwise.journal.privacy import owner_for_identity
from crampwise.journal.store import open_journal

ALICE = {"sub": "alice-7f3a", "name": "Alice Example", "email": "alice@example.org"}
BOB = {"sub": "bob-91c2", "name": "Bob Example", "email": "bob@example.org"}
#: What each logs: an episode Home points out (a different sign each) and fluids.
LOGS = {ALICE["sub"]: ("chest", "+250 mL", 0.25), BOB["sub"]: ("arm", "+500 mL", 0.5)}
#: The toast after "Save the day" (not the episode's "Saved: calf").
DAY_SAVED = re.compile(r"(Saved|Updated) [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+\.")
POINTER = {"chest": "Your log has a cramp in the chest", "arm": "Your log has a cramp in the arm"}


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A real OpenID Connect provider on loopback; yields its issuer URL."""
    import oidc_provider_mock

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no request lines in test output
    with oidc_provider_mock.run_server_in_thread() as server:
        issuer = f"http://localhost:{server.server_port}"
        for person in (ALICE, BOB):
            claims = {"name": person["name"], "email": person["email"]}
            response = httpx.put(f"{issuer}/users/{quote(person['sub'])}", json=claims)
            assert response.status_code == 204
        yield issuer


@pytest.fixture
def app(tmp_path, pg_url, provider, start_server):  # noqa: F811 - pg_url is a fixture
    """The app in accounts mode: login configured in a secrets file, the journal on PostgreSQL."""
    secrets_file = tmp_path / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "crampwise-test"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    server = start_server(pg_url, args=(f"--secrets.files={secrets_file}",))
    return server, pg_url


def sign_in(page, server, provider: str, person: dict) -> None:
    """Through the real redirect flow: the app, the provider's form, back to the app."""
    open_page(page, server, "/", "Crampwise")
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    keyed(page, "account_login").get_by_role("button").click()
    page.wait_for_url(re.compile(re.escape(provider) + r"/oauth2/authorize"))
    page.get_by_placeholder("sub").fill(person["sub"])
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(rf"^{re.escape(server.url)}/"))
    heading(page, "Crampwise").wait_for(state="visible")
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"Signed in as {person['name']}.")


def log_an_episode_and_a_day(page, muscle: str, fluids: str, litres: float) -> None:
    litres_text = units.quantity("water_l", "metric").format(litres)
    go_by_sidebar(page, "Log", "Log")
    keyed(page, "log_muscle").get_by_role("radio", name="more…", exact=True).click()
    wait_idle(page)
    choice = keyed(page, "log_muscle_more")
    choice.get_by_role("combobox").click()
    page.get_by_role("option", name=muscle, exact=True).click()
    wait_idle(page)
    expect(choice.get_by_role("combobox")).to_have_value(muscle)
    keyed(page, "log_save").get_by_role("button").click()
    expect(page.get_by_test_id("stToast").filter(has_text=f"Saved: {muscle}")).to_be_visible()
    wait_idle(page)
    page.get_by_role("tab", name="Daily check-in").click()
    wait_idle(page)
    main = page.get_by_test_id("stMain")
    main.get_by_role("button", name=fluids, exact=True).click()
    # The total shows before saving: a click made before that rerun began would be lost.
    expect(main.get_by_text(f"Total today: {litres_text}", exact=True)).to_be_visible()
    main.get_by_role("button", name="Save the day").click()
    expect(page.get_by_test_id("stToast").filter(has_text=DAY_SAVED)).to_be_visible()
    wait_idle(page)


def backup(page) -> dict[str, pd.DataFrame]:
    """Download the backup from My journal; its tables by name."""
    go_by_sidebar(page, "My journal", "My journal")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download a backup").click()
    with zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())) as z:
        return {
            name.split("/")[-1].removesuffix(".csv"): pd.read_csv(z.open(name))
            for name in z.namelist()
            if name.endswith(".csv")
        }


def shows_only_own(page, own: str, other: str) -> None:
    go_by_sidebar(page, "Home", "Crampwise")
    expect(page.get_by_test_id("stAlert").filter(has_text=POINTER[own])).to_be_visible()
    expect(page.get_by_test_id("stAlert").filter(has_text=POINTER[other])).to_have_count(0)
    tables = backup(page)
    assert list(tables["episodes"]["muscle"]) == [own]
    assert len(tables["daily"]) == 1


def test_two_people_sign_in_and_see_only_their_own_journal(app, provider, new_page):
    server, url = app
    pages = {}
    for person in (ALICE, BOB):
        # Metric units (the fluids buttons say mL); the provider's own page is not the app.
        page = new_page(locale="en-GB", not_the_app=(provider,))
        sign_in(page, server, provider, person)
        muscle, fluids, litres = LOGS[person["sub"]]
        log_an_episode_and_a_day(page, muscle, fluids, litres)
        pages[person["sub"]] = page

    # In the database: two owners, each with their own rows and nothing else.
    with open_journal(url) as journal:
        for person in (ALICE, BOB):
            owner = owner_for_identity(provider, person["sub"])
            muscle, _, litres = LOGS[person["sub"]]
            assert list(journal.episodes(owner)["muscle"]) == [muscle]
            assert list(journal.daily(owner)["water_l"]) == [litres]

    # In the app: each sees their own pointer and backup, never the other's.
    shows_only_own(pages[ALICE["sub"]], "chest", "arm")
    shows_only_own(pages[BOB["sub"]], "arm", "chest")
    tables = backup(pages[ALICE["sub"]])
    assert list(tables["daily"]["water_l"]) == [0.25]

    # After signing out, nothing of Alice's is shown.
    alice = pages[ALICE["sub"]]
    keyed(alice, "account_logout").get_by_role("button").click()
    alice.wait_for_url(re.compile(re.escape(provider) + r"/oauth2/end_session"))
    alice.get_by_role("button", name="End session").click()  # the provider's own page
    alice.wait_for_url(re.compile(rf"^{re.escape(server.url)}/"))
    heading(alice, "Crampwise").wait_for(state="visible")
    wait_idle(alice)
    expect(alice.get_by_text("Signed in as")).to_have_count(0)
    expect(alice.get_by_test_id("stAlert").filter(has_text="Your log has")).to_have_count(0)
    go_by_sidebar(alice, "My journal", "My journal")
    expect(alice.get_by_text("Sign in to see your own journal.")).to_be_visible()
    expect(alice.get_by_role("button", name="Download a backup")).to_have_count(0)

    # A second browser of the same person sees the same journal.
    again = new_page(locale="en-GB", not_the_app=(provider,))
    sign_in(again, server, provider, ALICE)
    shows_only_own(again, "chest", "arm")
    assert list(backup(again)["daily"]["water_l"]) == [0.25]
    server.stop()
    log = server.log_text()
    for person in (ALICE, BOB):
        assert person["email"] not in log and person["name"] not in log
