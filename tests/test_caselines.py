"""The line reader gives exactly what ruamel's safe loader gives, or hands the text on (Fallback):
on files as duban writes them, on every file of the example office, and on files mutated a
character at a time where YAML's rules are most delicate."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from ruamel.yaml import YAML
from test_fastyaml import CASE_SHAPED, TRICKY

from duban import caselines, fastyaml
from duban.yamlio import dump_fast, dump_new

ROOT = Path(__file__).resolve().parent.parent
_safe = YAML(typ="safe", pure=False)


def _agrees(text: str) -> bool:
    """True when the line reader read the text (and read it as ruamel does); False on Fallback."""
    try:
        expected: Any = ("value", _safe.load(text))
    except Exception as error:
        expected = ("error", type(error).__name__)
    try:
        got: Any = ("value", caselines.load(text))
    except fastyaml.Fallback:
        return False
    except ValueError:
        got = ("error", "ValueError")
        assert expected[0] == "error", text  # an impossible date: ruamel refuses it too
        return True
    assert got == expected, text
    assert repr(got[1]) == repr(expected[1]), text  # same types: 1 is not True, a date not a string
    return True


def test_every_case_file_of_the_example_office_is_read_by_lines() -> None:
    files = sorted((ROOT / "cases").glob("*/*.yaml"))
    assert len(files) >= 10
    for path in files:
        assert _agrees(path.read_text(encoding="utf-8")), path


@settings(max_examples=200, deadline=None)
@given(CASE_SHAPED)
def test_files_as_duban_writes_them_read_back_alike(data: dict[str, Any]) -> None:
    text = dump_fast(data)
    if _agrees(text):
        assert caselines.load(text) == data
    _agrees(dump_new(data))  # ruamel's layout (it drops a single line's final line break, by design)


REALISTIC = {
    "编号": "2026-0001",
    "标题": '关于"城东"片区: 改造, 第一期',
    "来源": {"类别": "会议议定", "依据": "纪要〔2026〕3号", "日期": dt.date(2026, 9, 1)},
    "督办内容": "第一行：要求\n  第二行缩进\n\n第四行 # 不是注释\n",
    "主办单位": ["区财政局", "区住房和城乡建设局"],
    "协办单位": [],
    "上级事项": None,
    "时限工作日": 5,
    "办理过程": [
        {"日期": dt.date(2026, 9, 1), "动作": "立项", "经办人": "李明"},
        {"日期": dt.date(2026, 9, 2), "动作": "办结", "经办人": "王芳", "按期": False, "超期单位": ["区财政局"]},
        {"日期": dt.date(2026, 9, 3), "动作": "催办", "经办人": "王芳", "说明": "电话\t催办\\再催"},
    ],
    "办理报告": [{"日期": dt.date(2026, 9, 2), "单位": "区财政局", "办结": True, "内容": "一\n二\n"}],
}


def test_a_realistic_case_is_read_by_lines_whatever_its_text() -> None:
    """Text with quotes, escapes, several lines, colons and commas: still the line reader's."""
    text = dump_fast(REALISTIC)
    assert caselines.load(text) == REALISTIC == _safe.load(text)


@pytest.mark.parametrize("scalar", TRICKY)
def test_plain_scalars_read_as_ruamel_reads_them(scalar: str) -> None:
    for text in (f"k: {scalar}\n", f"k: [{scalar}, x]\n", f"{scalar}: 1\n", f"k: {{a: {scalar}}}\n"):
        _agrees(text)


MUTATIONS = list(" :,-\"'\\\n{}[]#|>&*!%@`?~01a办.") + ["  ", "- ", ": ", ", ", "\t", "\r", "\u2028", "\ufeff"]


def _mutated(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    kind = rng.randrange(3)
    piece = rng.choice(MUTATIONS)
    if kind == 0:
        return text[:at] + piece + text[at:]
    if kind == 1:
        return text[:at] + text[at + 1 :]
    return text[:at] + piece + text[at + 1 :]


def test_mutated_files_are_read_alike_or_handed_on() -> None:
    """Thousands of one- and two-character edits of real case files, where a hand edit goes wrong:
    whatever the line reader accepts, it reads as ruamel does."""
    rng = random.Random(20261123)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "cases").glob("*/*.yaml"))]
    seeds += [dump_fast(REALISTIC)] * len(seeds)  # quotes, escapes and literal blocks as often
    accepted = 0
    for round_ in range(6000):
        text = rng.choice(seeds)
        for _ in range(1 + round_ % 2):
            text = _mutated(text, rng)
        accepted += _agrees(text)
    assert accepted > 1200  # most edits leave a file the line reader still reads


def test_what_the_line_reader_leaves_to_the_parser() -> None:
    for text in (
        "a: 1\n# 注释\n",  # a comment
        "a: 1",  # no final line break
        "a:\n  b: 1\n",  # a nested block mapping
        "a:  1\n",  # two spaces
        "a: |-\n  x\n",  # a block with another chomping
        "a: 'x'\n",  # single quotes
        'a: "x\n  y"\n',  # a quoted text over two lines
        "- a\n",  # not a mapping
        "a: 1\na: 2\n",  # a duplicate key
        "a: {b: [c, {d: e}]}\n",  # deeper flow nesting is fine for the general flow reader
    ):
        try:
            value = caselines.load(text)
        except fastyaml.Fallback:
            continue
        assert value == _safe.load(text), text


def test_what_case_files_hold_is_read_before_any_typed_pattern_is_compiled(monkeypatch: Any) -> None:
    """Case numbers, days, counts and Chinese text are answered by the short checks; the resolver
    patterns are never compiled (TRICKY above checks that the answers are ruamel's)."""
    monkeypatch.setattr(caselines, "_typed", [])
    monkeypatch.setattr(caselines, "TYPED_PATTERNS", [("str", "^$", 0, "")])  # consulted: it would show
    values = {
        "2026-0100": "2026-0100",
        "0000-12345678": "0000-12345678",
        "5": 5,
        "-0": 0,
        "+12": 12,
        "2026-11-23": dt.date(2026, 11, 23),
        "区教育局": "区教育局",
        "督〔2026〕17号": "督〔2026〕17号",
    }
    for text, expected in values.items():
        got = caselines.resolve_plain(text)
        assert (got, type(got)) == (expected, type(expected)), text
    with pytest.raises(ValueError):
        caselines.resolve_plain("2026-02-30")
    assert caselines._typed == []
    monkeypatch.undo()
    assert _agrees("k: 2026-02-30\n") and _agrees("k: [2026-0100, 1-2-3, 5, 区教育局]\n")
