"""One truth on every surface: what show, list, overdue and the documents print is what the
standing (assessment.standing) says, never a second reading of the dates."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest
from conftest import GIT_ENV, Duban, example_office

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def example(tmp_path: Path) -> Duban:
    """The example office of the repository root (cases/, config.yaml), as a repository of its own."""
    return example_office(tmp_path, "2026-11-23")


def test_no_overdue_label_for_a_case_not_assigned_or_reported_on_time(example: Duban) -> None:
    # 2026-0007: every final report came in before 09-30, awaiting review; 2026-0013: not assigned.
    for case_id in ("2026-0007", "2026-0013"):
        shown = example("show", case_id).stdout
        line = next(x for x in shown.splitlines() if x.startswith("办理时限"))
        assert "逾期" not in line, line
        data = json.loads(example("show", case_id, "--json").stdout)
        assert data["逾期"] is False and data["剩余工作日"] is None
    listed = json.loads(example("list", "--json").stdout)
    for item in listed:
        if item["逾期"] is False:
            assert item["剩余工作日"] is None or item["剩余工作日"] >= 0, item["编号"]


def test_a_redo_period_is_not_labelled_a_rest_day_moved(office: Duban) -> None:
    office.today = "2026-09-15"
    case_id = office.new("某事项", "--lead-unit", "城管局")
    office("assign", case_id, "--deadline", "2026-09-30")  # a Wednesday, a working day
    office.today = "2026-09-28"
    office("report", case_id, "--unit", "城管局", "--signer", "负责人", "--text", "完成", "--final")
    office("return", case_id, "--reason", "材料不全", "--days", "5")
    line = next(x for x in office("show", case_id).stdout.splitlines() if x.startswith("办理时限"))
    assert "休息日" not in line and "顺延" not in line, line
    assert "休息日" not in office("list").stdout


def test_a_notice_of_a_case_not_assigned_is_refused(example: Duban) -> None:
    case_id = "2026-0013"  # 待交办, with its lead unit and a deadline already typed
    refused = example("render", "notice", case_id, "-o", "-", ok=False)
    assert refused.exit_code == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "交办" in lines[0] and f"duban assign {case_id}" in lines[0], refused.stderr


# -- the morning mail ------------------------------------------------------------------------------------


def _quiet(office: Duban, day: str) -> tuple[str, dict[str, list[str]]]:
    office.today = day
    listed = json.loads(office("overdue", "--format", "json").stdout)["事项"]
    return office("overdue", "--quiet", "--format", "plain").stdout, {i["编号"]: i["提示"] for i in listed}


def test_quiet_mails_whatever_overdue_lists(office: Duban) -> None:
    office.today = "2026-09-22"
    late = office.new("逾期后办结", "--lead-unit", "财政局")
    office("assign", late, "--deadline", "2026-09-29")
    office.today = "2026-11-02"
    office("bulletin", "--from", "2026-10-01", "--to", "2026-10-31", "--record")  # 整改时限 2026-11-09
    office.today = "2026-11-03"
    office("report", late, "--unit", "财政局", "--signer", "钱正明", "--text", "完成", "--final")
    office("close", late)
    out, listed = _quiet(office, "2026-11-10")
    assert listed == {late: ["整改逾期"]}
    assert late in out and "整改逾期" in out  # only 整改逾期: still mailed

    idle = office.new("无进展事项", "--lead-unit", "教育局")
    office("assign", idle, "--deadline", "2027-06-30")
    office("report", late, "--unit", "财政局", "--signer", "钱正明", "--text", "已整改", "--rectification")
    out, listed = _quiet(office, "2026-12-31")
    assert listed == {idle: ["停滞"]}
    assert idle in out and "停滞" in out
    office.today = "2026-12-31"
    office("report", idle, "--unit", "教育局", "--signer", "负责人", "--text", "进展")
    out, listed = _quiet(office, "2026-12-31")
    assert listed == {} and out == ""  # a day with nothing to do stays silent


# -- figures ---------------------------------------------------------------------------------------------


def test_a_return_to_one_lead_unit_charges_that_unit_only(office: Duban) -> None:
    office.today = "2026-10-08"
    case_id = office.new("两家主办", "--lead-unit", "交通局", "--lead-unit", "城管局")
    office("assign", case_id, "--deadline", "2026-10-30")
    office.today = "2026-10-20"
    for unit in ("交通局", "城管局"):
        office("report", case_id, "--unit", unit, "--signer", "负责人", "--text", "完成", "--final")
    office("return", case_id, "--reason", "数据不准", "--unit", "交通局")
    office.today = "2026-10-31"
    stats = office("stats", "--from", "2026-10-01", "--to", "2026-10-31", "--json").stdout
    rows = {r["单位"]: r for r in json.loads(stats)}
    assert rows["区交通运输局"]["退回"] == 1
    assert rows["区城市管理局"]["退回"] == 0
    assert rows["区城市管理局"]["得分"] > rows["区交通运输局"]["得分"]


# -- documents -------------------------------------------------------------------------------------------


def test_a_reminder_notice_is_the_document_of_one_written_reminder(office: Duban) -> None:
    office.today = "2026-09-22"
    case_id = office.new("某事项", "--lead-unit", "城管局")
    office("assign", case_id, "--deadline", "2026-09-30")
    office.today = "2026-10-12"
    refused = office("render", "reminder", case_id, "-o", "-", ok=False)
    lines = refused.stderr.strip().splitlines()
    assert refused.exit_code == 1 and len(lines) == 1 and f"duban remind {case_id}" in lines[0], refused.stderr
    office("remind", case_id)  # 督催〔2026〕1号, the 1st reminder
    first = office("render", "reminder", case_id, "-o", "-").stdout
    assert "督催〔2026〕1号" in first and "这是第1次催办" in first
    office.today = "2026-10-13"
    office("remind", case_id, "--way", "电话", "--note", "电话催办")  # the 2nd, not written: no notice
    office.today = "2026-10-20"
    again = office("render", "reminder", case_id, "-o", "-").stdout
    assert again == first  # the same recorded reminder: its number, its ordinal, its day
    office("remind", case_id)  # 督催〔2026〕2号, the 3rd reminder
    third = office("render", "reminder", case_id, "-o", "-").stdout
    assert "督催〔2026〕2号" in third and "这是第3次催办" in third and "督催〔2026〕1号" not in third


def _bulletin(office: Duban, start: str, end: str, day: str, *extra: str) -> str:
    office.today = day
    return str(office("bulletin", "--from", start, "--to", end, "-o", "-", *extra).stdout)


def _summary(text: str) -> dict[str, int]:
    """The figures of the summary sentence: 本期共交办督办事项5项；办结2项，其中按期办结1项、超期办结1项…"""
    import re

    sentence = next(line for line in text.splitlines() if line.startswith("本期共交办"))
    found = {"交办": r"交办督办事项(\d+)项", "按期办结": r"按期办结(\d+)项", "超期办结": r"超期办结(\d+)项"}
    return {key: int(m.group(1)) if (m := re.search(pattern, sentence)) else 0 for key, pattern in found.items()}


def _unit_table(text: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in text.split("各单位办理情况")[1].splitlines()
        if line.startswith("| 区")
    ]


def test_bulletin_unit_table_adds_up_or_says_why_and_issues_add_up(office: Duban) -> None:
    def case(title: str, day: str, deadline: str, *units: str) -> str:
        office.today = day
        case_id = office.new(title, *(arg for unit in units for arg in ("--lead-unit", unit)))
        office("assign", case_id, "--deadline", deadline)
        return case_id

    def close(case_id: str, day: str, *units: str) -> None:
        office.today = day
        for unit in units:
            office("report", case_id, "--unit", unit, "--signer", "负责人", "--text", "完成", "--final")
        office("close", case_id)

    early = case("九月提前办结", "2026-09-01", "2026-10-20", "财政局")
    close(early, "2026-09-28", "财政局")  # closed in September, due in October
    both = case("两家主办", "2026-10-08", "2026-10-20", "交通局", "城管局")
    close(both, "2026-10-19", "交通局", "城管局")
    single = case("一家主办", "2026-10-08", "2026-10-30", "教育局")
    close(single, "2026-10-29", "教育局")

    september = _bulletin(office, "2026-09-01", "2026-09-30", "2026-12-01")
    autumn = _bulletin(office, "2026-10-01", "2026-11-30", "2026-12-01")
    sums = [_summary(september), _summary(autumn)]
    assert sum(s["按期办结"] for s in sums) == 3  # each close in one issue only
    assert sums[0]["按期办结"] == 1 and sums[1]["按期办结"] == 2
    rows = _unit_table(autumn)
    column = {"交办": 1, "按期办结": 2}
    added = {key: sum(int(row[index]) for row in rows) for key, index in column.items()}
    assert added != {k: sums[1][k] for k in column}  # the two lead units' case is in both their rows
    assert "有1项督办事项由两个以上单位共同主办" in autumn
    assert "共同主办" not in september


def test_a_recorded_bulletin_is_recognised_when_its_period_is_rendered_again(office: Duban) -> None:
    office.today = "2026-09-22"
    late = office.new("逾期事项", "--lead-unit", "财政局")
    office("assign", late, "--deadline", "2026-09-29")
    office.today = "2026-11-02"
    recorded = office("bulletin", "--from", "2026-10-01", "--to", "2026-10-31", "--record").stdout
    assert "第1期" in recorded
    assert "第1期" in _bulletin(office, "2026-10-01", "2026-10-31", "2026-11-03")
    assert "第2期" in _bulletin(office, "2026-11-01", "2026-11-30", "2026-12-01")


# -- every surface, every day ----------------------------------------------------------------------------

UNITS = ("区财政局", "区教育局", "区城市管理局", "区交通运输局", "区民政局", "区住房和城乡建设局")


def generated_office(root: Path, count: int, seed: int = 26) -> Duban:
    """An office of `count` cases written straight to their files, in every state the rules treat
    differently: 待交办, running, overdue, extended in time and late, awaiting review after a report on
    time or late, returned with a redo period, closed on time or late, terminated; one or two lead
    units. Events the procedure would refuse are voided on reading, which the surfaces must agree on too."""
    import datetime as dt
    import random

    from conftest import UNITS_FILE

    from duban.model import Case, Event, Report, Source, case_to_mapping
    from duban.yamlio import dump_fast

    runner_office = Duban(root)
    from typer.testing import CliRunner

    from duban.cli import app

    init = ["--by", "李明", "init", str(root), "--office", "生成办", "--units", str(UNITS_FILE)]
    made = CliRunner().invoke(app, init)
    assert made.exit_code == 0, made.output
    rng = random.Random(seed)
    folder = root / "cases" / "2026"
    folder.mkdir(parents=True, exist_ok=True)
    base = dt.date(2026, 9, 1)
    for serial in range(1, count + 1):
        day = base + dt.timedelta(days=rng.randrange(0, 50))
        units = tuple(rng.sample(UNITS, 2 if rng.random() < 0.3 else 1))
        deadline = day + dt.timedelta(days=rng.randrange(3, 40))
        events = [Event(day, "立项", "李明")]
        reports: list[Report] = []
        assigned = None
        if rng.random() > 0.1:
            assigned = day
            events.append(Event(day, "交办", "李明", "", (("办理时限", deadline),)))
            when = day
            if rng.random() < 0.25:  # an extension, asked in time or after the deadline
                when = deadline + dt.timedelta(days=rng.randrange(-3, 6))
                to = deadline + dt.timedelta(days=rng.randrange(5, 25))
                late = when > deadline
                asked = (("原时限", deadline), ("延期至", to), ("批准人", "王建国"), ("逾期申请", late or None))
                events.append(Event(when, "延期", "李明", "需协调", asked))
                deadline = to
            filed = [u for u in units if rng.random() < 0.7]
            for unit in filed:
                when = max(when, deadline + dt.timedelta(days=rng.randrange(-12, 8)))
                reports.append(Report(when, unit, "负责人", True, "完成"))
                events.append(Event(when, "反馈", "李明", "", (("单位", unit), ("办结", True))))
            if filed and rng.random() < 0.3:
                when += dt.timedelta(days=rng.randrange(1, 5))
                one = rng.choice(filed) if len(units) > 1 and rng.random() < 0.5 else None
                redo = when + dt.timedelta(days=rng.randrange(5, 12))
                events.append(Event(when, "退回", "王芳", "数据不准", (("单位", one), ("重办时限", redo))))
            elif len(filed) == len(units) and rng.random() < 0.6:
                when += dt.timedelta(days=rng.randrange(0, 6))
                events.append(Event(when, "办结", "王芳", "", (("按期", when <= deadline),)))
            elif rng.random() < 0.05:
                events.append(Event(when + dt.timedelta(days=3), "终止", "王芳", "不再办理"))
        case = Case(
            id=f"2026-{serial:04d}", doc_number=f"督〔2026〕{serial}号", title=f"生成事项{serial}",
            source=Source("领导交办"), lead_units=units, registered=day, assigned=assigned, deadline=deadline,
            events=tuple(sorted(events, key=lambda e: e.date)), reports=tuple(reports),
        )  # fmt: skip
        (folder / f"{case.id}.yaml").write_text(dump_fast(case_to_mapping(case)), encoding="utf-8")
    for args in (["add", "-A"], ["commit", "-qm", "生成"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=GIT_ENV, capture_output=True)
    return runner_office


def agree_on(office: Duban, day: str, shown: list[str] | None, tmp_path: Path) -> int:
    """Every surface's standing of every case on one day, checked against list --json; returns how
    many cases are overdue. `shown`: the cases to read one by one with show (all when None)."""
    import re

    office.today = day
    listed = {item["编号"]: item for item in json.loads(office("list", "--json").stdout)}
    late = {case_id: item["逾期工作日"] for case_id, item in listed.items() if item["逾期"]}
    for case_id in listed if shown is None else shown:
        data = json.loads(office("show", case_id, "--json").stdout)
        assert (data["逾期"], data["逾期工作日"], data["剩余工作日"]) == (
            listed[case_id]["逾期"], listed[case_id]["逾期工作日"], listed[case_id]["剩余工作日"]
        ), (day, case_id)  # fmt: skip
        line = next(x for x in office("show", case_id).stdout.splitlines() if x.startswith("办理时限"))
        said = re.search(r"逾期 (\d+) 个工作日", line)
        days = data["逾期工作日"] if data["逾期"] and data["逾期工作日"] > 0 else None
        assert (int(said.group(1)) if said else None) == days, (day, line)
        assert ("逾期（非工作日）" in line) == (data["逾期"] and not days), (day, line)
        left = re.search(r"剩 (\d+) 个工作日|今天到期", line)
        assert bool(left) == (data["剩余工作日"] is not None and data["剩余工作日"] >= 0 and not data["逾期"]), (
            day, line, data["剩余工作日"], data["状态"]
        )  # fmt: skip
    checked = json.loads(office("overdue", "--format", "json").stdout)["事项"]
    assert {i["编号"]: i["逾期工作日"] for i in checked if "逾期" in i["提示"]} == late, day
    office("export", str(tmp_path / "台账.csv"))
    with (tmp_path / "台账.csv").open(encoding="utf-8-sig", newline="") as ledger:
        rows = list(csv.DictReader(ledger))
    assert {row["编号"] for row in rows if row["按期/超期"].startswith("逾期")} == set(late), day
    office("dashboard", "-o", str(tmp_path / "看板.html"))
    board = (tmp_path / "看板.html").read_text(encoding="utf-8")
    red_table = board.split('id="red-list"')[1].split("</table>")[0]
    assert set(re.findall(r"<td[^>]*>(2026-\d{4})</td>", red_table)) == set(late), day
    text = _bulletin(office, "2026-01-01", day, day)
    named = text.split("逾期未办结的事项")[1].split("### ")[0] if "逾期未办结的事项" in text else ""
    assert {f"2026-{int(n):04d}" for n in re.findall(r"（督〔2026〕(\d+)号）", named)} == set(late), day
    assert f"逾期未办结{len(late)}项" in text, day
    late_units = 0
    for case_id in late:
        units = listed[case_id].get("各主办单位")
        late_units += sum(1 for u in units if u["逾期"]) if units else 1
    assert sum(int(row[4]) for row in _unit_table(text)) == late_units, day
    return len(late)


def period(start: str, end: str, step: int = 1) -> list[str]:
    import datetime as dt

    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return [(first + dt.timedelta(days=n)).isoformat() for n in range(0, (last - first).days + 1, step)]


def test_every_surface_agrees_on_the_example_office(example: Duban, tmp_path: Path) -> None:
    days = ["2026-09-30", "2026-11-02", "2026-11-23"]  # every day of a period: tests/stress/test_agreement.py
    assert sum(agree_on(example, day, None, tmp_path) for day in days) > 0


def test_every_surface_agrees_on_a_generated_office(tmp_path: Path) -> None:
    office = generated_office(tmp_path / "office", 40)
    days = ["2026-10-09", "2026-10-30", "2026-11-20"]  # a past day too: cases closed since were open then
    sample = [f"2026-{n:04d}" for n in range(1, 41, 4)]
    assert sum(agree_on(office, day, sample, tmp_path) for day in days) > 0
