"""docs/data-format.md is generated from the schema and must not drift from it."""

from __future__ import annotations

from pathlib import Path

from crampwise import schema
from crampwise.io.datadoc import render_data_format

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-format.md"
REGENERATE = ".venv/bin/python -m crampwise data-format > docs/data-format.md"


def test_committed_doc_matches_the_schema():
    committed = DOC.read_text(encoding="utf-8")
    assert committed == render_data_format(), (
        f"docs/data-format.md is out of date with src/crampwise/schema.py. Regenerate it with\n"
        f"    {REGENERATE}\nand commit the result."
    )


def test_every_column_and_header_is_documented():
    doc = DOC.read_text(encoding="utf-8")
    for t in (schema.EPISODES, schema.DAILY):
        assert f"## `{t.name}`" in doc
        for f in t.fields:
            assert f"`{f.name}`" in doc, f"{t.name}.{f.name} is not in the doc"
            for alias in f.aliases:
                assert f"`{alias}`" in doc, f"header {alias!r} ({f.name}) is not in the doc"
            for value in f.vocabulary:
                assert f"`{value}`" in doc, f"{f.name} value {value!r} is not in the doc"
            for word in f.synonyms:
                assert f'"{word}"' in doc, f"{f.name} synonym {word!r} is not in the doc"
        for u in t.unit_aliases:
            for alias in (u.name, *u.aliases):
                assert f"`{alias}`" in doc, f"unit header {alias!r} is not in the doc"


def test_doc_states_the_rules_people_need():
    doc = DOC.read_text(encoding="utf-8")
    for phrase in (
        "row 9, water_l: -1.5 is below 0",
        "--dayfirst",
        "--monthfirst",
        "UTF-16",
        "cp1252",
        "CRLF",
        "`14.03.2025`",
        "`=`, `+`, `-`, `@`",
        "python -m crampwise template daily",
        "python -m crampwise template episodes",
    ):
        assert phrase in doc, phrase


TRIAGE_DOC = Path(__file__).resolve().parents[2] / "docs" / "triage.md"


def test_committed_triage_doc_matches_triage_toml():
    from crampwise.guide import triage

    assert TRIAGE_DOC.read_text(encoding="utf-8") == triage.render_doc(), (
        "docs/triage.md is out of date with src/crampwise/guide/content/triage.toml. "
        "Regenerate it with\n    .venv/bin/python -m crampwise triage-doc > docs/triage.md\n"
        "and commit the result."
    )


def test_triage_doc_names_every_sign_its_level_and_its_sources():
    from crampwise.guide import triage

    doc = TRIAGE_DOC.read_text(encoding="utf-8")
    for f in triage.flags():
        row = next(line for line in doc.splitlines() if line.startswith(f"| `{f.id}`"))
        assert all(source in row for source in f.sources), f.id
        heading = doc[: doc.index(row)].rsplit("\n## ", 1)[1].splitlines()[0]
        assert heading.endswith(f"(`{f.level}`)"), (f.id, heading)
        if f.note:
            assert f"- `{f.id}`: {f.note}" in doc


SECRETS_EXAMPLE = Path(__file__).resolve().parents[2] / ".streamlit" / "secrets.toml.example"


def test_the_secrets_example_documents_every_setting_the_app_reads():
    import tomllib

    from crampwise.journal import privacy

    text = SECRETS_EXAMPLE.read_text(encoding="utf-8")
    example = tomllib.loads(text)
    # The login settings st.login needs, the same ones the real-login journey writes.
    journey = (Path(__file__).resolve().parents[1] / "browser" / "test_browser_login.py").read_text(
        encoding="utf-8"
    )
    assert set(example["auth"]) == {
        "redirect_uri",
        "cookie_secret",
        "client_id",
        "client_secret",
        "server_metadata_url",
    }
    assert all(f"{key} = " in journey for key in example["auth"])
    assert example["auth"]["redirect_uri"].endswith("/oauth2callback")
    assert "url" in example["connections"]["journal"]
    assert example["crampwise"]["mode"] in privacy.MODES
    assert f'{privacy.REMOTE_ACK_SECRET} = "{privacy.REMOTE_ACK_VALUE}"' in text


def test_the_real_secrets_file_is_never_committed():
    ignored = (Path(__file__).resolve().parents[2] / ".gitignore").read_text("utf-8")
    assert ".streamlit/secrets.toml" in ignored.split()
