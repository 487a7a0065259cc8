"""Small office repositories built in tmp_path, and the CLI run in-process."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from duban.cli import app

HERE = Path(__file__).parent
# Tests commit by hand too (a clerk's own edits); they must not depend on a global git identity.
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "测试",
    "GIT_AUTHOR_EMAIL": "test@localhost",
    "GIT_COMMITTER_NAME": "测试",
    "GIT_COMMITTER_EMAIL": "test@localhost",
}
UNITS_FILE = HERE / "units-example.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden files under tests/golden/")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


class Duban:
    """Runs `duban` in-process against one office, as of a fixed day, as one operator."""

    def __init__(self, root: Path, today: str = "2026-09-28", by: str = "李明") -> None:
        self.root = root
        self.today = today
        self.by = by
        self.runner = CliRunner()

    def __call__(self, *args: str, ok: bool = True, env: dict[str, str] | None = None) -> Result:
        base = ["--repo", str(self.root), "--as-of", self.today, "--by", self.by]
        result = self.runner.invoke(app, [*base, *args], env=env, catch_exceptions=False)
        if ok and result.exit_code != 0:
            raise AssertionError(f"duban {' '.join(args)} -> {result.exit_code}\n{result.stdout}\n{result.stderr}")
        return result

    def new(self, title: str = "加快推进城东片区老旧小区改造", *extra: str) -> str:
        result = self("new", "--title", title, "--source-kind", "会议议定", *extra)
        return result.stdout.strip().splitlines()[0]

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=self.root, check=True, capture_output=True, text=True, env=GIT_ENV)
        return done.stdout

    def commits(self) -> int:
        return int(self.git("rev-list", "--count", "HEAD").strip())

    def file(self, case_id: str) -> Path:
        return self.root / "cases" / case_id[:4] / f"{case_id}.yaml"


def at(office: Duban, day: str, *args: str, ok: bool = True) -> Result:
    """The command run as of `day` (which stays the office's day for the next ones)."""
    office.today = day
    return office(*args, ok=ok)


def refused(result: Result, text: str) -> None:
    """Refused as a clerk should be told: exit 1, one Chinese line with `text`, no traceback."""
    assert result.exit_code == 1, result.stdout
    assert text in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def events(office: Duban, case_id: str) -> list[dict[str, Any]]:
    """办理过程 as `show --json` gives it."""
    return json.loads(office("show", case_id, "--json").stdout)["办理过程"]  # type: ignore[no-any-return]


def set_config(office: Duban, text: str, commit: bool = True) -> None:
    """config.yaml with the top-level keys of `text` set to what `text` says (the key's lines, with
    their indented continuation, replaced), committed as a clerk would."""
    path = office.root / "config.yaml"
    keys = {line.split(":", 1)[0] for line in text.splitlines() if line and not line[0].isspace()}
    kept: list[str] = []
    skipping = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            skipping = line.split(":", 1)[0] in keys
        elif line.startswith("#"):
            skipping = False
        if not skipping:
            kept.append(line)
    path.write_text("\n".join(kept) + "\n" + text, encoding="utf-8")
    if commit:
        office.git("commit", "-qam", "修改配置")


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=GIT_ENV).stdout


def share(office: Duban, tmp_path: Path) -> Duban:
    """The office pushed to a bare remote (tmp_path/remote.git) by its first sync; clerk 王芳's clone."""
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", "--initial-branch=main", str(remote), cwd=tmp_path)
    office.git("remote", "add", "origin", str(remote))
    assert "首次" in office("sync").stdout
    git("clone", "--quiet", str(remote), str(tmp_path / "b"), cwd=tmp_path)
    return Duban(tmp_path / "b", by="王芳")


@pytest.fixture
def two_clerks(office: Duban, tmp_path: Path) -> tuple[Duban, Duban, str]:
    """Clerk A's office with one shared case assigned and pushed; clerk B's clone of it."""
    office.today = "2026-09-28"
    shared = office.new("共享事项", "--lead-unit", "财政局")
    office("assign", shared, "--days", "5")
    return office, share(office, tmp_path), shared


def example_office(tmp_path: Path, today: str = "2026-09-28") -> Duban:
    """The example office of the repository root (cases/, config.yaml), as a repository of its own."""
    import shutil

    root = tmp_path / "example"
    root.mkdir()
    shutil.copytree(HERE.parent / "cases", root / "cases")
    shutil.copy(HERE.parent / "config.yaml", root / "config.yaml")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "示例"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=GIT_ENV, capture_output=True)
    return Duban(root, today=today)


@pytest.fixture
def office(tmp_path: Path) -> Duban:
    """A fresh office with the example district's units."""
    root = tmp_path / "office"
    result = CliRunner().invoke(
        app, ["--by", "李明", "init", str(root), "--office", "示范区人民政府办公室", "--units", str(UNITS_FILE)]
    )
    assert result.exit_code == 0, result.output
    return Duban(root)


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    def _write(relative: str, text: str, **_: Any) -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture(autouse=True)
def _files_written_by_tests_are_old_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test writes a file and asks again within milliseconds: the index would read every such
    file again as racily changed (caseindex.RACY_NS), and the tests that count what is parsed would
    count those. The test of that rule sets it back."""
    from duban import caseindex

    monkeypatch.setattr(caseindex, "RACY_NS", 0)
