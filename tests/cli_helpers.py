"""Helpers for the command-line tests: run ``python -m crampwise`` and block UI imports.

Prepend :data:`BLOCK_UI` to a script run in a subprocess: any import of
streamlit or plotly then fails and is recorded in ``attempted``.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(
    *args: str | Path, stdin: bytes | None = None, timeout: int = 180
) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI from the repository, as a person would, with ``src`` importable."""
    env = {**os.environ, "PYTHONPATH": "src"}
    return subprocess.run(
        [sys.executable, "-m", "crampwise", *map(str, args)],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        timeout=timeout,
    )


def err_lines(proc: subprocess.CompletedProcess[bytes]) -> list[str]:
    """What the command printed on stderr, one entry per line."""
    return proc.stderr.decode("utf-8").splitlines()


BLOCK_UI = textwrap.dedent("""
    import sys

    attempted = []

    class Block:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("streamlit", "plotly"):
                attempted.append(name)
                raise ImportError(f"blocked {name}")
            return None

    sys.meta_path.insert(0, Block())
""")


#: Files both ``convert`` and ``analyze`` refuse whole, with the one line they print.
def _workbook() -> bytes:
    """The parts of an .xlsx that say "workbook" (a zip, as every .xlsx is)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"):
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


UNREADABLE = [
    (b"", "the file is empty. Export your sheet again, with a header row and at least one row of data."),
    (
        b"date,water_l\r\n",
        "the file has a header row but no data rows. Add at least one row under the header and import again.",
    ),
    (
        _workbook(),
        "this is an Excel or OpenDocument workbook, not CSV. Open it and use File > Save As "
        "(or Download) > CSV, then import that file.",
    ),
]
