"""Oracle: one session's 50 人大代表建议, from the table import to the session summary, through the command line.

The batch of 区十八届人大五次会议 is imported and assigned (交办) on 2026-03-20, then driven day by day
to 2026-08-31: answers with their class (A/B/C), the office's close (one class changed), the deputies'
satisfaction (测评), one 不满意 handled again to 满意 and one still being handled again, one wrong-unit
return (退办) within 10 days and one past them, each reassigned, one more late return just before the
summary, one extension (to a Saturday) and one refused beyond the 6-month cap, co-units' opinions on time,
late and missing. Every figure of the summary is a hand count written as a literal below.

Calendar facts used (2026, State Council notice): 06-19..06-21 端午 (06-20 Sat, 06-21 Sun);
09-20 (Sun) is a make-up working day (国庆 调休上班).

Deadlines by hand:
- 交办 03-20 (Fri): 3 months = 06-20 (Sat, 端午) -> 06-21 (Sun, 端午) -> 06-22 (Mon).
- co-unit opinion: 1 month after 03-20 = 04-20 (Mon).
- case 34 reassigned 03-27: 06-27 (Sat) -> 06-29 (Mon).
- case 35 reassigned 04-13: 07-13 (Mon).
- case 43 reassigned 08-24: 11-24 (Tue).
- case 36 extended on 06-15 to 08-22 (Sat) -> 08-24 (Mon).
- 6-month cap for 交办 03-20: 09-20, a Sunday but a make-up working day, so 09-21 is beyond it.
- case 37 不满意 on 06-05: 07-05 (Sun) -> 07-06 (Mon); case 38 不满意 on 08-10: 09-10 (Thu).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import UNITS_FILE, Duban
from typer.testing import CliRunner

from duban.cli import app

SESSION = "区十八届人大五次会议"
AS_OF = "2026-08-31"

# Full names of the units the scenario uses (the CSV uses their short names).
住建 = "区住房和城乡建设局"
教育 = "区教育局"
卫健 = "区卫生健康局"
交通 = "区交通运输局"
城管 = "区城市管理局"
民政 = "区民政局"
人社 = "区人力资源和社会保障局"
生态 = "区生态环境分局"
财政 = "区财政局"
资规 = "区自然资源局"

TOPICS = [
    "加快城东片区老旧小区改造",
    "增设社区养老服务站",
    "改善背街小巷照明",
    "规范电动自行车充电设施",
    "扩大普惠性幼儿园学位",
    "缓解中小学上下学交通拥堵",
    "加强校园周边食品安全",
    "推进课后服务提质",
    "提升社区卫生服务中心诊疗能力",
    "推进家庭医生签约服务",
    "加强基层公共卫生应急能力",
    "优化公交线网",
    "增设城区停车泊位",
    "改善农村客运通达",
    "整治占道经营",
    "推进垃圾分类",
    "完善困难群众救助机制",
    "加强未成年人保护",
    "支持高校毕业生就业",
    "加强河道水环境治理",
    "加快保障性租赁住房建设",
    "推进物业服务规范化",
    "建设智慧校园",
    "加强心理健康服务",
    "完善慢行交通系统",
    "提升城市绿化品质",
    "推进居家养老服务",
    "规范劳务派遣用工",
    "加强大气污染防治",
    "推进既有住宅加装电梯",
    "优化学校周边公交站点",
    "治理建筑工地扬尘",
    "开展职业技能培训",
    "推进社区嵌入式服务设施",
    "加快城中村改造",
    "加强工业园区环境监管",
    "规范住宅小区维修资金使用",
    "推进集团化办学",
    "加强急救站点建设",
    "打通断头路",
    "治理城市内涝",
    "保障灵活就业人员权益",
    "推进医养结合",
    "加强婚姻家庭辅导",
    "推进海绵城市建设",
    "加强教师队伍建设",
    "推进基层医疗机构药品配备",
    "整治交通噪声",
    "推进农村生活污水治理",
    "加强殡葬服务管理",
]

# 案号 n (row n of the table): 领衔代表, 主办单位 as imported (short name), 协办单位 (short names, 、-separated).
ROWS: dict[int, tuple[str, str, str]] = {
    1: ("张伟", "住建局", "财政局"),
    2: ("王秀英", "住建局", "自然资源局"),
    3: ("李强", "住建局", "财政局、自然资源局"),
    4: ("刘洋", "住建局", ""),
    5: ("陈静", "教育局", ""),
    6: ("杨帆", "教育局", ""),
    7: ("赵磊", "教育局", ""),
    8: ("黄敏", "教育局", ""),
    9: ("周杰", "卫健局", ""),
    10: ("吴霞", "卫健局", ""),
    11: ("徐涛", "卫健局", ""),
    12: ("孙丽", "交通局", ""),
    13: ("张伟", "交通局", ""),
    14: ("王秀英", "交通局", ""),
    15: ("李强", "城管局", ""),
    16: ("刘洋", "城管局", ""),
    17: ("陈静", "民政局", ""),
    18: ("杨帆", "民政局", ""),
    19: ("赵磊", "人社局", ""),
    20: ("黄敏", "生态环境分局", ""),
    21: ("张伟", "住建局", ""),
    22: ("王秀英", "住建局", ""),
    23: ("李强", "教育局", "住建局"),
    24: ("刘洋", "卫健局", ""),
    25: ("陈静", "交通局", ""),
    26: ("杨帆", "城管局", ""),
    27: ("赵磊", "民政局", ""),
    28: ("黄敏", "人社局", ""),
    29: ("周杰", "生态环境分局", ""),
    30: ("吴霞", "住建局", ""),
    31: ("张伟", "交通局", ""),
    32: ("王秀英", "城管局", ""),
    33: ("李强", "人社局", ""),
    34: ("刘洋", "教育局", ""),  # 教育局 returns it on 03-25; 民政局 from 03-27
    35: ("陈静", "城管局", ""),  # 城管局 returns it on 04-10 (late); 住建局 from 04-13
    36: ("杨帆", "生态环境分局", ""),
    37: ("张伟", "住建局", ""),
    38: ("王秀英", "教育局", ""),
    39: ("李强", "卫健局", ""),
    40: ("刘洋", "交通局", "财政局"),
    41: ("陈静", "城管局", ""),
    42: ("杨帆", "人社局", ""),
    43: ("赵磊", "卫健局", ""),  # 卫健局 returns it on 08-20 (late); 人社局 from 08-24
    44: ("黄敏", "民政局", "财政局"),
    45: ("张伟", "住建局", "自然资源局"),
    46: ("周杰", "教育局", "财政局"),
    47: ("吴霞", "卫健局", "财政局"),
    48: ("徐涛", "交通局", ""),
    49: ("徐涛", "生态环境分局", ""),
    50: ("孙丽", "民政局", ""),
}
COSIGNERS = ["马超、林芳", "高峰", "郑红、何军、罗兰", "梁晨"]


def 案号(n: int) -> str:
    return f"第{n:03d}号"


def the_table(tmp: Path) -> Path:
    lines = ["案号,标题,领衔代表,联名代表,主办单位,协办单位"]
    for n, (lead_deputy, unit, co) in ROWS.items():
        lines.append(f"{案号(n)},关于{TOPICS[n - 1]}的建议,{lead_deputy},{COSIGNERS[n % 4]},{unit},{co}")
    path = tmp / "建议交办表.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- The scenario, as events (day, 案号, command). Same-day events keep the order written here. ---

Event = tuple[str, int, tuple[str, ...]]


def answered(
    n: int, unit: str, report: str, cls: str, close: str, sat_day: str | None = None, sat: str = "", *close_args: str
) -> list[Event]:
    events: list[Event] = [
        (
            report,
            n,
            ("report", "ID", "--unit", unit, "--signer", "负责人", "--text", "答复如下", "--final", "--class", cls),
        ),
        (close, n, ("close", "ID", *close_args)),
    ]
    if sat_day:
        events.append((sat_day, n, ("satisfaction", "ID", "--result", sat)))
    return events


def opinion(n: int, day: str, co: str) -> Event:
    return (day, n, ("report", "ID", "--unit", co, "--signer", "协办负责人", "--text", "协办意见"))


def show(n: int, day: str, label: str) -> Event:
    return (day, n, ("SHOW", label))


def scenario() -> list[Event]:
    ev: list[Event] = []
    # Cases 1–20: answered 05-12, closed 05-15, evaluated 06-05.
    # Classes: 1–12 A, 13–18 B, 19–20 C. Satisfaction: 1–17 满意, 18–20 基本满意.
    for n in range(1, 21):
        cls = "A" if n <= 12 else "B" if n <= 18 else "C"
        ev += answered(n, ROWS[n][1], "2026-05-12", cls, "2026-05-15", "2026-06-05", "满意" if n <= 17 else "基本满意")
    # Cases 21–30: answered 06-10, closed 06-12, evaluated 07-06 (30 never evaluated).
    # Classes: 21–25 A, 26–29 B, 30 C. Satisfaction: 21–27 满意, 28–29 基本满意.
    ev.append(  # refused extension, beyond the 6-month cap (09-20): nothing changes
        (
            "2026-06-01",
            21,
            ("EXTEND-REFUSED", "ID", "--to", "2026-09-21", "--reason", "需协调资金", "--approved-by", "王建国"),
        )
    )
    for n in range(21, 31):
        cls = "A" if n <= 25 else "B" if n <= 29 else "C"
        sat = "满意" if n <= 27 else "基本满意"
        ev += answered(n, ROWS[n][1], "2026-06-10", cls, "2026-06-12", None if n == 30 else "2026-07-06", sat)
    # Co-units' opinions (due 04-20): on time for 1, 2, 3 (both), 23; 47 on the day itself; 45 late (04-28).
    ev += [
        opinion(1, "2026-04-15", "财政局"),
        opinion(2, "2026-04-15", "自然资源局"),
        opinion(3, "2026-04-15", "财政局"),
        opinion(3, "2026-04-15", "自然资源局"),
        opinion(23, "2026-04-15", "住建局"),
        opinion(47, "2026-04-20", "财政局"),
        opinion(45, "2026-04-28", "自然资源局"),
    ]
    # 31: answered on its deadline 06-22 (06-20 rolled over 端午): on time.
    ev += answered(31, "交通局", "2026-06-22", "A", "2026-06-24", "2026-07-06", "满意")
    ev.append(show(31, "2026-06-24", "31 closed"))
    # 32, 33: late answers.
    ev += answered(32, "城管局", "2026-06-23", "B", "2026-06-26", "2026-07-20", "基本满意")
    ev.append(show(32, "2026-06-26", "32 closed"))
    ev += answered(33, "人社局", "2026-07-02", "C", "2026-07-06")
    # 34: 教育局 returns it after 5 days (not late); reassigned to 民政局 on 03-27 -> 06-29; answered on 06-29.
    ev += [
        ("2026-03-25", 34, ("decline", "ID", "--unit", "教育局", "--reason", "属民政部门职责")),
        show(34, "2026-03-25", "34 declined"),
        ("2026-03-27", 34, ("assign", "ID", "--lead-unit", "民政局")),
        show(34, "2026-03-27", "34 reassigned"),
    ]
    ev += answered(34, "民政局", "2026-06-29", "A", "2026-07-01", "2026-07-20", "满意")
    # 35: 城管局 returns it after 21 days (逾期退办); reassigned to 住建局 on 04-13 -> 07-13; answered 07-10.
    ev += [
        ("2026-04-10", 35, ("decline", "ID", "--unit", "城管局", "--reason", "属住建部门职责")),
        ("2026-04-13", 35, ("assign", "ID", "--lead-unit", "住建局")),
        show(35, "2026-04-13", "35 reassigned"),
    ]
    ev += answered(35, "住建局", "2026-07-10", "B", "2026-07-14", "2026-07-20", "基本满意")
    # 36: extended on 06-15 (before 06-22) to 08-22, a Saturday -> 08-24; answered on 08-24: on time.
    ev += [
        ("2026-06-15", 36, ("extend", "ID", "--to", "2026-08-22", "--reason", "需实地勘测", "--approved-by", "王建国")),
        show(36, "2026-06-15", "36 extended"),
    ]
    ev += answered(36, "生态环境分局", "2026-08-24", "B", "2026-08-26", "2026-08-28", "满意")
    ev.append(show(36, "2026-08-26", "36 closed"))
    # 37: answered C on time, 不满意 on 06-05 (new answer due 07-06), answered again B, closed, then 满意.
    ev += answered(37, "住建局", "2026-05-20", "C", "2026-05-22", "2026-06-05", "不满意")
    ev.append(show(37, "2026-06-05", "37 reopened"))
    ev += answered(37, "住建局", "2026-07-06", "B", "2026-07-08", "2026-07-20", "满意")
    # 38: answered B on time, 不满意 on 08-10 (new answer due 09-10): still being handled again on 08-31.
    ev += answered(38, "教育局", "2026-06-01", "B", "2026-06-03", "2026-08-10", "不满意")
    ev.append(show(38, "2026-08-10", "38 reopened"))
    # 39, 40: nothing at all; 41: a progress report only. All three overdue on 08-31.
    ev.append(("2026-05-11", 41, ("report", "ID", "--unit", "城管局", "--signer", "负责人", "--text", "正在办理")))
    # 42: the answer filed late (08-25) but not yet accepted: 待审核 on 08-31.
    ev.append(
        (
            "2026-08-25",
            42,
            ("report", "ID", "--unit", "人社局", "--signer", "负责人", "--text", "答复", "--final", "--class", "C"),
        )
    )
    # 43: 卫健局 returns it on 08-20 (153 days: 逾期退办); reassigned to 人社局 on 08-24 -> 11-24.
    ev += [
        ("2026-08-20", 43, ("decline", "ID", "--unit", "卫健局", "--reason", "属人社部门职责")),
        ("2026-08-24", 43, ("assign", "ID", "--lead-unit", "人社局")),
        show(43, "2026-08-24", "43 reassigned"),
    ]
    # 44: answered 04-10, closed 04-14, before its co-unit's opinion was due; the opinion never came.
    ev += answered(44, "民政局", "2026-04-10", "A", "2026-04-14", "2026-05-06", "满意")
    # 45: late co-unit opinion (above); answered on time.
    ev += answered(45, "住建局", "2026-06-15", "A", "2026-06-17", "2026-07-06", "基本满意")
    # 46: co-unit opinion never came, closed 06-10 (open past 04-20).
    ev += answered(46, "教育局", "2026-06-08", "B", "2026-06-10", "2026-07-06", "满意")
    # 47: co-unit opinion on 04-20 itself (on time).
    ev += answered(47, "卫健局", "2026-05-12", "A", "2026-05-15", "2026-06-05", "满意")
    # 48: the unit marks C, the office decides B at close.
    ev += answered(48, "交通局", "2026-05-12", "C", "2026-05-15", "2026-06-05", "基本满意", "--class", "B")
    # 49, 50: answered on time, never evaluated.
    ev += answered(49, "生态环境分局", "2026-06-18", "A", "2026-06-24")
    ev += answered(50, "民政局", "2026-06-18", "C", "2026-06-24")
    ev += [show(1, "2026-03-20", "1 assigned")]
    return ev


class Session:
    def __init__(self, office: Duban, ids: dict[int, str]) -> None:
        self.office = office
        self.ids = ids
        self.shown: dict[str, dict[str, Any]] = {}
        self.outputs: dict[tuple[int, str, str], str] = {}
        self.refused: Any = None

    def run(self, day: str, *args: str, ok: bool = True) -> Any:
        self.office.today = day
        return self.office(*args, ok=ok)


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    tmp = tmp_path_factory.mktemp("session")
    root = tmp / "office"
    made = CliRunner().invoke(
        app, ["--by", "李明", "init", str(root), "--office", "示范区人民政府办公室", "--units", str(UNITS_FILE)]
    )
    assert made.exit_code == 0, made.output
    office = Duban(root)
    office.today = "2026-03-20"
    office("import", "table", str(the_table(tmp)), "--source-kind", "人大建议", "--session", SESSION)
    listed = json.loads(office("list", "--json").stdout)
    ids = {int(case["来源"]["案号"][1:4]): case["编号"] for case in listed}
    assert sorted(ids) == list(range(1, 51))
    s = Session(office, ids)
    for day, n, args in sorted(scenario(), key=lambda event: event[0]):
        if args[0] == "SHOW":
            s.shown[args[1]] = json.loads(s.run(day, "show", ids[n], "--json").stdout)
            continue
        if args[0] == "EXTEND-REFUSED":
            s.refused = s.run(day, "extend", *[ids[n] if a == "ID" else a for a in args[1:]], ok=False)
            s.shown["21 after refusal"] = json.loads(s.run(day, "show", ids[n], "--json").stdout)
            continue
        result = s.run(day, *[ids[n] if a == "ID" else a for a in args])
        s.outputs[(n, day, args[0])] = result.stdout
    return s


# --- What the procedure commands did (main has all of them) ---


def test_the_import_registers_and_assigns_the_whole_session(session: Session) -> None:
    assert list(session.ids.values()) == [f"2026-{n:04d}" for n in range(1, 51)]
    case = session.shown["1 assigned"]
    assert case["来源"]["类别"] == "人大建议"
    assert case["来源"]["届次"] == SESSION
    assert case["来源"]["案号"] == "第001号"
    assert case["来源"]["领衔"] == "张伟"
    assert case["来源"]["联名"] == ["高峰"]
    assert case["主办单位"] == [住建] and case["协办单位"] == [财政]
    assert case["状态"] == "办理中" and case["交办日期"] == "2026-03-20"
    # 03-20 + 3 months = 06-20 (Sat, 端午) -> 06-21 (Sun, 端午) -> 06-22 (Mon).
    assert case["考核时限"] == "2026-06-22" and case["现行办理时限"] == "2026-06-22"
    # co-unit opinion: 03-20 + 1 month = 04-20 (Mon).
    assigned = [e for e in case["办理过程"] if e["动作"] == "交办"]
    assert assigned[-1]["协办意见时限"] == "2026-04-20"
    three = json.loads(session.office("show", session.ids[3], "--json").stdout)
    assert three["协办单位"] == [财政, 资规]
    two = json.loads(session.office("show", session.ids[2], "--json").stdout)
    assert two["来源"]["联名"] == ["郑红", "何军", "罗兰"]  # 联名代表 separated by 、


def test_the_deadlines_of_the_tricky_cases(session: Session) -> None:
    shown = session.shown
    assert shown["31 closed"]["按期办结"] is True  # answered 06-22, the rolled deadline
    assert shown["32 closed"]["按期办结"] is False  # answered 06-23
    assert shown["34 declined"]["状态"] == "待交办"
    assert shown["34 reassigned"]["主办单位"] == [民政]
    assert shown["34 reassigned"]["交办日期"] == "2026-03-27"
    assert shown["34 reassigned"]["考核时限"] == "2026-06-29"  # 06-27 is a Saturday
    assert shown["35 reassigned"]["主办单位"] == [住建]
    assert shown["35 reassigned"]["考核时限"] == "2026-07-13"
    assert shown["43 reassigned"]["主办单位"] == [人社]
    assert shown["43 reassigned"]["考核时限"] == "2026-11-24"
    assert shown["36 extended"]["办理时限"] == "2026-08-22"  # as written
    assert shown["36 extended"]["考核时限"] == "2026-08-24"  # rolled off the weekend
    assert shown["36 closed"]["按期办结"] is True  # answered 08-24
    assert shown["37 reopened"]["状态"] == "办理中"
    assert shown["37 reopened"]["现行办理时限"] == "2026-07-06"  # 06-05 + 1 month = 07-05 (Sun)
    assert shown["38 reopened"]["状态"] == "办理中"
    assert shown["38 reopened"]["现行办理时限"] == "2026-09-10"


def test_the_close_says_on_time_or_late_and_the_class(session: Session) -> None:
    out = session.outputs
    assert "按期办结" in out[(31, "2026-06-24", "close")]
    assert "超期办结" in out[(32, "2026-06-26", "close")]
    assert "超期办结" in out[(33, "2026-07-06", "close")]
    assert "按期办结" in out[(34, "2026-07-01", "close")]
    assert "按期办结" in out[(35, "2026-07-14", "close")]
    assert "答复类别 B" in out[(48, "2026-05-15", "close")]


def test_an_extension_beyond_six_months_is_refused(session: Session) -> None:
    refused = session.refused
    assert refused.exit_code == 1
    message = refused.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in refused.stderr
    assert "2026-09-20" in message and "延期" in message
    assert session.shown["21 after refusal"]["考核时限"] == "2026-06-22"
    assert session.shown["21 after refusal"]["办理时限"] == "2026-06-20"


def test_the_states_on_the_day(session: Session) -> None:
    session.office.today = AS_OF
    state = {n: json.loads(session.office("show", session.ids[n], "--json").stdout) for n in (38, 39, 40, 41, 42, 43)}
    assert [state[n]["状态"] for n in (38, 39, 40, 41, 42, 43)] == [
        "办理中",
        "办理中",
        "办理中",
        "办理中",
        "待审核",
        "办理中",
    ]
    assert [state[n]["逾期"] for n in (39, 40, 41, 43)] == [True, True, True, False]
    assert session.office("check").exit_code == 0


# --- The session summary (stats --json, key 建议提案), every figure counted by hand ---


def summary(session: Session) -> dict[str, Any]:
    session.office.today = AS_OF
    result = session.office(
        "stats",
        "--source-kind",
        "人大建议",
        "--session",
        SESSION,
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--json",
    )
    return json.loads(result.stdout)["建议提案"]  # type: ignore[no-any-return]


SUMMARY_KEYS = {
    "来源类别", "届次", "件数", "已答复", "按期答复", "超期答复", "未答复", "逾期未答复",
    "答复类别", "测评", "已测评", "未测评", "满意率", "满意率文字", "重新办理", "重新办理中",
    "退办", "逾期退办", "延期", "协办意见逾期", "代表", "单位",
}  # fmt: skip


def test_the_session_totals(session: Session) -> None:
    got = summary(session)
    assert set(got) == SUMMARY_KEYS
    assert got["来源类别"] == "人大建议"
    assert got["届次"] == SESSION
    # 50 rows imported, none voided or terminated.
    assert got["件数"] == 50
    # 已答复: every one of 1–38 (37 and 38 were closed once before their 不满意) and 44–50 -> 38 + 7 = 45.
    # Not answered: 39, 40 (nothing), 41 (progress only), 42 (answer not yet accepted), 43 (reassigned).
    assert got["已答复"] == 45
    # 超期答复: 32 (06-23) and 33 (07-02) after 06-22. Every other first answer on or before its deadline:
    # 1–20, 47, 48 on 05-12; 21–30 on 06-10; 31 on 06-22; 34 on 06-29 (new deadline 06-29); 35 on 07-10
    # (07-13); 36 on 08-24 (extended 08-24); 37 on 05-20 (first 办结 counts); 38 on 06-01; 44 on 04-10;
    # 45 on 06-15; 46 on 06-08; 49, 50 on 06-18. 45 - 2 = 43.
    assert got["按期答复"] == 43
    assert got["超期答复"] == 2
    # 未答复: 39, 40, 41, 42, 43 = 5. 逾期未答复: 39, 40, 41 (past 06-22, no answer filed); 42 filed one,
    # 43's deadline is 11-24.
    assert got["未答复"] == 5
    assert got["逾期未答复"] == 3
    # Class in force: A = 1–12, 21–25, 31, 34, 44, 45, 47, 49 (12+5+6 = 23);
    # B = 13–18, 26–29, 32, 35, 36, 37 (re-answer B after C), 38, 46, 48 (C changed to B at close) (6+4+7 = 17);
    # C = 19, 20, 30, 33, 50 (5). 23 + 17 + 5 = 45.
    assert got["答复类别"] == {"A": 23, "B": 17, "C": 5}
    # Latest satisfaction: 满意 = 1–17, 21–27, 31, 34, 36, 37 (latest after 不满意), 44, 46, 47 (17+7+7 = 31);
    # 基本满意 = 18–20, 28, 29, 32, 35, 45, 48 (9); 不满意 = 38 (1).
    assert got["测评"] == {"满意": 31, "基本满意": 9, "不满意": 1}
    assert got["已测评"] == 41
    # 未测评: answered, never evaluated: 30, 33, 49, 50.
    assert got["未测评"] == 4
    # (31 + 9) / 41 = 0.97560… -> 97.6%
    assert got["满意率"] == pytest.approx(40 / 41)
    assert got["满意率文字"] == "97.6%"
    # 重新办理: 37 and 38; 38 still open on 08-31 (new answer due 09-10), 37 closed 07-08.
    assert got["重新办理"] == 2
    assert got["重新办理中"] == 1
    # 退办: 34 (03-25, 5 days), 35 (04-10, 21 days), 43 (08-20, 153 days) -> 3; late: 35, 43.
    assert got["退办"] == 3
    assert got["逾期退办"] == 2
    # 延期: 36 only (21's request was refused).
    assert got["延期"] == 1
    # 协办意见逾期 (due 04-20): 45/自然资源局 (04-28), 46/财政局 (none; open to 06-10), 40/财政局 (none; open).
    # Not: 1, 2, 3 (x2), 23 on 04-15; 47 on 04-20; 44/财政局 (none, but closed 04-14 before it was due).
    assert got["协办意见逾期"] == 3


# Per 领衔代表: 件数, 已答复, 答复类别, 满意, 基本满意, 不满意 — the cases of each, counted by hand:
# 张伟 1 A满, 13 B满, 21 A满, 31 A满, 37 B满, 45 A基
# 王秀英 2 A满, 14 B满, 22 A满, 32 B基, 38 B不
# 李强 3 A满, 15 B满, 23 A满, 33 C未测评, 39 未答复
# 刘洋 4 A满, 16 B满, 24 A满, 34 A满, 40 未答复
# 陈静 5 A满, 17 B满, 25 A满, 35 B基, 41 未答复
# 杨帆 6 A满, 18 B基, 26 B满, 36 B满, 42 未答复
# 赵磊 7 A满, 19 C基, 27 B满, 43 未答复
# 黄敏 8 A满, 20 C基, 28 B基, 44 A满
# 周杰 9 A满, 29 B基, 46 B满
# 吴霞 10 A满, 30 C未测评, 47 A满
# 徐涛 11 A满, 48 B基, 49 A未测评
# 孙丽 12 A满, 50 C未测评
DEPUTIES = {
    "张伟": (6, 6, (4, 2, 0), (5, 1, 0)),
    "王秀英": (5, 5, (2, 3, 0), (3, 1, 1)),
    "李强": (5, 4, (2, 1, 1), (3, 0, 0)),
    "刘洋": (5, 4, (3, 1, 0), (4, 0, 0)),
    "陈静": (5, 4, (2, 2, 0), (3, 1, 0)),
    "杨帆": (5, 4, (1, 3, 0), (3, 1, 0)),
    "赵磊": (4, 3, (1, 1, 1), (2, 1, 0)),
    "黄敏": (4, 4, (2, 1, 1), (2, 2, 0)),
    "周杰": (3, 3, (1, 2, 0), (2, 1, 0)),
    "吴霞": (3, 3, (2, 0, 1), (2, 0, 0)),
    "徐涛": (3, 3, (2, 1, 0), (1, 1, 0)),
    "孙丽": (2, 2, (1, 0, 1), (1, 0, 0)),
}


def test_the_session_by_deputy(session: Session) -> None:
    rows = summary(session)["代表"]
    got = {row["领衔"]: row for row in rows}
    assert len(rows) == len(got) == 12
    expected = {
        name: {
            "领衔": name,
            "件数": count,
            "已答复": answered_,
            "答复类别": dict(zip("ABC", classes, strict=True)),
            "满意": sat[0],
            "基本满意": sat[1],
            "不满意": sat[2],
        }
        for name, (count, answered_, classes, sat) in DEPUTIES.items()
    }
    assert got == expected


# Per unit (主办 = the lead unit in force: a returned case counts for the unit it was reassigned to; 退办
# for the unit that returned it). Cases by lead unit:
# 住建局 1 2 3 4 21 22 (A) 30 (C) 35 (B, from 城管局) 37 (B, 重新办理) 45 (A, 基本满意); co-unit of 23
# 教育局 5 6 7 8 23 (A) 38 (B, 不满意, 重新办理) 46 (B); returned 34 within 10 days
# 卫健局 9 10 11 24 47 (A, all 满意) 39 (unanswered); returned 43 late
# 交通局 12 25 31 (A) 13 14 (B) 48 (B, 基本满意) 40 (unanswered); 满意 12 13 14 25 31
# 城管局 15 16 26 (B, 满意, on time) 32 (B, late, 基本满意) 41 (unanswered); returned 35 late
# 民政局 17 (B 满) 18 (B 基) 27 (B 满) 34 (A 满) 44 (A 满) 50 (C 未测评)
# 人社局 19 (C 基) 28 (B 基) 33 (C late, 未测评) 42 (待审核) 43 (reassigned, unanswered)
# 生态环境分局 20 (C 基) 29 (B 基) 36 (B 满) 49 (A 未测评)
# 财政局 co-unit of 1 3 40 44 46 47; late: 40, 46.  自然资源局 co-unit of 2 3 45; late: 45.
UNIT_KEYS = (
    "主办", "已答复", "按期答复", "答复类别", "满意", "基本满意", "不满意",
    "重新办理", "退办", "逾期退办", "协办", "协办意见逾期",
)  # fmt: skip
UNITS = {
    住建: (10, 10, 10, (7, 2, 1), 7, 2, 0, 1, 0, 0, 1, 0),
    教育: (7, 7, 7, (5, 2, 0), 6, 0, 1, 1, 1, 0, 0, 0),
    卫健: (6, 5, 5, (5, 0, 0), 5, 0, 0, 0, 1, 1, 0, 0),
    交通: (7, 6, 6, (3, 3, 0), 5, 1, 0, 0, 0, 0, 0, 0),
    城管: (5, 4, 3, (0, 4, 0), 3, 1, 0, 0, 1, 1, 0, 0),
    民政: (6, 6, 6, (2, 3, 1), 4, 1, 0, 0, 0, 0, 0, 0),
    人社: (5, 3, 2, (0, 1, 2), 0, 2, 0, 0, 0, 0, 0, 0),
    生态: (4, 4, 4, (1, 2, 1), 1, 2, 0, 0, 0, 0, 0, 0),
    财政: (0, 0, 0, (0, 0, 0), 0, 0, 0, 0, 0, 0, 6, 2),
    资规: (0, 0, 0, (0, 0, 0), 0, 0, 0, 0, 0, 0, 3, 1),
}


def test_the_session_by_unit(session: Session) -> None:
    rows = summary(session)["单位"]
    got = {row["单位"]: row for row in rows}
    assert len(rows) == len(got)
    expected = {unit: {"单位": unit, **dict(zip(UNIT_KEYS, figures, strict=True))} for unit, figures in UNITS.items()}
    for unit in expected:
        expected[unit]["答复类别"] = dict(zip("ABC", expected[unit]["答复类别"], strict=True))
    assert {unit: got.get(unit) for unit in expected} == expected
    # Units with no case of this session, if listed at all, count nothing.
    for unit, row in got.items():
        if unit not in expected:
            assert all(row[key] == 0 for key in UNIT_KEYS if key != "答复类别"), row
            assert all(value == 0 for value in row["答复类别"].values()), row
