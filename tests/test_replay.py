"""An answer given again (duban/cli/replay.py): byte for byte what the command printed, and never once
anything it read has changed, whatever the kind of edit. Each command runs as its own process, as
a clerk or cron runs it; whether typer was loaded tells a replayed answer from a computed one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from conftest import Duban

TODAY = "2026-09-30"


def _env(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DUBAN_"))}
    return {**env, "DUBAN_TODAY": TODAY, "DUBAN_USER": "李明", **changes}


class Run:
    def __init__(self, done: subprocess.CompletedProcess[bytes]) -> None:
        lines = done.stderr.decode("utf-8").splitlines(keepends=True)
        self.code = done.returncode
        self.stdout = done.stdout
        self.stderr = "".join(line for line in lines if not line.startswith("import time:"))
        imported = [line.split("|")[-1].strip() for line in lines if line.startswith("import time:")]
        self.computed = "typer" in imported

    def same(self, other: Run) -> bool:
        return (self.code, self.stdout, self.stderr) == (other.code, other.stdout, other.stderr)


def duban(root: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    command = [sys.executable, "-X", "importtime", "-m", "duban", "--repo", str(root), *args]
    return Run(subprocess.run(command, env=env or _env(), capture_output=True, cwd=root))


def settle() -> None:
    """Let the last write grow older than the second an answer needs before it is kept."""
    time.sleep(1.1)


def kept(root: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """Run a command line until its answer is given again; return the replayed run."""
    settle()
    first = duban(root, *args, env=env)
    again = duban(root, *args, env=env)
    assert not again.computed and again.same(first), args
    return again


def reference(root: Path, *args: str) -> Run:
    return duban(root, *args, env=_env(DUBAN_REPLAY="0"))


def registered(office: Duban, title: str, deadline: str) -> str:
    office.today = "2026-09-22"
    case_id = office.new(title, "--lead-unit", "财政局")
    office("assign", case_id, "--deadline", deadline)
    return case_id


def test_a_repeated_command_line_gets_the_same_bytes_without_typer(office: Duban) -> None:
    late = registered(office, "逾期事项", "2026-09-29")
    registered(office, "临期事项", "2026-10-09")
    lines = [
        ["overdue", "--format", "plain"],
        ["overdue", "--format", "json"],
        ["overdue", "--format=csv", "--by-unit"],
        ["overdue", "--format", "plain", "--exit-code"],  # exit status 3, given again too
        ["show", late],
        ["show", late, "--json"],
        ["list", "--status", "在办"],
        ["stats"],
    ]
    expected = {tuple(args): reference(office.root, *args) for args in lines}
    settle()
    for args in lines:
        first = duban(office.root, *args)
        again = duban(office.root, *args)
        assert first.computed and not again.computed, args
        assert first.same(expected[tuple(args)]) and again.same(expected[tuple(args)]), args
    assert expected[("overdue", "--format", "plain", "--exit-code")].code == 3
    assert "逾期事项" in expected[("show", late)].stdout.decode("utf-8")


def test_every_kind_of_edit_is_seen(office: Duban) -> None:
    watched = registered(office, "被编辑的事项", "2026-10-20")
    other = registered(office, "另一个事项", "2026-10-21")
    json_line = ("overdue", "--format", "json", "--within", "30")
    show_line = ("show", watched)

    def fresh_after(edit: str) -> None:
        for args in (json_line, show_line):
            now, expected = duban(office.root, *args), reference(office.root, *args)
            assert now.computed, (edit, args)
            assert now.same(expected), (edit, args)

    path = office.file(watched)
    # An edit in place that keeps the size and puts the mtime back (only ctime moves).
    kept(office.root, *json_line)
    kept(office.root, *show_line)
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    edited = text.replace("被编辑的事项", "手改过的事项")
    assert len(edited.encode()) == len(text.encode()) and edited != text
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    fresh_after("in place, mtime put back")
    assert "手改过的事项" in duban(office.root, *show_line).stdout.decode("utf-8")

    # The same file committed: git no longer calls it changed, but HEAD moved.
    kept(office.root, *json_line)
    office.git("commit", "-qam", "手工修改")
    fresh_after("commit")

    # A file added next to the others, not yet known to git.
    kept(office.root, *json_line)
    copy = path.with_name("2026-0099.yaml")
    copy.write_text(path.read_text(encoding="utf-8").replace(watched, "2026-0099"), encoding="utf-8")
    fresh_after("untracked file added")
    copy.unlink()

    # A file renamed, and one deleted.
    kept(office.root, *json_line)
    other_path = office.file(other)
    moved = other_path.with_name("moved.yaml.bak")
    shutil.move(other_path, moved)
    fresh_after("renamed away")
    shutil.move(moved, other_path)
    kept(office.root, *json_line)
    other_path.unlink()
    fresh_after("deleted")
    office.git("checkout", "--", str(other_path))

    # config.yaml: the office's name heads the listing.
    kept(office.root, *json_line)
    config = office.root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("示范区", "样板区"), encoding="utf-8")
    fresh_after("config.yaml")


def test_another_day_user_or_folder_is_another_question(office: Duban) -> None:
    registered(office, "逾期事项", "2026-09-29")
    line = ("overdue", "--format", "plain")
    kept(office.root, *line)
    for env in (_env(DUBAN_TODAY="2026-10-09"), _env(DUBAN_USER="王芳"), _env(COLUMNS="60")):
        assert duban(office.root, *line, env=env).computed
    # The same command line from inside the office (no --repo) is its own line too.
    inside = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "duban", *line], env=_env(), capture_output=True, cwd=office.root
    )
    assert Run(inside).computed


def test_what_is_not_kept(office: Duban) -> None:
    case_id = registered(office, "逾期事项", "2026-09-29")
    settle()
    # A write just before the first run: too fresh to be told apart from one just after it.
    path = office.file(case_id)
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert duban(office.root, "show", case_id).computed
    assert duban(office.root, "show", case_id).computed
    settle()
    for args in (["show", "2026-9999"], ["overdue", "--remind"], ["list", "-h"]):
        runs = [duban(office.root, *args), duban(office.root, *args)]
        assert all(run.computed for run in runs), args
    assert runs[0].same(runs[1])
    # Other commands are never answered again.
    assert all(duban(office.root, "workdays", "2026-10-09").computed for _ in range(2))


def test_a_working_folder_that_is_gone_still_answers(office: Duban, tmp_path: Path) -> None:
    registered(office, "逾期事项", "2026-09-29")
    gone = tmp_path / "gone"
    gone.mkdir()
    script = f'cd "{gone}" && rmdir "{gone}" && exec "$0" -m duban --repo "$1" overdue --format plain'
    done = subprocess.run(["sh", "-c", script, sys.executable, str(office.root)], env=_env(), capture_output=True)
    assert done.returncode == 0 and "逾期事项" in done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def test_the_office_named_after_other_global_options_is_the_one_watched(office: Duban, tmp_path: Path) -> None:
    """`--as-of D --repo B`, run from inside another office A: the answer is B's, and so is the watch."""
    from conftest import UNITS_FILE

    other = Duban(tmp_path / "other")
    init = [sys.executable, "-m", "duban", "--by", "李明", "init", str(other.root), "--office", "乙办公室"]
    subprocess.run([*init, "--units", str(UNITS_FILE)], env=_env(), check=True, capture_output=True)
    case_id = registered(other, "乙办公室的事项", "2026-10-20")
    line = ["--as-of", TODAY, "--repo", str(other.root), "overdue", "--format", "json", "--within", "30"]

    def run() -> Run:
        command = [sys.executable, "-X", "importtime", "-m", "duban", *line]
        return Run(subprocess.run(command, env=_env(), capture_output=True, cwd=office.root))

    settle()
    first, again = run(), run()
    assert not again.computed and again.same(first) and "乙办公室的事项" in first.stdout.decode("utf-8")
    path = other.file(case_id)
    path.write_text(path.read_text(encoding="utf-8").replace("乙办公室的事项", "乙办公室改过的"), encoding="utf-8")
    edited = run()
    assert edited.computed and "乙办公室改过的" in edited.stdout.decode("utf-8")


def test_each_answer_has_its_own_file_and_only_the_latest_are_kept(tmp_path: Path, monkeypatch: Any) -> None:
    from duban.cli import replay

    monkeypatch.setattr(replay, "KEEP", 2)
    root = str(tmp_path)
    entry = ("0" * 40, (), (), ((1, b"answer\n"),), 0)
    for n in range(4):
        replay.Recorder(["list"], ("question", n), root, None)._store(entry)  # type: ignore[arg-type]
        os.utime(replay._file(root, ("question", n)), ns=(n * 10**9, n * 10**9))
    assert len(list((tmp_path / ".duban" / "replay").glob("*.marshal"))) == 2
    assert replay._load(replay._file(root, ("question", 3)), ("question", 3)) == entry
    assert replay._load(replay._file(root, ("question", 0)), ("question", 0)) is None
    # A file that holds another question, under this one's name, is not this one's answer.
    os.replace(replay._file(root, ("question", 3)), replay._file(root, ("question", 2)))
    assert replay._load(replay._file(root, ("question", 2)), ("question", 2)) is None
