"""Case files: the mapping round-trips exactly, and bad content becomes located problems."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from duban.events import replay
from duban.model import (
    CASE_KEYS,
    REPORT_CYCLES,
    SOURCE_KINDS,
    STATUSES,
    URGENCIES,
    Case,
    Event,
    Report,
    Source,
    case_to_mapping,
    replace,
)
from duban.schema import case_from_mapping
from duban.store import parse_case_text
from duban.yamlio import dump_merged, dump_new, load_fast

# Text a clerk might type: Chinese, digits, punctuation that YAML cares about, line breaks.
_chars = st.sampled_from(list("督办事项改造区局科长：:#-[]{},'\"&*!|>%@` 　\n\t0123456789abcXYZ，。、（）《》〔〕"))
text = st.text(_chars, max_size=40).map(lambda s: s.strip(" \t\n　"))
one_line = text.map(lambda s: " ".join(s.split()))
names = st.lists(st.sampled_from(["区财政局", "区教育局", "区住房和城乡建设局", "区民政局"]), unique=True, max_size=3)
dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def cases(draw: st.DrawFn) -> Case:
    registered = draw(dates)
    serial = draw(st.integers(1, 9999))
    case_id = f"{registered.year}-{serial:04d}"
    units = draw(names)
    split = draw(st.integers(0, len(units)))
    status = draw(st.sampled_from(STATUSES))
    assigned = None if status == "待交办" else registered + dt.timedelta(days=draw(st.integers(0, 5)))
    deadline = None
    if assigned is not None or draw(st.booleans()):
        deadline = (assigned or registered) + dt.timedelta(days=draw(st.integers(0, 60)))
    lead = tuple(units[:split]) or (("区民政局",) if status != "待交办" else ())
    co = tuple(u for u in units[split:] if u not in lead)
    day = registered
    events = []
    for _ in range(draw(st.integers(1, 4))):
        day += dt.timedelta(days=draw(st.integers(0, 9)))
        extra = tuple(
            draw(st.lists(st.sampled_from([("批准人", "张副区长"), ("延期至", day)]), unique=True, max_size=2))
        )
        action = draw(st.sampled_from(["立项", "交办", "催办", "延期"]))
        if action == "交办":  # as assign writes it: the deadline it set
            extra = (*[kv for kv in extra if kv[0] != "延期至"], ("办理时限", day + dt.timedelta(days=5)))
            lead = lead or ("区民政局",)
            co = tuple(u for u in co if u not in lead)
        events.append(Event(day, action, draw(one_line) or "李明", draw(one_line), extra))
    reports = tuple(
        Report(day, "区民政局", draw(one_line) or "赵局长", draw(st.booleans()), draw(text))
        for _ in range(draw(st.integers(0, 2)))
    )
    # A case is what its events say: the generated fields are replaced by the replay's, and the
    # events it cannot accept (a second 交办, a 催办 before 交办) are kept void.
    return replay(
        Case(
            id=case_id,
            doc_number=f"督〔{registered.year}〕{serial}号",
            title=draw(one_line) or "标题",
            source=Source(draw(st.sampled_from(SOURCE_KINDS)), draw(one_line), draw(st.none() | dates)),
            leaders=tuple(draw(st.lists(st.sampled_from(["王建国", "李红", "张强"]), unique=True, max_size=3))),
            content=draw(text),
            lead_units=lead,
            co_units=co,
            urgency=draw(st.sampled_from(URGENCIES)),
            report_scope=draw(st.sampled_from(["一般性", "综合性"])),
            restricted_to=tuple(draw(st.lists(st.sampled_from(["李明", "王芳"]), unique=True))),
            report_cycle=draw(st.sampled_from(REPORT_CYCLES)),
            parent=draw(st.none() | st.just("2019-0001")),
            registered=registered,
            assigned=assigned,
            deadline=deadline,
            deadline_days=draw(st.none() | st.integers(0, 30)),
            status=status,
            events=tuple(events),
            reports=reports,
        )
    ).case


def _normalize(case: Case) -> Case:
    """Multi-line text is written as a literal block, which always ends with one newline."""

    def block(value: str) -> str:
        return value.rstrip("\n") + "\n" if "\n" in value.strip("\n") else value

    return replace(
        case,
        content=block(case.content),
        reports=tuple(replace(r, text=block(r.text)) for r in case.reports),
    )


@settings(max_examples=150, deadline=None)
@given(cases())
def test_a_case_written_and_read_back_is_the_same_case(case: Case) -> None:
    written = dump_new(case_to_mapping(case))
    parsed = parse_case_text(f"cases/{case.id[:4]}/{case.id}.yaml", written)
    assert parsed.problems == ()
    assert parsed.case == _normalize(case)
    assert [k for k in load_fast(written) if k in CASE_KEYS] == [k for k in CASE_KEYS if k in load_fast(written)]


@settings(max_examples=60, deadline=None)
@given(cases(), cases())
def test_merging_a_change_keeps_a_hand_comment_and_reads_as_the_new_case(old: Case, new: Case) -> None:
    new = replace(new, id=old.id, doc_number=old.doc_number)
    written = dump_new(case_to_mapping(old))
    commented = written.replace("\n状态:", "\n# 手工备注：请科长复核\n状态:", 1)
    merged = dump_merged(commented, case_to_mapping(new))
    assert "# 手工备注：请科长复核" in merged
    parsed = parse_case_text(f"cases/{old.id[:4]}/{old.id}.yaml", merged)
    assert parsed.case is not None
    # An event that exists on both sides keeps its fields in the order the file has them.
    assert _sorted_extras(parsed.case) == _sorted_extras(_normalize(new))


def _sorted_extras(case: Case) -> Case:
    def ordered(event: Event) -> Event:
        return replace(event, extra=tuple(sorted(event.extra, key=lambda kv: kv[0])))

    return replace(
        case,
        events=tuple(ordered(e) for e in case.events),
        voided=tuple((place, ordered(e)) for place, e in case.voided),
    )


def test_unchanged_values_keep_their_hand_formatting() -> None:
    original = (
        "编号: 2026-0017\n文号: '督〔2026〕17号'\n标题: 加快推进  # 原文如此\n来源:\n  类别: 会议议定\n"
        "紧急程度: 一般\n立项日期: 2026-05-11\n状态: 待交办\n"
        "办理过程:\n- 日期: 2026-05-11\n  动作: 立项\n  经办人: 李明\n"
    )
    case, problems = case_from_mapping(load_fast(original), "2026-0017")
    assert problems == [] and case is not None
    changed = case.with_event(Event(dt.date(2026, 5, 12), "催办", "李明"))
    merged = dump_merged(original, case_to_mapping(changed))
    assert merged.startswith(
        "编号: 2026-0017\n文号: '督〔2026〕17号'\n标题: 加快推进  # 原文如此\n来源:\n  类别: 会议议定\n"
    )
    assert "- 日期: 2026-05-11\n  动作: 立项\n  经办人: 李明\n" in merged
    assert "{日期: 2026-05-12, 动作: 催办, 经办人: 李明}" in merged


def test_problems_are_collected_not_raised() -> None:
    data = {"编号": "2026-17", "标题": "", "来源": {"类别": "会议议定", "备注": "x"}, "状态": "进行中", "多余": 1}
    case, problems = case_from_mapping(data, "2026-0017")
    messages = [p.message for p in problems]
    assert case is None
    assert any("未知字段“多余”" in m for m in messages)
    assert any("缺少必填字段“标题”" in m for m in messages)
    assert any("缺少必填字段“立项日期”" in m for m in messages)
    assert any("编号“2026-17”格式不对" in m for m in messages)
    assert any("“状态”不能是“进行中”" in m for m in messages)
    assert any("来源中未知字段“备注”" in m for m in messages)


def test_a_deadline_before_assignment_is_a_problem() -> None:
    data = {
        "编号": "2026-0001",
        "标题": "某事项",
        "来源": {"类别": "领导批示"},
        "紧急程度": "一般",
        "主办单位": ["区财政局"],
        "立项日期": dt.date(2026, 5, 11),
        "交办日期": dt.date(2026, 5, 12),
        "办理时限": dt.date(2026, 5, 10),
        "状态": "办理中",
    }
    _, problems = case_from_mapping(data, "2026-0001")
    assert [p.message for p in problems] == ["办理时限 2026-05-10 早于交办日期 2026-05-12"]
    assert problems[0].keypath == ("办理时限",)


def test_a_superscript_digit_year_in_holidays_is_a_problem_not_a_crash() -> None:
    """Found by the fuzzer: "²".isdigit() is true, int("²") fails."""
    from duban.config import config_from_mapping

    _, problems = config_from_mapping({"机关名称": "某办", "节假日": {"²": None}})
    assert any("节假日的年份" in p.message for p in problems)


def test_text_is_judged_the_same_with_and_without_the_quick_check() -> None:
    """schema.text_problem lets text through after str.isprintable; every control character (C0,
    C1), line separator and noncharacter is still refused, text isprintable rejects but the rule
    allows (a full-width space) still passes, and the length limits hold."""
    from duban.schema import LINE_LIMIT, TEXT_LIMIT, text_problem

    for code in [*range(0x20), 0x7F]:
        char = chr(code)
        assert text_problem(f"甲{char}乙", "标题") is not None, code
        allowed = char in "\t\n\r"
        assert (text_problem(f"甲{char}乙", "督办内容", multiline=True) is None) == allowed, code
    for fine in ("区\u3000财政局", "甲\u00a0乙", "甲\ue000乙", "", "长" * LINE_LIMIT):
        assert text_problem(fine, "标题") is None, fine
    # C1 controls, line separators, noncharacters and lone surrogates break outputs (issue 26).
    for code in [*range(0x80, 0xA0), 0x2028, 0x2029, 0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x10FFFF, 0xDCFF]:
        assert text_problem(f"甲{chr(code)}乙", "标题") is not None, code
        assert text_problem(f"甲{chr(code)}乙", "督办内容", multiline=True) is not None, code
    assert "超过 200 字" in (text_problem("长" * (LINE_LIMIT + 1), "标题") or "")
    assert text_problem("长" * TEXT_LIMIT, "督办内容", multiline=True) is None
    assert text_problem("长" * (TEXT_LIMIT + 1), "督办内容", multiline=True) is not None
