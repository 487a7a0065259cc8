"""The fast reader gives exactly what ruamel's safe loader gives, or hands the text to it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from duban import fastyaml
from duban.yamlio import dump_new, load_fast

_safe = YAML(typ="safe", pure=False)

TRICKY = [
    "yes",
    "no",
    "on",
    "0123",
    "1_000",
    "~",
    "12:30",
    "1e3",
    ".5",
    "2026-1-5",
    "Null",
    "+1",
    "-0",
    "0x1F",
    "0o17",
    "1.0",
    ".inf",
    "-.inf",
    ".nan",
    "2026-10-10T10:00:00",
    "2026-10-10 10:00:00",
    "1200套",
    "2027",
    "null",
    "TRUE",
    "tRUE",
    "0",
    "00",
    "-1",
    "2026-02-28",
    "０１",
    "2026-0004",
    "<<x",
    "1-2",
    "0.",
    "1,000",
    "督〔2026〕17号",
    "0000-12345678",
    "false",
    "NULL",
    "0b101",
    "9999-12-31",
]


def _same(text: str) -> None:
    try:
        expected: Any = ("value", _safe.load(text))
    except Exception as error:
        expected = ("error", type(error).__name__)
    try:
        got: Any = ("value", fastyaml.load(text))
    except fastyaml.Fallback:
        return
    except Exception as error:
        got = ("error", type(error).__name__)
    assert got == expected
    if got[0] == "value":
        assert repr(got[1]) == repr(expected[1])  # same types: 1 is not True, a date not a string


@pytest.mark.parametrize("scalar", TRICKY)
def test_plain_scalars_read_as_ruamel_reads_them(scalar: str) -> None:
    _same(f"k: {scalar}\n")
    _same(f"- [{scalar}, x]\n")
    _same(f"{scalar}: 1\n")


def test_impossible_dates_and_broken_yaml_fail_alike() -> None:
    with pytest.raises(ValueError):
        fastyaml.load("a: 2026-02-30\n")
    _same("a: [1,\n")
    _same("a: 1\na: 2\n")
    # Anchors and aliases are refused outright (an alias bomb expands to gigabytes), as is depth.
    with pytest.raises(fastyaml.Refused):
        fastyaml.load("a: &x 1\nb: *x\n")
    with pytest.raises(fastyaml.Refused):
        fastyaml.load("a: " + "[" * 50 + "]" * 50 + "\n")
    _same("a: !!str 1\n")
    _same("")
    _same("--- 1\n--- 2\n")


CHARS = "督办0123456789-+.:_eExo ~#[]{},'&*!|>%@`?\n年月日" + '"' + "\\"
values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
    | st.text(st.sampled_from(list(CHARS)), max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text("abc办理", min_size=1, max_size=4), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text("编号标题", min_size=1, max_size=3), values, max_size=5))
def test_documents_written_by_duban_read_back_alike(data: dict[str, Any]) -> None:
    text = dump_new(data)
    _same(text)
    assert load_fast(text) == _safe.load(text)


# -- the fast writer for new files ------------------------------------------------------------------

LINE = st.text(st.sampled_from(list(CHARS) + ["\t", "\x07", "\u202e", " ", "：", "\U0001f600"]), max_size=16)
MULTILINE = st.lists(LINE, min_size=2, max_size=4).map(lambda lines: "\n".join(lines) + "\n")
SCALARS = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1))
EVENT = st.dictionaries(st.sampled_from(["日期", "动作", "经办人", "说明", "单位", "次数"]), SCALARS | LINE, max_size=5)
REPORT = st.fixed_dictionaries({"日期": st.dates(), "单位": LINE, "内容": LINE | MULTILINE})
CASE_SHAPED = st.fixed_dictionaries(
    {
        "编号": LINE,
        "标题": LINE,
        "来源": st.dictionaries(st.sampled_from(["类别", "依据", "日期"]), SCALARS | LINE, max_size=3),
        "督办内容": LINE | MULTILINE,
        "主办单位": st.lists(LINE, max_size=3),
        "上级事项": st.none() | LINE,
        "时限工作日": SCALARS,
        "办理过程": st.lists(EVENT, max_size=4),
        "办理报告": st.lists(REPORT, max_size=3),
    }
)


@settings(max_examples=150, deadline=None)
@given(CASE_SHAPED)
def test_the_fast_writer_reads_back_alike_and_survives_a_merge(data: dict[str, Any]) -> None:
    from duban.yamlio import dump_fast, dump_merged

    text = dump_fast(data)
    assert load_fast(text) == _safe.load(text) == data
    assert dump_merged(text, data) == text  # a later step leaves what it does not change as it is


def test_the_fast_writer_lays_a_case_out_as_ruamel_does() -> None:
    from duban.yamlio import dump_fast

    data = {
        "编号": "2026-0001",
        "来源": {"类别": "会议议定", "日期": dt.date(2026, 9, 1)},
        "督办内容": "第一行\n第二行\n",
        "主办单位": ["区财政局"],
        "协办单位": [],
        "上级事项": None,
        "办理过程": [{"日期": dt.date(2026, 9, 1), "动作": "立项", "经办人": "李明"}],
        "办理报告": [{"日期": dt.date(2026, 9, 2), "单位": "区财政局", "办结": False, "内容": "一\n二\n"}],
    }
    assert dump_fast(data) == dump_new(data)


def test_the_line_readers_patterns_are_still_ruamels() -> None:
    """duban.caselines writes ruamel's implicit resolvers out (so that reading a case file does not
    import ruamel); a new ruamel that changed them fails here, not silently."""
    from duban import caselines

    assert caselines.TYPED_PATTERNS == fastyaml.typed_patterns()


@pytest.mark.parametrize("title", ["...", "...x", "... 待定", "....", "---", "--- x"])
def test_document_markers_are_quoted_as_ruamel_quotes_them(title: str) -> None:
    """Found by the property test above: a title of "..." written plain came back quoted after a merge."""
    from duban.yamlio import dump_fast, dump_merged

    text = dump_fast({"标题": title})
    assert _safe.load(text) == {"标题": title}
    assert dump_merged(text, {"标题": title}) == text
