"""docs/notebook.ipynb runs from top to bottom on the sample data, over loopback only.

The kernel is this interpreter (the shared virtualenv) with the worktree's
``src/`` first on its path, described by a kernel spec written into the test's
temporary folder; no user-level Jupyter or IPython set-up is read. It runs
through ``tests/loopback_kernel.py``, which refuses and records any
non-loopback socket address, and its connection file is pinned to 127.0.0.1.
"""

from __future__ import annotations

import base64
import copy
import ipaddress
import json
import re
import sys
from pathlib import Path

import nbformat
import numpy as np
import plotly.graph_objects as go
import plotly.io
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "docs" / "notebook.ipynb"
KERNEL = "crampwise-loopback"
PLOTLY = "application/vnd.plotly.v1+json"
#: Run after the notebook: which crampwise the kernel imported, and a documentation-only
#: address (TEST-NET-1, RFC 5737) that the guard must refuse before anything is sent.
PROBE = """
import socket
print("crampwise from", crampwise.__file__)
try:
    socket.create_connection(("192.0.2.1", 9), timeout=1)
except PermissionError as exc:
    print("refused:", exc)
"""


def _stored() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


def _text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            parts.append(out["text"])
        elif "data" in out:
            parts.append(out["data"].get("text/markdown") or out["data"].get("text/plain", ""))
    return "".join(parts)


def _values(values: object) -> list:
    """A trace's values; plotly writes numeric arrays as base64 typed arrays ({"dtype", "bdata"})."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict:
    """The notebook after running (plus a probe cell at the end), the socket log, the kernel's ip."""
    tmp = tmp_path_factory.mktemp("notebook")
    log = tmp / "sockets.log"
    spec = tmp / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [
                    sys.executable,
                    str(Path(__file__).resolve().parents[1] / "loopback_kernel.py"),
                    "-f",
                    "{connection_file}",
                ],
                "display_name": "Crampwise (test, loopback only)",
                "language": "python",
                "env": {
                    "PYTHONPATH": str(ROOT / "src"),
                    "CRAMPWISE_SOCKET_LOG": str(log),
                    "IPYTHONDIR": str(tmp / "ipython"),  # no user profile or startup scripts
                    "JUPYTER_CONFIG_DIR": str(tmp / "jupyter-config"),
                    "JUPYTER_DATA_DIR": str(tmp / "jupyter-data"),
                    "JUPYTER_RUNTIME_DIR": str(tmp / "jupyter-runtime"),
                    "CRAMPWISE_DB_URL": f"sqlite:///{tmp / 'journal.sqlite3'}",
                },
            }
        )
    )
    with pytest.MonkeyPatch.context() as mp:  # connection files go here, not to ~/.local
        mp.setenv("JUPYTER_RUNTIME_DIR", str(tmp / "jupyter-runtime"))
        mp.setenv("JUPYTER_CONFIG_DIR", str(tmp / "jupyter-config"))
        km = AsyncKernelManager(
            kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(tmp / "kernels")])
        )
        km.ip = "127.0.0.1"
        km.transport = "tcp"
        nb = copy.deepcopy(_stored())
        own = len(nb.cells)
        nb.cells.append(nbformat.v4.new_code_cell(PROBE))
        client = NotebookClient(
            nb,
            km=km,
            kernel_name=KERNEL,
            timeout=300,
            startup_timeout=120,
            resources={"metadata": {"path": str(ROOT / "docs")}},
        )
        with client.setup_kernel():
            info = km.get_connection_info()
            for index in range(own):
                client.execute_cell(nb.cells[index], index)
            during = log.read_text() if log.exists() else ""
            client.execute_cell(nb.cells[own], own)
        after = log.read_text() if log.exists() else ""
    return {"nb": nb, "own": own, "during": during, "after": after, "info": info}


# --------------------------------------------------------------------------- the stored file


def test_the_stored_notebook_is_valid_and_has_no_outputs():
    nb = _stored()
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the notebook has no code"
    assert all(c.outputs == [] and c.execution_count is None for c in code)


def test_the_notebook_uses_only_the_public_api():
    source = "\n".join(c.source for c in _stored().cells if c.cell_type == "code")
    assert "import crampwise\n" in source
    assert "from crampwise" not in source and "crampwise." in source
    used = {name for name in ("read_file", "analyze", "passage") if f"crampwise.{name}(" in source}
    assert used == {"read_file", "analyze", "passage"}
    import crampwise

    named = set(re.findall(r"\bcrampwise\.(\w+)", source))
    assert named <= set(crampwise.__all__), named - set(crampwise.__all__)


def test_the_words_say_not_medical_advice():
    words = " ".join(c.source for c in _stored().cells if c.cell_type == "markdown")
    assert "not medical advice" in words
    assert "cannot show that a factor *causes*" in words


# --------------------------------------------------------------------------- running it


def test_it_reads_both_sample_files_without_problems(executed):
    text = "".join(_text(c) for c in executed["nb"].cells)
    assert "Daily log: 179 rows read, 0 problems" in text
    assert "Episodes: 86 rows read, 0 problems" in text


def test_the_analysis_has_enough_data(executed):
    text = "".join(_text(c) for c in executed["nb"].cells)
    assert "Window: 2025-03-01 to 2025-08-30 (179 days logged)" in text
    assert "Enough data: True" in text
    assert "Still needed" not in text


def test_it_draws_a_plotly_figure_with_data(executed):
    figures = [
        out["data"][PLOTLY]
        for c in executed["nb"].cells
        for out in c.get("outputs", [])
        if PLOTLY in out.get("data", {})
    ]
    assert len(figures) == 1
    fig = plotly.io.from_json(json.dumps(figures[0]))
    assert isinstance(fig, go.Figure)
    (trace,) = fig.data
    assert trace.type == "scatter"
    x, y = _values(trace.x), _values(trace.y)
    assert len(x) == len(y) >= 5
    assert all(-1 <= v <= 1 for v in x)
    assert len(_values(trace.error_x.array)) == len(x)


def test_it_shows_the_caveat_and_the_guide(executed):
    text = "".join(_text(c) for c in executed["nb"].cells)
    assert "not proof of cause" in text
    assert "Sources:" in text


def test_the_kernel_talks_over_loopback_only(executed):
    info = executed["info"]
    assert info["transport"] == "tcp"
    assert ipaddress.ip_address(info["ip"]).is_loopback
    assert executed["during"] == "", f"the notebook asked for non-loopback sockets:\n{executed['during']}"


def test_the_socket_guard_is_live_in_that_kernel(executed):
    probe = executed["nb"].cells[executed["own"]]
    assert "refused:" in _text(probe)
    assert f"crampwise from {ROOT / 'src' / 'crampwise' / '__init__.py'}" in _text(probe)
    assert "192.0.2.1" in executed["after"]
