"""Every help page ends with one example that parses; the tables read at 80 columns (issue 32)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from typing import Any

from conftest import UNITS_FILE
from typer.main import get_command
from typer.testing import CliRunner

from duban.cli import app
from duban.schema import parse_typed_date
from duban.yamlio import load_fast

EXAMPLE = "例："


def commands() -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command of the tree, the root included, with its path of words."""
    todo: list[tuple[tuple[str, ...], Any]] = [((), get_command(app))]
    while todo:
        path, command = todo.pop(0)
        yield path, command
        for name, sub in getattr(command, "commands", {}).items():
            todo.append(((*path, name), sub))


def unit_names() -> set[str]:
    names: set[str] = set()
    for unit in load_fast(UNITS_FILE.read_text(encoding="utf-8")):
        names.add(unit["名称"])
        names.update(unit.get("简称", []))
    return names


def parse(words: list[str]) -> tuple[tuple[str, ...], Any]:
    """The example's words read by click's own parser, as the command would be run (nothing is
    invoked): unknown options, missing arguments and values of the wrong type raise."""
    command = get_command(app)
    ctx = command.make_context("duban", list(words), resilient_parsing=False)
    path: tuple[str, ...] = ()
    while hasattr(command, "commands"):
        args = [*ctx._protected_args, *ctx.args]
        name, rest = args[0], args[1:]
        command = command.get_command(ctx, name)
        assert command is not None, name
        path += (name,)
        ctx = command.make_context(name, rest, parent=ctx, resilient_parsing=False)
    return path, ctx


def test_every_help_page_ends_with_one_example_that_parses() -> None:
    runner = CliRunner()
    units = unit_names()
    seen = 0
    for path, _command in commands():
        page = runner.invoke(app, [*path, "-h"], env={"COLUMNS": "80"}).stdout
        last = page.rstrip("\n").splitlines()[-1].strip()
        assert last.startswith(f"{EXAMPLE}duban "), (path, page[-200:])
        assert page.count(EXAMPLE) == 1, path
        words = shlex.split(last.removeprefix(EXAMPLE))[1:]
        assert tuple(words[: len(path)]) == path, (path, last)
        ran, ctx = parse(words)
        assert ran[: len(path)] == path and ran, last
        if ran == ("help",):  # its words are a command
            assert tuple(ctx.params["words"]) in {p for p, _ in commands()}, last
        for param in ctx.command.params:
            values = ctx.params.get(param.name)
            values = values if isinstance(values, (list, tuple)) else [values]
            for value in (v for v in values if v not in (None, "", False)):
                if param.metavar == "单位":
                    assert value in units, (last, value)
                elif param.metavar in ("日期", "起始日期"):
                    assert parse_typed_date(str(value), 2026) is not None, (last, value)
                elif param.metavar == "编号":
                    assert re.fullmatch(r"2026-\d{4}", str(value)), (last, value)
        seen += 1
    assert seen > 40
