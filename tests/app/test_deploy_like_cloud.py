"""Deploy the way Streamlit Community Cloud does: requirements.txt alone, a copy elsewhere.

Community Cloud installs ``requirements.txt`` and nothing else (no ``pip
install -e .``, no dev pins) into a fresh environment and runs ``app.py``
from its own checkout. This test builds such an environment: a new virtual
environment that can see exactly the distributions ``requirements.txt``
resolves to -- the pinned packages and what they depend on, markers and
extras applied -- and nothing from the test tools (pytest, hypothesis,
playwright, the test identity provider). Tests never touch the network, so
the distributions are the ones already installed here, linked into a
private folder rather than downloaded again. The repository's tracked files
are copied to another folder first, so a path that only works in this
checkout fails. Then, with that environment's Python: ``import crampwise``,
an AppTest of ``app.py``, and a page opened first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import venv
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from crampwise.ui import navigation

ROOT = Path(__file__).resolve().parents[2]
#: Installed only for the tests: none of them may be needed to run the app.
DEV_ONLY = {"pytest", "hypothesis", "playwright", "oidc-provider-mock"}


def requirements() -> list[Requirement]:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [Requirement(line.split("#", 1)[0].strip()) for line in lines if line.split("#", 1)[0].strip()]


def closure(roots: list[Requirement]) -> dict[str, metadata.Distribution]:
    """Every distribution ``roots`` need, by the metadata of what is installed here."""
    found: dict[str, metadata.Distribution] = {}
    todo = [(r, frozenset(r.extras)) for r in roots]
    while todo:
        req, extras = todo.pop()
        name = canonicalize_name(req.name)
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            pytest.fail(f"{req} is needed by requirements.txt but is not installed here")
        assert not req.specifier or req.specifier.contains(dist.version, prereleases=True), (
            f"{req.name} {dist.version} is installed, but requirements.txt asks for {req}"
        )
        first = name not in found
        found[name] = dist
        for sub in dist.requires or []:
            dep = Requirement(sub)
            wanted = [dict(default_environment(), extra=e) for e in (extras or {""})]
            if dep.marker is None or any(dep.marker.evaluate(env) for env in wanted):
                if first or dep.marker is not None:
                    todo.append((dep, frozenset(dep.extras)))
    return found


def site_of(dists: dict[str, metadata.Distribution], folder: Path) -> Path:
    """A folder holding exactly ``dists`` (links to their installed files)."""
    folder.mkdir()
    for dist in dists.values():
        base = Path(dist.locate_file(""))
        for top in {Path(str(f)).parts[0] for f in dist.files or []}:
            source = base / top
            target = folder / top
            if source.exists() and not target.exists() and not top.startswith(".."):
                target.symlink_to(source)
    return folder


@pytest.fixture(scope="module")
def cloud(tmp_path_factory) -> tuple[Path, Path]:
    """(python of a fresh environment with requirements.txt only, a copy of the repository)."""
    base = tmp_path_factory.mktemp("cloud")
    dists = closure(requirements())
    assert not DEV_ONLY & set(dists), "a test tool is a runtime dependency"
    assert "crampwise" not in dists
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    packages = site_of(dists, base / "packages")
    Path(site, "requirements-txt.pth").write_text(f"{packages}\n", encoding="utf-8")
    files = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    copy = base / "app"
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    return python, copy


def run(python: Path, cwd: Path, code: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(cwd),
        "PYTHONNOUSERSITE": "1",
        "CRAMPWISE_MODE": "session",
        "LANG": "C.UTF-8",
    }
    return subprocess.run(
        [python, "-W", "error::DeprecationWarning", "-c", textwrap.dedent(code)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_environment_holds_only_what_requirements_txt_asks_for(cloud):
    python, copy = cloud
    proc = run(
        python,
        copy,
        """
        import importlib.util
        for name in ("pytest", "hypothesis", "playwright", "oidc_provider_mock", "crampwise"):
            assert importlib.util.find_spec(name) is None, name
        print("clean")
    """,
    )
    assert proc.returncode == 0 and "clean" in proc.stdout, proc.stderr


def test_the_library_imports_with_requirements_txt_alone(cloud):
    python, copy = cloud
    proc = run(
        python,
        copy / "src",
        """
        import crampwise, crampwise.stats.analysis, crampwise.journal.store, crampwise.guide.triage
        import crampwise.ui.widgets, crampwise.ui.journal
        print(crampwise.__file__)
    """,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().startswith(str(copy)), "imported from the checkout, not the copy"


def test_the_app_and_a_page_opened_first_run_with_requirements_txt_alone(cloud):
    python, copy = cloud
    proc = run(
        python,
        copy,
        f"""
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file("app.py", default_timeout=120).run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.title[0].value == "Crampwise"
        at.switch_page({navigation.INSIGHTS.path!r}).run()
        assert not at.exception, [e.value for e in at.exception]
        first = AppTest.from_file({navigation.LOG.path!r}, default_timeout=120).run()  # a deep link
        assert not first.exception, [e.value for e in first.exception]
        print("ran")
    """,
    )
    assert proc.returncode == 0 and "ran" in proc.stdout, proc.stdout + proc.stderr


def test_a_test_tool_is_not_importable_there(cloud):
    """The environment really is limited (removing platformdirs from requirements.txt fails
    the two tests above with "No module named 'platformdirs'")."""
    python, copy = cloud
    proc = run(python, copy, "import pytest")
    assert proc.returncode != 0 and "No module named 'pytest'" in proc.stderr
    assert sys.executable != str(python)
