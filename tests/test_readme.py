"""The README runs as written: every shell block marked <!-- 可运行 --> is run line by line in a
temporary folder with the installed duban, each command must exit 0, and where a line ends with
`# → text`, that command's output must contain the text."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MARK = "<!-- 可运行 -->"
EXAMPLE_MARK = "<!-- 可运行：示例督办仓库 -->"  # run in a copy of the example office (this folder's cases/)
ARROW = "# → "
# The quick start's installation (step 0): run with the rest of it from a fresh clone by `make
# install-check` (tests/quickstart_check.py); here the tests' installed duban is on PATH already.
INSTALLING = ("make install", "export PATH=")


def runnable_blocks(text: str, example: bool = False) -> list[tuple[int, list[tuple[int, str, str | None]]]]:
    """Each marked block as (line of the block, [(line, command, expected output or None)]): those
    marked to run in a new folder, or with example=True those marked to run in the example office."""
    blocks = []
    lines = text.splitlines()
    index = 0
    mark = EXAMPLE_MARK if example else MARK
    while index < len(lines):
        if lines[index].strip() == mark and index + 1 < len(lines) and lines[index + 1].startswith("```"):
            start = index + 2
            end = next(n for n in range(start, len(lines)) if lines[n].startswith("```"))
            blocks.append((start, _commands(lines[start:end], start)))
            index = end
        index += 1
    return blocks


def test_every_shell_block_that_runs_duban_is_run() -> None:
    """A block of duban commands that no test runs goes stale (a case number the office does not
    have): every sh block naming duban is marked, but the installation and deployment ones."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    unmarked = []
    for index, line in enumerate(lines):
        if line == "```sh" and lines[index - 1].strip() not in (MARK, EXAMPLE_MARK):
            end = next(n for n in range(index + 1, len(lines)) if lines[n].startswith("```"))
            body = [c for c in lines[index + 1 : end] if c.strip() and not c.lstrip().startswith("#")]
            setup = any("make install" in c or "duban completion" in c for c in body)  # a machine's setup
            if any(c.startswith("duban ") for c in body) and not setup:
                unmarked.append((index + 1, body[0]))
    assert unmarked == [], unmarked


def _commands(lines: list[str], first: int) -> list[tuple[int, str, str | None]]:
    commands: list[tuple[int, str, str | None]] = []
    pending = ""
    pending_line = 0
    for offset, raw in enumerate(lines):
        line = raw.rstrip()
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        code, _, comment = line.partition("  #")
        comment = "#" + comment if comment else ""
        if not pending:
            pending_line = first + offset + 1
        if code.rstrip().endswith("\\"):
            pending += code.rstrip()[:-1].strip() + " "
            continue
        expected = comment[len(ARROW) :].strip() if comment.startswith(ARROW) else None
        commands.append((pending_line, (pending + code.strip()).strip(), expected))
        pending = ""
    return commands


def test_the_marker_finds_the_quick_start() -> None:
    blocks = runnable_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 2
    quick_start = [command for _, command, _ in blocks[0][1]]
    assert any("init ~/督办" in c for c in quick_start) and any(c.startswith("duban workdays") for c in quick_start)


def test_commands_are_joined_across_continuation_lines() -> None:
    block = ["# 说明", "duban new --title 甲 \\", "    --days 5    # → 2026-0001", "cd ~/督办"]
    assert _commands(block, 10) == [(12, "duban new --title 甲 --days 5", "2026-0001"), (14, "cd ~/督办", None)]


BLOCKS = [
    (number, example)
    for example in (False, True)
    for number in range(len(runnable_blocks((ROOT / "README.md").read_text(encoding="utf-8"), example)))
]


@pytest.mark.parametrize(("number", "example"), BLOCKS)
def test_readme_block_runs_as_written(number: int, example: bool, tmp_path: Path) -> None:
    _, commands = runnable_blocks((ROOT / "README.md").read_text(encoding="utf-8"), example)[number]
    shutil.copytree(ROOT / "tests", tmp_path / "tests", ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    home = tmp_path / "home"
    home.mkdir()
    installed = Path(sys.executable).parent  # the venv whose duban the tests run against
    assert (installed / "duban").exists(), "duban is not installed in the test environment"
    env = {
        "PATH": f"{installed}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "GIT_AUTHOR_NAME": "测试",
        "GIT_AUTHOR_EMAIL": "test@localhost",
        "GIT_COMMITTER_NAME": "测试",
        "GIT_COMMITTER_EMAIL": "test@localhost",
    }
    cwd = tmp_path
    if example:  # the example office of this folder, as a repository of its own
        cwd = tmp_path / "示例督办仓库"
        cwd.mkdir()
        shutil.copytree(ROOT / "cases", cwd / "cases")
        shutil.copy(ROOT / "config.yaml", cwd / "config.yaml")
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "示例"]):
            subprocess.run(["git", *args], cwd=cwd, check=True, env=env, capture_output=True)
    for line, command, expected in commands:
        if command.startswith(INSTALLING):
            continue
        if re.fullmatch(r"cd \S+", command):
            cwd = (cwd / command[3:].replace("~", str(home), 1)).resolve()
            continue
        done = subprocess.run(
            ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8"
        )
        where = f"README.md:{line}: {command}"
        assert done.returncode == 0, f"{where}\nexit {done.returncode}\n{done.stdout}\n{done.stderr}"
        if expected is not None:
            assert expected in done.stdout + done.stderr, (
                f"{where}\nexpected “{expected}” in:\n{done.stdout}{done.stderr}"
            )
