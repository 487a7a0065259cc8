"""人大建议、政协提案: a session's figures on stats, bulletin and export, counted by hand from a small office."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import Duban

S1 = "区十八届人大五次会议"
S2 = "区十八届人大四次会议"
PERIOD = ("--from", "2026-01-01", "--to", "2026-12-31")


def build(office: Duban) -> dict[str, str]:
    """Thirteen cases; the figures below are counted from this story by hand.

    c1 张三 (联名 李四), 住建局 with 财政局: 财政局's opinion in time, answered A in time, 满意.
    c2 张三, 教育局: answered B late, 不满意, answered A again in the redo time, 基本满意.
    c3 王五, 住建局: answered B in time, 不满意, not answered again (open, past its redo time).
    c4 王五, 卫健局 with 财政局 and 民政局: 财政局's opinion late, 民政局's never; answered C in time; no 测评.
    c5 赵六, 城管局: never answered, overdue.
    c6 赵六, 交通局: extended in time, answered A in time, 满意.
    c7 孙七, 住建局: 住建局 declines past its 10 days; reassigned to 自然资源局, not answered, overdue.
    c8 孙七, 发改局 with 财政局: 财政局 declines in time; answered B in time, 满意.
    c9 李四, 民政局: terminated.
    c10 another session; c11 void; c12 a 政协提案; c13 registered before the period."""
    ids: dict[str, str] = {}

    def at(day: str, *args: str) -> str:
        office.today = day
        return office(*args).stdout

    def new(key: str, day: str, proposer: str, *extra: str, kind: str = "人大建议", session: str = S1) -> None:
        number = f"第2026{len(ids) + 1:03d}号"
        out = at(day, "new", "--title", f"建议{key}", "--source-kind", kind, "--session", session,
                 "--proposal-no", number, "--proposer", proposer, *extra)  # fmt: skip
        ids[key] = out.strip().splitlines()[0]

    def answer(key: str, day: str, unit: str, mark: str, *extra: str) -> None:
        at(day, "report", ids[key], "--unit", unit, "--signer", "负责人", "--text", "答复", "--final",
           "--class", mark, *extra)  # fmt: skip

    new("c1", "2026-03-10", "张三", "--cosigner", "李四", "--lead-unit", "住建局", "--co-unit", "财政局")
    at("2026-03-16", "assign", ids["c1"], "--deadline", "2026-06-15")
    at("2026-04-10", "report", ids["c1"], "--unit", "财政局", "--signer", "钱正明", "--text", "协办意见")
    answer("c1", "2026-05-20", "住建局", "A", "--consult-way", "电话", "--consult-date", "2026-05-18")
    at("2026-05-22", "close", ids["c1"])
    at("2026-06-01", "satisfaction", ids["c1"], "--result", "满意")

    new("c2", "2026-03-10", "张三", "--lead-unit", "教育局")
    at("2026-03-16", "assign", ids["c2"], "--deadline", "2026-06-15")
    answer("c2", "2026-06-22", "教育局", "B")
    at("2026-06-23", "close", ids["c2"])
    at("2026-06-25", "satisfaction", ids["c2"], "--result", "不满意")
    answer("c2", "2026-07-20", "教育局", "A")
    at("2026-07-21", "close", ids["c2"])
    at("2026-07-27", "satisfaction", ids["c2"], "--result", "基本满意")

    new("c3", "2026-04-01", "王五", "--lead-unit", "住建局")
    at("2026-04-07", "assign", ids["c3"], "--deadline", "2026-07-07")
    answer("c3", "2026-07-01", "住建局", "B")
    at("2026-07-02", "close", ids["c3"])
    at("2026-07-10", "satisfaction", ids["c3"], "--result", "不满意")

    new("c4", "2026-04-01", "王五", "--lead-unit", "卫健局", "--co-unit", "财政局", "--co-unit", "民政局")
    at("2026-04-07", "assign", ids["c4"], "--deadline", "2026-07-07")  # opinions due 2026-05-07
    at("2026-05-12", "report", ids["c4"], "--unit", "财政局", "--signer", "钱正明", "--text", "协办意见")
    answer("c4", "2026-06-30", "卫健局", "C")
    at("2026-07-01", "close", ids["c4"])

    new("c5", "2026-05-06", "赵六", "--lead-unit", "城管局")
    at("2026-05-11", "assign", ids["c5"], "--deadline", "2026-08-11")

    new("c6", "2026-05-06", "赵六", "--lead-unit", "交通局")
    at("2026-05-11", "assign", ids["c6"], "--deadline", "2026-08-11")
    at("2026-08-05", "extend", ids["c6"], "--to", "2026-09-10", "--reason", "需要调研", "--approved-by", "王区长")
    answer("c6", "2026-09-08", "交通局", "A")
    at("2026-09-09", "close", ids["c6"])
    at("2026-09-15", "satisfaction", ids["c6"], "--result", "满意")

    new("c7", "2026-06-01", "孙七", "--lead-unit", "住建局")
    at("2026-06-03", "assign", ids["c7"], "--deadline", "2026-09-03")
    at("2026-06-25", "decline", ids["c7"], "--unit", "住建局", "--reason", "不属于本单位职责")  # due 06-13
    at("2026-06-26", "assign", ids["c7"], "--lead-unit", "自然资源局", "--deadline", "2026-09-25")

    new("c8", "2026-06-01", "孙七", "--lead-unit", "发改局", "--co-unit", "财政局")
    at("2026-06-03", "assign", ids["c8"], "--deadline", "2026-09-03")
    at("2026-06-08", "decline", ids["c8"], "--unit", "财政局", "--reason", "不属于本单位职责")  # in time
    answer("c8", "2026-08-20", "发改局", "B", "--consult-way", "座谈", "--consult-date", "2026-08-18")
    at("2026-08-21", "close", ids["c8"])
    at("2026-08-30", "satisfaction", ids["c8"], "--result", "满意")

    new("c9", "2026-06-10", "李四", "--lead-unit", "民政局")
    at("2026-06-15", "assign", ids["c9"], "--deadline", "2026-09-15")
    at("2026-07-01", "terminate", ids["c9"], "--reason", "已由市级统筹", "--approved-by", "王区长")

    new("c10", "2026-03-10", "张三", "--lead-unit", "住建局", session=S2)
    at("2026-03-16", "assign", ids["c10"], "--deadline", "2026-06-15")
    answer("c10", "2026-06-10", "住建局", "A")
    at("2026-06-11", "close", ids["c10"])

    new("c11", "2026-03-10", "张三", "--lead-unit", "住建局")
    at("2026-03-12", "void", ids["c11"], "--reason", "重复登记", "--approved-by", "王区长")

    new("c12", "2026-03-10", "周八", "--lead-unit", "住建局", kind="政协提案", session="区政协十届五次会议")
    at("2026-03-16", "assign", ids["c12"], "--deadline", "2026-06-15")

    new("c13", "2025-12-20", "张三", "--lead-unit", "财政局")

    office.today = "2026-09-30"
    return ids


def zeros(**counts: int) -> dict[str, int]:
    return {"A": 0, "B": 0, "C": 0, **counts}


def unit_row(name: str, **values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "单位": name, "主办": 0, "已答复": 0, "按期答复": 0, "答复类别": zeros(), "满意": 0, "基本满意": 0,
        "不满意": 0, "重新办理": 0, "退办": 0, "逾期退办": 0, "协办": 0, "协办意见逾期": 0,
    }  # fmt: skip
    row.update(values)
    return row


@pytest.fixture(scope="module")
def _built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Duban, dict[str, str]]:
    """One office for the module: the tests only read it (built once, 2 s)."""
    from conftest import UNITS_FILE
    from typer.testing import CliRunner

    from duban.cli import app

    root = tmp_path_factory.mktemp("figures") / "office"
    made = CliRunner().invoke(
        app, ["--by", "李明", "init", str(root), "--office", "示范区人民政府办公室", "--units", str(UNITS_FILE)]
    )
    assert made.exit_code == 0, made.output
    office = Duban(root)
    return office, build(office)


@pytest.fixture
def built(_built: tuple[Duban, dict[str, str]]) -> tuple[Duban, dict[str, str]]:
    office, ids = _built
    office.today = "2026-09-30"
    return office, ids


def test_the_session_summary_counts_by_hand(built: tuple[Duban, dict[str, str]]) -> None:
    office, _ = built
    out = json.loads(office("stats", "--source-kind", "人大建议", "--session", S1, *PERIOD, "--json").stdout)
    assert set(out) == {"考核", "建议提案"}
    data = out["建议提案"]
    deputies = data.pop("代表")
    units = data.pop("单位")
    assert data == {
        "来源类别": "人大建议",
        "届次": S1,
        "件数": 9,
        "已答复": 6,
        "按期答复": 5,
        "超期答复": 1,
        "未答复": 2,
        "逾期未答复": 2,
        "答复类别": {"A": 3, "B": 2, "C": 1},
        "测评": {"满意": 3, "基本满意": 1, "不满意": 1},
        "已测评": 5,
        "未测评": 1,
        "满意率": 0.8,
        "满意率文字": "80.0%",
        "重新办理": 2,
        "重新办理中": 1,
        "退办": 2,
        "逾期退办": 1,
        "延期": 1,
        "协办意见逾期": 2,
    }
    assert deputies == [
        {"领衔": "孙七", "件数": 2, "已答复": 1, "答复类别": zeros(B=1), "满意": 1, "基本满意": 0, "不满意": 0},
        {"领衔": "张三", "件数": 2, "已答复": 2, "答复类别": zeros(A=2), "满意": 1, "基本满意": 1, "不满意": 0},
        {"领衔": "王五", "件数": 2, "已答复": 2, "答复类别": zeros(B=1, C=1), "满意": 0, "基本满意": 0, "不满意": 1},
        {"领衔": "赵六", "件数": 2, "已答复": 1, "答复类别": zeros(A=1), "满意": 1, "基本满意": 0, "不满意": 0},
        {"领衔": "李四", "件数": 1, "已答复": 0, "答复类别": zeros(), "满意": 0, "基本满意": 0, "不满意": 0},
    ]
    assert units == [
        unit_row("区发展和改革局", 主办=1, 已答复=1, 按期答复=1, 答复类别=zeros(B=1), 满意=1),
        unit_row("区财政局", 退办=1, 协办=2, 协办意见逾期=1),
        unit_row(
            "区住房和城乡建设局",
            主办=2,
            已答复=2,
            按期答复=2,
            答复类别=zeros(A=1, B=1),
            满意=1,
            不满意=1,
            重新办理=1,
            退办=1,
            逾期退办=1,
        ),
        unit_row("区自然资源局", 主办=1),
        unit_row("区教育局", 主办=1, 已答复=1, 按期答复=0, 答复类别=zeros(A=1), 基本满意=1, 重新办理=1),
        unit_row("区卫生健康局", 主办=1, 已答复=1, 按期答复=1, 答复类别=zeros(C=1)),
        unit_row("区交通运输局", 主办=1, 已答复=1, 按期答复=1, 答复类别=zeros(A=1), 满意=1),
        unit_row("区城市管理局", 主办=1),
        unit_row("区民政局", 主办=1, 协办=1, 协办意见逾期=1),
    ]


def test_the_assessment_charges_rehandling_late_declines_and_late_opinions(built: tuple[Duban, dict[str, str]]) -> None:
    office, _ = built
    out = json.loads(office("stats", "--source-kind", "人大建议", "--session", S1, *PERIOD, "--json").stdout)
    rows = {r.pop("单位"): r for r in out["考核"]}
    for row in rows.values():
        row.pop("催办方式")
    # 住建局: c1 closed on time; c3 reopened by 不满意 and past its redo time (overdue); c3's 不满意 and
    # c7's late 退办 charged: 100 - 10 - 5 - 2.
    assert rows["区住房和城乡建设局"] == {
        "交办": 2, "已办结": 1, "按期办结": 1, "超期办结": 0, "逾期未办结": 1, "在办": 0, "催办": 0, "退回": 0,
        "延期": 0, "重新办理": 1, "逾期退办": 1, "协办意见逾期": 0, "按期率": 0.5, "得分": 83,
    }  # fmt: skip
    # 教育局: c2 closed again late (its first answer was late), and 不满意: 100 - 5 - 5.
    assert rows["区教育局"] == {
        "交办": 1, "已办结": 1, "按期办结": 0, "超期办结": 1, "逾期未办结": 0, "在办": 0, "催办": 0, "退回": 0,
        "延期": 0, "重新办理": 1, "逾期退办": 0, "协办意见逾期": 0, "按期率": 0.0, "得分": 90,
    }  # fmt: skip
    # 财政局 leads nothing here; its late opinion on c4 costs 1.
    assert rows["区财政局"]["协办意见逾期"] == 1 and rows["区财政局"]["交办"] == 0 and rows["区财政局"]["得分"] == 99
    assert rows["区民政局"]["协办意见逾期"] == 1 and rows["区民政局"]["得分"] == 99
    assert rows["区交通运输局"]["延期"] == 1 and rows["区交通运输局"]["得分"] == 100
    # The table is of that source and session only: c10 (another session) and c12 (政协提案) are not in it.
    assert sum(r["交办"] for r in rows.values()) == 9  # c1–c9; c7 counts for 自然资源局, its lead unit now
    # Without --source-kind, the whole office; the charges are in the rows because some unit has one.
    whole = {r["单位"]: r for r in json.loads(office("stats", *PERIOD, "--json").stdout)}
    assert whole["区住房和城乡建设局"]["交办"] == 4 and whole["区住房和城乡建设局"]["重新办理"] == 1
    # c10 and c12 add: c10 closed on time, c12 overdue: 100 - 10 - 10 - 5 - 2.
    assert whole["区住房和城乡建设局"]["得分"] == 73
    # The deductions come from config.yaml's 考核评分.
    config = office.root / "config.yaml"
    text = config.read_text(encoding="utf-8")
    default = "考核评分: {基础分: 100, 超期办结: 5, 逾期未办结: 10, 退回: 2, 催办: 1}"
    config.write_text(text.replace(default, "考核评分: {重新办理: 20, 逾期退办: 0, 协办意见逾期: 3}"), encoding="utf-8")
    again = json.loads(office("stats", "--source-kind", "人大建议", "--session", S1, *PERIOD, "--json").stdout)
    scores = {r["单位"]: r["得分"] for r in again["考核"]}
    assert scores["区住房和城乡建设局"] == 70 and scores["区教育局"] == 75 and scores["区财政局"] == 97


def test_the_figures_are_those_of_the_day(built: tuple[Duban, dict[str, str]]) -> None:
    """--to 2026-06-30: the events after it do not count (c3, c4 not yet answered, c9 not yet ended)."""
    office, _ = built
    to_june = ("--from", "2026-01-01", "--to", "2026-06-30", "--json")
    out = json.loads(office("stats", "--source-kind", "人大建议", "--session", S1, *to_june).stdout)["建议提案"]
    picked = {key: out[key] for key in out if key not in ("代表", "单位")}
    assert picked == {
        "来源类别": "人大建议", "届次": S1, "件数": 9, "已答复": 2, "按期答复": 1, "超期答复": 1, "未答复": 7,
        "逾期未答复": 0, "答复类别": {"A": 1, "B": 1, "C": 0}, "测评": {"满意": 1, "基本满意": 0, "不满意": 1},
        "已测评": 2, "未测评": 0, "满意率": 0.5, "满意率文字": "50.0%", "重新办理": 1, "重新办理中": 1, "退办": 2,
        "逾期退办": 1, "延期": 0, "协办意见逾期": 2,
    }  # fmt: skip


def test_a_kind_without_a_session_and_without_ratings(built: tuple[Duban, dict[str, str]]) -> None:
    office, _ = built
    whole = json.loads(office("stats", "--source-kind", "人大建议", *PERIOD, "--json").stdout)["建议提案"]
    assert (whole["届次"], whole["件数"], whole["已答复"], whole["按期答复"]) == (None, 10, 7, 6)
    assert whole["代表"][0] == {
        "领衔": "张三", "件数": 3, "已答复": 3, "答复类别": zeros(A=3), "满意": 1, "基本满意": 1, "不满意": 0,
    }  # fmt: skip
    cppcc = json.loads(office("stats", "--source-kind", "政协提案", *PERIOD, "--json").stdout)["建议提案"]
    assert (cppcc["件数"], cppcc["未答复"], cppcc["逾期未答复"], cppcc["已测评"]) == (1, 1, 1, 0)
    assert cppcc["满意率"] is None and cppcc["满意率文字"] == "—"
    # Another source kind: the table alone, as a list, of that kind.
    rows = json.loads(office("stats", "--source-kind", "会议议定", *PERIOD, "--json").stdout)
    assert isinstance(rows, list) and all(r["交办"] == 0 for r in rows)
    assert office("stats", "--session", S1, ok=False).exit_code == 1


def test_stats_print_the_summary_in_chinese(built: tuple[Duban, dict[str, str]]) -> None:
    office, _ = built
    text = office("stats", "--source-kind", "人大建议", "--session", S1, *PERIOD).stdout
    assert f"{S1}人大建议共 9 件；已答复 6 件（按期 5 件，超期 1 件），未答复 2 件（其中逾期 2 件）。" in text
    assert "答复类别：A类3件，B类2件，C类1件。" in text
    assert "满意率 80.0%" in text and "重新办理 2 件（仍在办理 1 件）" in text


def test_the_bulletin_has_a_section_on_the_session(built: tuple[Duban, dict[str, str]]) -> None:
    office, _ = built
    text = office(
        "bulletin",
        "--from",
        "2026-01-01",
        "--to",
        "2026-09-30",
        "--source-kind",
        "人大建议",
        "--session",
        S1,
        "-o",
        "-",
    ).stdout
    assert f"、{S1}人大建议办理情况" in text
    assert f"{S1}人大建议共9件，已答复6件，其中按期答复5件、超期答复1件；未答复2件，其中逾期未答复2件。" in text
    assert "答复类别：A类3件、B类2件、C类1件。" in text
    assert "代表（委员）已测评5件，其中满意3件、基本满意1件、不满意1件，满意率为80.0%；已答复尚未测评1件。" in text
    assert "因代表（委员）不满意重新办理2件" in text and "仍在重新办理1件" in text
    assert "以下单位答复超过办理时限，予以通报：区教育局。" in text
    assert "| 区住房和城乡建设局 | 2 | 2 | 2 | 1 | 1 | 0 | 1 | 0 | 1 | 1 |" in text
    section = text.split(f"{S1}人大建议办理情况")[1].split("###")[0]
    assert "| 区财政局 |" not in section  # no lead case: not in the section's table
    plain = office("bulletin", "--from", "2026-01-01", "--to", "2026-09-30", "-o", "-").stdout
    assert "人大建议办理情况" not in plain


def test_the_ledger_has_the_proposal_columns(built: tuple[Duban, dict[str, str]], tmp_path: Path) -> None:
    office, ids = built
    target = tmp_path / "台账.csv"
    office("export", str(target))
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    assert header[3:13] == [
        "来源",
        "届次",
        "案号",
        "领衔",
        "联名",
        "答复类别",
        "满意度",
        "重新办理次数",
        "面商",
        "批示领导",
    ]
    by_id = {r["编号"]: r for r in rows}
    c1 = by_id[ids["c1"]]
    assert (c1["届次"], c1["案号"], c1["领衔"], c1["联名"]) == (S1, "第2026001号", "张三", "李四")
    assert (c1["答复类别"], c1["满意度"], c1["重新办理次数"], c1["面商"]) == ("A", "满意", "0", "电话 2026-05-18")
    c2 = by_id[ids["c2"]]
    assert (c2["答复类别"], c2["满意度"], c2["重新办理次数"], c2["面商"]) == ("A", "基本满意", "1", "")
    assert by_id[ids["c8"]]["面商"] == "座谈 2026-08-18"
    shown = json.loads(office("show", ids["c1"], "--json").stdout)["来源"]
    assert shown == {"类别": "人大建议", "届次": S1, "案号": "第2026001号", "领衔": "张三", "联名": ["李四"]}
    listed = {r["编号"]: r for r in json.loads(office("list", "--source-kind", "人大建议", "--json").stdout)}
    assert listed[ids["c3"]]["来源"]["领衔"] == "王五"
