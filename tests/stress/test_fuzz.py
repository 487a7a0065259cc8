"""Fuzzing: thousands of generated case files, config files, task tables, minutes and command lines
(hypothesis), with hostile text among them (C1 controls such as a terminal's CSI U+009B, line and
paragraph separators, noncharacters, lone surrogates) and hostile files (a FIFO named like a case
file, huge working-day counts, CRLF line endings, endless devices named by an option). Whatever
comes in, every command answers with its output or one clear line and exit status 0, 1, 2, 3 (130
for Ctrl-C): never a traceback, never an 内部错误, never a hang (each run has a time limit)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest
from conftest import UNITS_FILE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from duban.cli import app
from duban.model import CASE_KEYS, Case, Event, Report, Source, case_to_mapping
from duban.yamlio import dump_new

pytestmark = pytest.mark.stress

EXAMPLES = int(os.environ.get("DUBAN_FUZZ_EXAMPLES", "450"))  # five kinds of input: 2,250 in all
RESULTS = {"inputs": 0, "runs": 0}
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)

CHARS = list("督办事项局科长：:#-[]{},'\"&*!|>%@`?=+\\ \n\t\x00\x07\x1b\u202e0123456789abc年月日，。、（）²３")
# Hostile text: C1 controls (U+009B is a terminal's CSI), line separators, noncharacters, surrogates.
CHARS += ["\x85", "\x9b", "\u2028", "\u2029", "\ufdd0", "\ufffe", "\U0001ffff", "\udcff", "\r"]
text = st.text(st.sampled_from(CHARS), max_size=30)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True)
    | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))
    | text
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4), max_leaves=10
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "office"
    result = CliRunner().invoke(
        app, ["--by", "李明", "init", str(root), "--office", "测试办", "--units", str(UNITS_FILE)]
    )
    assert result.exit_code == 0, result.output
    return root


def good_case() -> dict[str, Any]:
    case = Case(
        id="2026-0001",
        doc_number="督〔2026〕1号",
        title="加快推进改造",
        source=Source("会议议定", "第12次常务会议", dt.date(2026, 9, 1)),
        lead_units=("区财政局",),
        registered=dt.date(2026, 9, 1),
        assigned=dt.date(2026, 9, 2),
        deadline=dt.date(2026, 9, 9),
        deadline_days=5,
        status="办理中",
        events=(Event(dt.date(2026, 9, 1), "立项", "李明"), Event(dt.date(2026, 9, 2), "交办", "李明")),
        reports=(Report(dt.date(2026, 9, 5), "区财政局", "钱正明", False, "进展"),),
    )
    return case_to_mapping(case)


SECONDS = 30  # what one command may take on a small office, however hostile its input


class Hung(BaseException):
    """Raised by the alarm in a command that has run too long (not an Exception: nothing catches it)."""


def _hung(*_: object) -> None:
    raise Hung


def run(root: Path, *args: str) -> None:
    """One command in-process: whatever happens, it is an exit status and lines, not a crash."""
    previous = signal.signal(signal.SIGALRM, _hung)
    signal.alarm(SECONDS)
    try:
        result = CliRunner().invoke(app, ["--repo", str(root), "--as-of", "2026-10-20", "--by", "李明", *args])
    except Hung:
        raise AssertionError(f"timeout: {args}") from None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert not isinstance(result.exception, Hung), ("timeout", args)
    RESULTS["runs"] += 1
    assert result.exit_code in (0, 1, 2, 3), (args, result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    assert "Traceback" not in result.output and "内部错误" not in result.output, (args, result.output)


def scratch(template: Path, tmp_path: Path) -> Path:
    root = tmp_path / f"o{RESULTS['inputs']}"
    RESULTS["inputs"] += 1
    shutil.copytree(template, root, symlinks=True)
    return root


READS = (["check"], ["list"], ["show", "2026-0001"], ["overdue", "--format", "json"], ["stats"], ["log", "2026-0001"])


@FUZZ
@given(key=st.sampled_from(CASE_KEYS), value=values, raw=st.booleans(), noise=text)
def test_fuzzed_case_files(template: Path, tmp_path_factory: pytest.TempPathFactory, key: str, value: Any,
                           raw: bool, noise: str) -> None:  # fmt: skip
    root = scratch(template, tmp_path_factory.mktemp("c"))
    data = good_case()
    data[key] = value
    try:
        body = dump_new(data)
    except Exception:
        body = f"{key}: {value!r}\n"
    if raw:
        body = body[: len(body) // 2] + noise + body[len(body) // 2 :]
    (root / "cases" / "2026").mkdir(parents=True, exist_ok=True)
    (root / "cases" / "2026" / "2026-0001.yaml").write_text(body, encoding="utf-8", errors="surrogatepass")
    for args in READS:
        run(root, *args)
    run(root, "remind", "2026-0001")
    run(root, "export", str(root / "out" / "台账.xlsx"))


CONFIG_KEYS = ("机关名称", "文号格式", "办理时限规则", "临期提醒", "停滞提醒", "节假日", "单位", "经办人", "考核评分")


@FUZZ
@given(key=st.sampled_from(CONFIG_KEYS), value=values)
def test_fuzzed_config(template: Path, tmp_path_factory: pytest.TempPathFactory, key: str, value: Any) -> None:
    root = scratch(template, tmp_path_factory.mktemp("f"))
    config = root / "config.yaml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith(f"{key}:")]
    try:
        extra = dump_new({key: value})
    except Exception:
        extra = f"{key}: {value!r}\n"
    config.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8", errors="surrogatepass")
    register = ["new", "--title", "事项", "--source-kind", "会议议定", "--lead-unit", "财政局", "--days", "3"]
    for args in (["check"], register, ["overdue"], ["workdays", "2026-09-28", "5"], ["render", "notice", "2026-0001"]):
        run(root, *args)


@FUZZ
@given(cells=st.lists(st.lists(text, min_size=1, max_size=5), min_size=1, max_size=6), header=st.booleans())
def test_fuzzed_tables(template: Path, tmp_path_factory: pytest.TempPathFactory, cells: list[list[str]],
                       header: bool) -> None:  # fmt: skip
    root = scratch(template, tmp_path_factory.mktemp("t"))
    rows = ([["工作任务", "牵头单位", "完成时限"]] if header else []) + cells
    table = root / "表.csv"
    table.write_text("\n".join(",".join(f'"{c}"' for c in row) for row in rows), encoding="utf-8", errors="replace")
    run(root, "import", "table", str(table), "--dry-run")
    run(root, "import", "table", str(table))


@FUZZ
@given(body=st.lists(text | st.sampled_from(["一、", "（一）", "1.", "由区财政局负责", "10月30日前", "住建局牵头"]),
                     max_size=12))  # fmt: skip
def test_fuzzed_minutes(template: Path, tmp_path_factory: pytest.TempPathFactory, body: list[str]) -> None:
    root = scratch(template, tmp_path_factory.mktemp("m"))
    minutes = root / "纪要.txt"
    minutes.write_text("".join(body), encoding="utf-8", errors="replace")
    run(root, "import", "minutes", str(minutes), "--meeting", "会议", "--date", "2026-10-19", "--dry-run")
    run(root, "import", "minutes", str(minutes), "--meeting", "会议", "--date", "2026-10-19")


WORDS = ["new", "assign", "report", "remind", "extend", "return", "close", "archive", "show", "list", "overdue",
         "workdays", "render", "bulletin", "stats", "undo", "--days", "--deadline", "--to", "--from", "--format",
         "--unit", "--title", "--source-kind", "--json", "2026-0001", "2026-0²", "9999-12-31", "-1", "100000000",
         "12月1日", "2026/02/30", "notice", "reminder", "xml", "会议议定", "财政局", "--as-of", "--by", "--text",
         "--file", "/dev/zero", "/dev/full", "export", "/proc/台账.xlsx", "x" * 300 + ".xlsx", "李\udcff明",
         "进展\udce9", "--content", "import", "minutes", "table", "1000000000"]  # fmt: skip


@FUZZ
@given(argv=st.lists(st.sampled_from(WORDS) | text, max_size=8))
def test_fuzzed_command_lines(template: Path, tmp_path_factory: pytest.TempPathFactory, argv: list[str]) -> None:
    root = scratch(template, tmp_path_factory.mktemp("a"))
    run(root, *argv)


def test_the_line_reader_agrees_with_ruamel_on_many_mutated_files() -> None:
    """As tests/test_caselines.py, at full strength: 80,000 files with one to three characters
    edited; whatever the line reader accepts it must read as ruamel's safe loader does."""
    import random

    from test_caselines import REALISTIC, ROOT, _agrees, _mutated

    from duban.yamlio import dump_fast

    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "cases").glob("*/*.yaml"))]
    seeds += [dump_fast(REALISTIC)] * len(seeds)
    accepted = 0
    for seed in range(2):
        rng = random.Random(seed)
        for round_ in range(40_000):
            text = rng.choice(seeds)
            for _ in range(1 + round_ % 3):
                text = _mutated(text, rng)
            accepted += _agrees(text)
    assert accepted > 13_000


HOSTILE_FILES = {
    "fifo": None,
    "huge-days": ("时限工作日: 5", "时限工作日: 100000000"),
    "negative-days": ("时限工作日: 5", "时限工作日: -7"),
    "crlf": ("\n", "\r\n"),
    "c1-title": ("标题: 加快推进改造", '标题: "加快\\x9b推进\\u2028改造\\uFFFE"'),
    "nel-unit": ("区财政局", '"区财政\\N局"'),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_FILES))
def test_hostile_case_files(template: Path, tmp_path: Path, kind: str) -> None:
    """A FIFO named like a case file, a hand-edited count of a hundred million working days, CRLF
    line endings, hostile text in a file: every reading and writing command answers in time."""
    root = scratch(template, tmp_path)
    folder = root / "cases" / "2026"
    folder.mkdir(parents=True, exist_ok=True)
    body = dump_new(good_case())
    edit = HOSTILE_FILES[kind]
    if edit is None:
        (folder / "2026-0001.yaml").write_text(body, encoding="utf-8")
        os.mkfifo(folder / "2026-0002.yaml")
    else:
        (folder / "2026-0001.yaml").write_bytes(body.replace(*edit).encode("utf-8"))
    for args in READS:
        run(root, *args)
    run(root, "show", "2026-0002")
    run(root, "recalc", "--dry-run")
    run(root, "remind", "2026-0001")
    run(root, "export", str(root / "out" / "台账.xlsx"))
    run(root, "export", str(root / "out" / "台账.csv"))
    run(root, "overdue", "--format", "plain")
    run(root, "render", "notice", "2026-0001", "--format", "docx", "-o", str(root / "out" / "n.docx"))
    run(root, "bulletin", "--from", "2026-09-01", "--to", "2026-10-20", "--format", "docx",
        "-o", str(root / "out" / "b.docx"))  # fmt: skip
