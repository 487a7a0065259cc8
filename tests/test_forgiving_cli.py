"""The command line forgives what clerks do: global options after the command's name."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import Duban
from typer.testing import CliRunner

from duban.cli import app, hoist


def test_hoist_moves_global_options_after_the_command_before_it() -> None:
    assert hoist(["list", "--as-of", "2026-10-08", "--json"]) == ["--as-of", "2026-10-08", "list", "--json"]
    assert hoist(["--repo", "o", "report", "1", "--by=王芳", "--text", "x"]) == [
        "--repo", "o", "--by=王芳", "report", "1", "--text", "x",
    ]  # fmt: skip
    # A value that happens to be a command's name is not the command; nothing after -- moves.
    assert hoist(["--by", "list", "show", "1", "--", "--by", "x"]) == ["--by", "list", "show", "1", "--", "--by", "x"]
    assert hoist(["overdue", "--by-unit"]) == ["overdue", "--by-unit"]
    assert hoist(["--version"]) == ["--version"]


def test_global_options_after_the_command_are_read_as_before_it(office: Duban) -> None:
    runner = CliRunner()
    made = runner.invoke(
        app,
        ["new", "--title", "加快推进城东片区老旧小区改造", "--source-kind", "会议议定", "--lead-unit", "住建局",
         "--repo", str(office.root), "--as-of", "2026-10-08", "--by", "王芳"],
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    case = made.stdout.split()[0]
    assert office.git("log", "-1", "--format=%an").strip() == "王芳"
    listed = runner.invoke(app, ["list", "--json", "--repo", str(office.root), "--as-of=2026-10-08"])
    assert listed.exit_code == 0, listed.stderr
    assert case in listed.stdout


def test_the_installed_command_reads_them_too(office: Duban, tmp_path: Path) -> None:
    office.new()
    env = {**os.environ, "DUBAN_REPO": ""}
    done = subprocess.run(
        [sys.executable, "-m", "duban", "list", "--repo", str(office.root), "--as-of", "2026-10-08"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "2026-0001" in done.stdout
