"""Every help page ends with one example that parses; the tables read at 80 columns (issue 32)."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import HERE, UNITS_FILE, Duban, example_office
from typer.main import get_command
from typer.testing import CliRunner

from duban.cli import app
from duban.cli.root import display_width
from duban.schema import parse_typed_date
from duban.yamlio import load_fast

EXAMPLE = "例："
GOLDEN = HERE / "golden"


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


# -- 80 columns --------------------------------------------------------------------------------------

READING = ("cmd_list", "cmd_overdue", "cmd_stats", "cmd_show")
PIPED = {
    "list": ["list"],
    "overdue": ["overdue"],
    "overdue-by-unit": ["overdue", "--by-unit"],
    "stats": ["stats"],
    "show": ["show", "2026-0004"],
}


def office_in_december(tmp_path: Path) -> Duban:
    """The example office on 2026-12-10 (cases overdue, not reported, idle; a deadline moved off a
    rest day), with one case whose deadline falls in a year of estimated holidays."""
    office = example_office(tmp_path, today="2026-12-10")
    case = office.new("明年一季度重点项目开工准备", "--lead-unit", "区住房和城乡建设局", "--co-unit", "财政局")
    office("assign", case, "--days", "30")
    return office


def test_a_pipe_reads_as_before(tmp_path: Path, update_golden: bool) -> None:
    """No terminal: the tab-separated and plain output that scripts read does not depend on the
    terminal's width and is what it was."""
    office = office_in_december(tmp_path)
    for name, args in PIPED.items():
        golden = GOLDEN / f"pipe-{name}.txt"
        for columns in ("80", "100", "200"):
            out = office(*args, env={"COLUMNS": columns}).stdout
            if update_golden:
                golden.write_text(out, encoding="utf-8")
            assert out == golden.read_text(encoding="utf-8"), (name, columns)


def on_terminal(office: Duban, monkeypatch: pytest.MonkeyPatch, columns: int, *args: str) -> str:
    """What a terminal of this many columns shows (rich's console takes COLUMNS as its width)."""
    import importlib

    for name in READING:
        monkeypatch.setattr(importlib.import_module(f"duban.cli.{name}"), "stdout_is_terminal", lambda: True)
    out = office(*args, env={"COLUMNS": str(columns)}).stdout
    for line in out.splitlines():
        assert display_width(line) <= columns, (args, columns, line)
    return out


def row_of(out: str, case_id: str) -> str:
    rows = [line for line in out.splitlines() if line.startswith(case_id + " ")]
    assert len(rows) == 1, (case_id, out)
    return rows[0]


@pytest.mark.parametrize("columns", [80, 100])
def test_list_keeps_ids_statuses_and_dates_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    office = office_in_december(tmp_path)
    piped = [line.split("\t") for line in office("list").stdout.splitlines()]
    out = on_terminal(office, monkeypatch, columns, "list")
    assert "状态" in out.splitlines()[1]
    for case_id, _, status, deadline, *_ in piped:
        row = row_of(out, case_id)
        assert row.rstrip().endswith(" " + status), (row, status)  # 已办结, 已归档, 已终止: never 已
        assert deadline[:10] in row
    provisional = row_of(out, "2026-0017")
    if "2027-01-22*" in provisional:  # the note in a mark, the mark explained under the table
        assert "* 办理时限暂按法定节假日推算" in out
    else:
        assert "2027-01-22（暂按法定节假日推算）" in provisional
    if columns == 80:
        assert "2026-11-02（顺延）" in row_of(out, "2026-0004") and "督〔2026〕" not in out


@pytest.mark.parametrize("columns", [80, 100])
def test_every_overdue_group_keeps_its_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    office = office_in_december(tmp_path)
    found = json.loads(office("overdue", "--format", "json").stdout)["事项"]
    out = on_terminal(office, monkeypatch, columns, "overdue")
    lines = out.splitlines()
    levels = {item["级别"] for item in found}
    assert levels >= {"逾期", "逾期未报", "停滞"}
    for level in levels:
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{level}（"))
        assert all(
            header in lines[at + 1] for header in ("编号", "标题", "主办单位", "办理时限", "进度", "催办", "另有")
        )
    for item in found:
        row = row_of(out, item["编号"])
        assert not item["办理时限"] or item["办理时限"] in row
        if item["逾期工作日"]:
            assert re.search(rf"逾期 {item['逾期工作日']} (日|个工作日) ", row), row
        assert f" {item['催办次数']} " in row
        for other in item["提示"][1:]:  # 另有: whole at these widths
            assert other in row, (row, other)


@pytest.mark.parametrize("columns", [80, 100])
def test_overdue_by_unit_is_a_table_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    office = office_in_december(tmp_path)
    units = json.loads(office("overdue", "--by-unit", "--format", "json").stdout)["单位"]
    out = on_terminal(office, monkeypatch, columns, "overdue", "--by-unit")
    assert "…" not in out
    header = next(line for line in out.splitlines() if line.startswith("单位 "))
    shown = header.split()[1:]
    assert shown[:2] == ["逾期", "整改逾期"] and "协办逾期" not in shown  # none today: left out, as in the headline
    rows = [line.split() for line in out.splitlines()[out.splitlines().index(header) + 2 :]]
    assert [row[1:] for row in rows] == [[str(unit[level]) for level in shown] for unit in units]
    assert all(row[0] == unit["单位"] for row, unit in zip(rows, units, strict=True))  # full names fit


@pytest.mark.parametrize(("columns", "args"), [(80, ()), (100, ()), (80, ("--source-kind", "人大建议"))])
def test_stats_cuts_no_name_and_no_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: int, args: tuple[str, ...]
) -> None:
    office = office_in_december(tmp_path)
    piped = office("stats", *args).stdout.split("\n\n")[0].splitlines()
    headers, rows = piped[0].split("\t"), [line.split("\t") for line in piped[1:]]
    out = on_terminal(office, monkeypatch, columns, "stats", *args)
    assert "…" not in out
    parts = out.split("各单位督办考核")[1:]
    got: list[list[str]] = [[] for _ in rows]
    for part in parts:  # a table too wide for the terminal goes on in a second one (（续）)
        body = part.split("─\n", 1)[1].split("\n\n")[0].splitlines()[: len(rows)]
        for cells, line in zip(got, body, strict=True):
            cells += line.split()[1:]
    assert got == [row[1:] for row in rows]
    assert len(headers) - 1 == len(got[0])


@pytest.mark.parametrize("columns", [80, 100])
def test_show_fits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    office = office_in_december(tmp_path)
    out = on_terminal(office, monkeypatch, columns, "show", "2026-0004")
    assert "2026-11-02（10-31 为休息日，顺延）" in out and "状态  办理中" in out
