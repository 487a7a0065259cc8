"""Batch registration: the sample minutes and table exactly, other styles, and all or nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import HERE, Duban

from duban.calendar import WorkCalendar
from duban.config import Config, Unit
from duban.importers.deadlines import DateError, parse_deadline
from duban.importers.minutes import parse_minutes
from duban.yamlio import load_fast

D = dt.date


def imported(office: Duban, *args: str) -> dict:  # type: ignore[type-arg]
    return json.loads(office("import", *args, "--json").stdout)


def test_the_sample_minutes_register_exactly_the_expected_cases(office: Duban) -> None:
    office.today = "2026-09-15"
    before = office.commits()
    result = imported(
        office,
        "minutes",
        str(HERE / "minutes-example.txt"),
        "--meeting",
        "区政府第15次常务会议",
        "--date",
        "2026-09-14",
    )
    expected = load_fast((HERE / "minutes-example.expected.yaml").read_text(encoding="utf-8"))
    got = [(c["主办单位"], c["协办单位"], c["办理时限"], c["报告周期"]) for c in result["事项"]]
    want = [(e["主办单位"], e["协办单位"], e["办理时限"].isoformat(), e.get("报告周期", "无")) for e in expected]
    assert got == want
    assert [c["标题"] for c in result["事项"]][1] == expected[1]["标题"]
    roll = "参会或分送名单，不是议定事项"
    assert [{k: v for k, v in s.items() if k != "位置"} for s in result["跳过"]] == [
        {"行": 7, "标题": "2026年9月14日,区长王建国…", "原因": roll},  # who attended: the opening paragraph
        {"行": 21, "标题": "关于政务服务“一网通办”工作", "原因": "没有交给单位的任务"},
        {"行": 29, "标题": "出席:王建国 李红 张强 陈立新…", "原因": roll},
        {"行": 30, "标题": "列席:区发展改革局 区财政局 区…", "原因": roll},
        {"行": 31, "标题": "记录:赵敏…", "原因": roll},
    ]
    assert office.commits() == before + 1
    case = json.loads(office("show", "2026-0002", "--json").stdout)
    assert case["状态"] == "办理中" and case["交办日期"] == "2026-09-15"
    assert case["来源"] == {"类别": "会议议定", "依据": "区政府第15次常务会议", "日期": "2026-09-14"}
    assert "项目资金缺口问题由区财政局会同区发展改革局研究提出解决方案" in case["督办内容"]
    assert [e["动作"] for e in case["办理过程"]] == ["立项", "交办"]
    assert office("check").exit_code == 0


def test_the_sample_table_registers_its_five_rows(office: Duban) -> None:
    office.today = "2026-09-15"
    before = office.commits()
    result = imported(office, "table", str(HERE / "task-table-example.csv"))
    rows = [(c["标题"], c["主办单位"], c["协办单位"], c["办理时限"]) for c in result["事项"]]
    assert rows == [
        ("新开工保障性租赁住房1200套", ["区住房和城乡建设局"], ["区自然资源局", "区财政局"], "2026-12-31"),
        ("城乡居民医保参保率稳定在95%以上", ["区医疗保障局"], ["区卫生健康局"], "2026-12-31"),
        ("新增城镇就业5000人", ["区人力资源和社会保障局"], [], "2026-12-31"),
        ("完成主城区15条背街小巷提升改造", ["区城市管理局"], ["区住房和城乡建设局", "区交通运输局"], "2026-10-31"),
        ("建成区级数字化城市运行管理平台并投入运行", ["区城市管理局"], ["区政务服务中心"], "2026-11-30"),
    ]
    assert office.commits() == before + 1
    assert office.git("log", "-1", "--format=%s").startswith("立项 5项 2026-0001")
    assert json.loads(office("show", "2026-0001", "--json").stdout)["来源"]["类别"] == "政府工作报告"


MINUTES_OTHER_STYLE = """\
区政府第8次专题会议纪要

一、关于重点项目建设
（一）项目审批
请区发改局会同区资规局，下周五前提出审批提速方案，每周向区政府报告进展。
（二）资金保障
责成区财政局本月底前拨付首批资金。
二、关于民生实事
1. 区教育局、区卫健局按职责分工，一季度末前完成校医配备。
2. 区民政局负责养老服务补贴发放，十个工作日内完成；区人社局负责公益岗位招聘，上半年完成。
三、关于下步工作
会议指出，下一步要继续抓好落实。
"""


def test_minutes_in_another_style(office: Duban, tmp_path: Path) -> None:
    path = tmp_path / "纪要.txt"
    path.write_bytes(MINUTES_OTHER_STYLE.encode("gbk"))
    office.today = "2026-11-05"
    result = imported(office, "minutes", str(path), "--meeting", "区政府第8次专题会议", "--date", "2026-11-04")
    got = [(c["主办单位"], c["协办单位"], c["办理时限"], c["报告周期"]) for c in result["事项"]]
    assert got == [
        (["区发展和改革局"], ["区自然资源局"], "2026-11-13", "每周"),  # 下周五 from Wednesday 11-04
        (["区财政局"], [], "2026-11-30", "无"),
        (["区教育局", "区卫生健康局"], [], "2027-03-31", "无"),  # the next end of a first quarter
        (["区民政局"], [], "2026-11-18", "无"),  # ten working days after 11-04
        (["区人力资源和社会保障局"], [], "2027-06-30", "无"),
    ]
    assert result["跳过"] == [{"行": 11, "位置": "第11行", "标题": "关于下步工作", "原因": "没有交给单位的任务"}]


def test_an_unknown_unit_in_minutes_registers_nothing(office: Duban, tmp_path: Path) -> None:
    path = tmp_path / "纪要.txt"
    path.write_text(
        "一、关于某事\n请区住建委牵头，10月30日前完成方案。\n二、关于另一事\n请区财政局年底前完成。\n", encoding="utf-8"
    )
    office.today = "2026-09-15"
    before = office.commits()
    result = office("import", "minutes", str(path), "--meeting", "某会议", "--date", "2026-09-14", ok=False)
    assert result.exit_code == 1
    assert f"{path}:2: 单位“区住建委”不在单位名录中，是否是：" in result.stderr
    assert "本次未登记任何事项" in result.stderr
    assert office.commits() == before and not (office.root / "cases" / "2026").exists()


def test_a_table_with_one_unknown_unit_registers_nothing(office: Duban, tmp_path: Path) -> None:
    path = tmp_path / "任务.csv"
    path.write_text(
        "序号,任务内容,责任单位,协办单位,时间节点\n1,任务一,区财政局,,2026-11-30\n2,任务二,区教委,区民政局,年底前\n",
        encoding="utf-8-sig",
    )
    office.today = "2026-09-15"
    before = office.commits()
    result = office("import", "table", str(path), ok=False)
    assert result.exit_code == 1
    assert f"{path}:3: 单位“区教委”不在单位名录中，是否是：区教育局" in result.stderr
    assert office.commits() == before and not (office.root / "cases" / "2026").exists()


def test_an_unreadable_date_names_its_row(office: Duban, tmp_path: Path) -> None:
    path = tmp_path / "任务.csv"
    path.write_text("工作任务,牵头单位,完成时限\n任务一,财政局,尽快\n任务二,财政局,2026年2月30日\n", encoding="gbk")
    office.today = "2026-01-05"
    result = office("import", "table", str(path), ok=False)
    assert f"{path}:2: 完成时限“尽快”看不懂" in result.stderr
    assert f"{path}:3: 完成时限“2026年2月30日”看不懂" in result.stderr


def test_dry_run_changes_nothing(office: Duban) -> None:
    office.today = "2026-09-15"
    before = office.commits()
    result = imported(office, "table", str(HERE / "task-table-example.csv"), "--dry-run")
    assert result["预览"] is True and len(result["事项"]) == 5
    assert office.commits() == before and not (office.root / "cases" / "2026").exists()
    assert office.git("status", "--porcelain") == ""


def test_an_xlsx_table_with_real_date_cells(office: Duban, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "事项", "主办单位", "配合单位", "办结时限", "来源", "批示领导"])
    sheet.append([1, "完成城区路灯改造", "城管局", "区交通局；区住建局", dt.datetime(2026, 12, 20), "领导交办", "张强"])
    sheet.append([2, "开展食品安全专项整治", "市场监管局", None, "2026年11月底", None, None])
    path = tmp_path / "任务.xlsx"
    book.save(path)
    office.today = "2026-09-15"
    result = imported(office, "table", str(path), "--source-ref", "2026年区政府工作报告")
    assert [(c["主办单位"], c["协办单位"], c["办理时限"]) for c in result["事项"]] == [
        (["区城市管理局"], ["区交通运输局", "区住房和城乡建设局"], "2026-12-20"),
        (["区市场监督管理局"], [], "2026-11-30"),
    ]
    first = json.loads(office("show", "2026-0001", "--json").stdout)
    assert first["来源"]["类别"] == "领导交办" and first["批示领导"] == "张强"
    second = json.loads(office("show", "2026-0002", "--json").stdout)
    assert second["来源"] == {"类别": "政府工作报告", "依据": "2026年区政府工作报告"}


def test_a_thousand_rows_are_one_commit(office: Duban, tmp_path: Path) -> None:
    path = tmp_path / "任务.csv"
    lines = ["工作任务,牵头单位,配合单位,完成时限"]
    lines += [f"第{n}项重点工作任务,区财政局,区教育局、区民政局,2026-12-{1 + n % 28:02d}" for n in range(1, 1001)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    office.today = "2026-09-15"
    before = office.commits()
    office("import", "table", str(path))
    assert office.commits() == before + 1
    assert len(list((office.root / "cases" / "2026").iterdir())) == 1000
    assert office.git("show", "--name-only", "--format=", "HEAD").count("cases/2026/") == 1000


# -- deadline phrases ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("于2026年10月31日前完成", D(2026, 10, 31)),
        ("10月30日前报区政府", D(2026, 10, 30)),
        ("3月1日前完成", D(2027, 3, 1)),  # already past this year: next year
        ("11月底前完成", D(2026, 11, 30)),
        ("本月底前完成", D(2026, 9, 30)),
        ("年底前完成", D(2026, 12, 31)),
        ("2026年12月底", D(2026, 12, 31)),
        ("2026-11-30", D(2026, 11, 30)),
        ("10个工作日内报区政府", D(2026, 9, 28)),
        ("十五个工作日内", D(2026, 10, 10)),  # 9-20 and 10-10 are make-up days
        ("15天内", D(2026, 9, 29)),
        ("下周五前", D(2026, 9, 25)),
        ("本周内", D(2026, 9, 18)),
        ("三季度末", D(2026, 9, 30)),
        ("一季度末", D(2027, 3, 31)),
        ("上半年完成", D(2027, 6, 30)),
        ("12月中旬前完成", D(2026, 12, 20)),
        ("10月上旬", D(2026, 10, 10)),
        ("2月下旬前", D(2027, 2, 28)),  # already past this year: next year's February
        ("2026年11月下旬", D(2026, 11, 30)),
    ],
)
def test_deadline_phrases_from_a_meeting_on_monday_14_september(text: str, expected: dt.date) -> None:
    stated = parse_deadline(text, D(2026, 9, 14), WorkCalendar())
    assert stated is not None and stated.date == expected


def test_no_deadline_and_a_bad_one() -> None:
    assert parse_deadline("纳入2027年区级重点项目，抓紧推进", D(2026, 9, 14), WorkCalendar()) is None
    with pytest.raises(DateError):
        parse_deadline("2026年2月30日前", D(2026, 9, 14), WorkCalendar())


def test_without_a_stated_deadline_the_config_rule_applies(office: Duban, tmp_path: Path) -> None:
    path = tmp_path / "纪要.txt"
    path.write_text("一、关于某事\n请区财政局抓紧研究提出意见。\n", encoding="utf-8")
    office.today = "2026-09-28"
    result = imported(office, "minutes", str(path), "--meeting", "某会议", "--date", "2026-09-25")
    assert result["事项"][0]["办理时限"] == "2026-10-10"  # 5 working days after the assignment


def test_a_section_with_two_tasks_in_one_sentence() -> None:
    config = Config(office="x", units=(Unit("区民政局", ("民政局",)), Unit("区人社局")))
    result = parse_minutes(
        "一、关于民生\n民政局负责补贴发放，10月底前完成，区人社局负责岗位招聘，年底前完成。\n",
        "会议",
        D(2026, 9, 14),
        config,
        WorkCalendar(),
    )
    assert [(d.lead_units, d.deadline) for d in result.drafts] == [
        (("区民政局",), D(2026, 10, 31)),
        (("区人社局",), D(2026, 12, 31)),
    ]


ATTENDANCE_MINUTES = """区政府第20次常务会议纪要
2026年10月9日，副区长张强主持召开会议，研究背街小巷整治工作。
一、关于背街小巷整治
会议要求，由区城市管理局负责，区财政局配合，于2026年11月30日前完成15条背街小巷提升改造。
区交通运输局、区财政局、区住房和城乡建设局负责同志参加会议。
二、其他
参加：区交通运输局、区财政局、区住房和城乡建设局
列席：区教育局
请假：区民政局
记录：区政府办公室
"""


def test_attendance_and_distribution_lines_are_never_tasks(office: Duban, tmp_path: Path) -> None:
    minutes = tmp_path / "纪要.txt"
    minutes.write_text(ATTENDANCE_MINUTES, encoding="utf-8")
    office.today = "2026-10-10"
    args = ["import", "minutes", str(minutes), "--meeting", "第20次常务会议", "--date", "2026-10-09"]
    preview = json.loads(office(*args, "--dry-run", "--json").stdout)
    assert [(c["主办单位"], c["协办单位"]) for c in preview["事项"]] == [(["区城市管理局"], ["区财政局"])]
    skipped = {item["行"]: item["原因"] for item in preview["跳过"]}
    assert all(skipped.get(line) == "参会或分送名单，不是议定事项" for line in (5, 7, 8, 9, 10)), skipped


def test_decisions_imported_by_an_earlier_version_are_still_recognised(office: Duban) -> None:
    from duban.importers import fingerprint

    office.today = "2026-09-15"
    args = [
        "import",
        "minutes",
        str(HERE / "minutes-example.txt"),
        "--meeting",
        "第15次常务会议",
        "--date",
        "2026-09-14",
    ]
    office(*args)
    path = office.file("2026-0001")
    text = path.read_text(encoding="utf-8")
    clause = "区住房城乡建设局牵头,区财政局、区自然资源局配合,于2026年10月31日前完成二期改造方案编制并报区政府审定"
    new = fingerprint(f"2026-09-14|会议要求,{clause}")
    assert new in text
    path.write_text(text.replace(new, fingerprint(f"第15次常务会议|会议要求,{clause}")), encoding="utf-8")
    office.git("commit", "-qam", "以前的版本导入的指纹")
    again = office(*args, ok=False)
    assert again.exit_code == 1 and "已于此前导入为 2026-0001" in again.stderr
