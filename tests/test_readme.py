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
ARROW = "# → "


def runnable_blocks(text: str) -> list[tuple[int, list[tuple[int, str, str | None]]]]:
    """Each marked block as (line of the block, [(line, command, expected output or None)])."""
    blocks = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        if lines[index].strip() == MARK and index + 1 < len(lines) and lines[index + 1].startswith("```"):
            start = index + 2
            end = next(n for n in range(start, len(lines)) if lines[n].startswith("```"))
            blocks.append((start, _commands(lines[start:end], start)))
            index = end
        index += 1
    return blocks


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


@pytest.mark.parametrize("number", range(len(runnable_blocks((ROOT / "README.md").read_text(encoding="utf-8")))))
def test_readme_block_runs_as_written(number: int, tmp_path: Path) -> None:
    _, commands = runnable_blocks((ROOT / "README.md").read_text(encoding="utf-8"))[number]
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
    for line, command, expected in commands:
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
