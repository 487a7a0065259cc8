"""Issue 29, part: several leaders' 批示 on one case, the source kinds the rules name, imports that
honour 交办须经领导批准, and text carrying a 密级 mark refused (duban is not a 涉密 system)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Duban, set_config

from duban.merge import merge_cases
from duban.model import SOURCE_KINDS
from duban.schema import case_from_mapping, classified_mark
from duban.yamlio import load_fast


def shown(office: Duban, case_id: str) -> dict:
    return json.loads(office("show", case_id, "--json").stdout)


def listed(office: Duban, *args: str) -> list[str]:
    return [row["编号"] for row in json.loads(office("list", "--json", *args).stdout)]


# -- several leaders' 批示 (济南 三(四)) ------------------------------------------------------------------


def test_every_leader_of_a_case_is_kept_in_order(office: Duban) -> None:
    """济南 三(四): a case may carry the 批示 of several leaders. “new --leader 王建国 --leader 李红
    exits 0 and keeps only 李红. Keep every leader, in order.”"""
    case = office.new("某事项", "--leader", "王建国", "--leader", "李红", "--lead-unit", "财政局")
    assert "批示领导: [王建国, 李红]\n" in office.file(case).read_text(encoding="utf-8")
    assert shown(office, case)["批示领导"] == ["王建国", "李红"]
    assert "王建国、李红" in office("show", case).stdout
    one = office.new("另一事项", "--leader", "王建国")
    assert "批示领导: 王建国\n" in office.file(one).read_text(encoding="utf-8")  # as files always had it
    assert shown(office, one)["批示领导"] == "王建国"
    both = office.new("顿号隔开", "--leader", "王建国、李红", "--leader", "王建国")
    assert shown(office, both)["批示领导"] == ["王建国", "李红"]  # each once, in order


def test_the_notice_names_every_leader(office: Duban) -> None:
    """“show, notices, list --leader and stats see all of them”: 根据王建国、李红同志的要求，…; both in 抄送."""
    case = office.new("某事项", "--leader", "王建国", "--leader", "李红", "--lead-unit", "财政局")
    office("assign", case, "--days", "10")
    notice = office("render", "notice", case, "-o", "-").stdout
    assert "根据王建国、李红同志的要求，现将“某事项”列为督办事项" in notice
    assert "抄送：王建国同志，李红同志。" in notice


def test_list_by_leader_finds_a_case_by_any_of_its_leaders(office: Duban) -> None:
    """list --leader matches any of a case's leaders (the index's leader column too)."""
    both = office.new("两位领导批示", "--leader", "王建国", "--leader", "李红")
    one = office.new("一位领导批示", "--leader", "李红")
    office.new("没有批示")
    assert listed(office, "--leader", "王建国") == [both]
    assert listed(office, "--leader", "李红") == [both, one]
    assert listed(office, "--leader", "张强") == []
    exported = office.root / "台账.csv"
    office("export", str(exported), "--leader", "王建国")
    rows = exported.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 2 and "王建国、李红" in rows[1]  # the ledger's 批示领导 joins them with 、


def test_a_hand_edited_file_with_several_leaders_is_read(office: Duban) -> None:
    """批示领导 holds a string (one leader) or a flow list (several); both are read."""
    case = office.new("某事项", "--leader", "王建国")
    path = office.file(case)
    path.write_text(path.read_text(encoding="utf-8").replace("批示领导: 王建国", "批示领导: [王建国, 李红]"), "utf-8")
    office.git("commit", "-qam", "补记领导")
    office("check")  # exits 0: no problem
    assert shown(office, case)["批示领导"] == ["王建国", "李红"]
    assert listed(office, "--leader", "李红") == [case]


def test_a_restricted_case_hides_every_leader(office: Duban) -> None:
    """知情范围: outside the circle, no leader's name is shown."""
    case = office.new("某信访事项", "--leader", "王建国", "--leader", "李红", "--restricted-to", "李明")
    office.by = "王芳"
    seen = shown(office, case)
    assert seen["批示领导"] is None and "李红" not in office("show", case).stdout
    assert listed(office, "--leader", "李红") == []


def test_merging_keeps_the_leaders_of_the_side_that_added_them(office: Duban) -> None:
    """sync's merge: 批示领导 is a plain field, three-way; a list of leaders merges as any field does."""
    case = office.new("某事项", "--leader", "王建国")
    base = load_fast(office.file(case).read_text(encoding="utf-8"))
    ours = {**base, "批示领导": ["王建国", "李红"]}
    theirs = {**base, "紧急程度": "紧急"}
    merged = merge_cases(base, ours, theirs)
    assert not merged.conflicts and merged.mapping["批示领导"] == ["王建国", "李红"]
    read, problems = case_from_mapping(merged.mapping)
    assert not problems and read is not None and read.leaders == ("王建国", "李红") and read.urgency == "紧急"


def test_imports_keep_several_leaders(office: Duban, tmp_path: Path) -> None:
    """import minutes --leader (several) and a table's 批示领导 column with names separated by 、."""
    office.today = "2026-09-15"
    table = tmp_path / "任务.csv"
    table.write_text("序号,工作任务,牵头单位,批示领导,完成时限\n1,任务一,区财政局,王建国、李红,2026-11-30\n",
                     "utf-8-sig")  # fmt: skip
    office("import", "table", str(table))
    assert shown(office, "2026-0001")["批示领导"] == ["王建国", "李红"]
    minutes = tmp_path / "纪要.txt"
    minutes.write_text("一、关于某事\n请区财政局牵头，10月30日前完成方案。\n", encoding="utf-8")
    office("import", "minutes", str(minutes), "--meeting", "某会议", "--date", "2026-09-14",
           "--leader", "王建国", "--leader", "李红")  # fmt: skip
    assert shown(office, "2026-0002")["批示领导"] == ["王建国", "李红"]


# -- source kinds ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["人大议案", "审议意见", "重点工程"])
def test_the_source_kinds_the_rules_name_are_accepted(office: Duban, kind: str) -> None:
    """Issue 29: “add what the rules name and --source-kind refuses: 人大议案, 审议意见, 重点工程”."""
    case = office("new", "--title", "某事项", "--source-kind", kind).stdout.strip()
    assert shown(office, case)["来源"]["类别"] == kind


def test_the_source_kinds_are_listed_in_one_place(office: Duban) -> None:
    """“keep the list in one place”: the help of new, list, export and import table names every kind
    of SOURCE_KINDS."""
    for command in (["new"], ["list"], ["export"], ["import", "table"]):
        text = "".join(office(*command, "--help", env={"COLUMNS": "400"}).stdout.split())
        for kind in SOURCE_KINDS:
            assert kind in text, (command, kind)


# -- imports honour 交办须经领导批准 (攀东 §107) -------------------------------------------------------------


def test_an_import_needs_an_approver_when_assignment_needs_approval(office: Duban, tmp_path: Path) -> None:
    """攀东 §107: with 交办须经领导批准: true “plain assign is refused without --approved-by, but
    import minutes|table assign every case with no approver. Imports take --approved-by and honour
    the rule.”"""
    set_config(office, "交办须经领导批准: true\n")
    office.today = "2026-09-15"
    table = tmp_path / "任务.csv"
    table.write_text("序号,工作任务,牵头单位,完成时限\n1,任务一,区财政局,2026-11-30\n2,任务二,区民政局,年底前\n",
                     "utf-8-sig")  # fmt: skip
    minutes = tmp_path / "纪要.txt"
    minutes.write_text("一、关于某事\n请区财政局牵头，10月30日前完成方案。\n", encoding="utf-8")
    before = office.commits()
    for command in (["table", str(table)], ["minutes", str(minutes), "--meeting", "某会议", "--date", "2026-09-14"]):
        refused = office("import", *command, ok=False)
        assert refused.exit_code == 1 and len(refused.stderr.strip().splitlines()) == 1
        assert "--approved-by" in refused.stderr and "本次未登记任何事项" in refused.stderr
    assert office.commits() == before and not (office.root / "cases" / "2026").exists()
    assert "任务一" in office("import", "table", str(table), "--dry-run").stdout  # a preview needs no approver
    office("import", "table", str(table), "--approved-by", "王建国", "--opinion", "拟请各单位按期办理")
    for case in ("2026-0001", "2026-0002"):
        assigned = shown(office, case)["办理过程"][-1]
        assert assigned["动作"] == "交办" and assigned["批准人"] == "王建国"
        assert assigned["拟办意见"] == "拟请各单位按期办理"
    office("import", "minutes", str(minutes), "--meeting", "某会议", "--date", "2026-09-14", "--approved-by", "李红")
    assert shown(office, "2026-0003")["办理过程"][-1]["批准人"] == "李红"


def test_an_approver_is_recorded_even_when_not_required(office: Duban, tmp_path: Path) -> None:
    """As assign does: --approved-by given is recorded on the 交办 event whatever config.yaml says."""
    office.today = "2026-09-15"
    table = tmp_path / "任务.csv"
    table.write_text("序号,工作任务,牵头单位,完成时限\n1,任务一,区财政局,2026-11-30\n", "utf-8-sig")
    office("import", "table", str(table), "--approved-by", "王建国")
    assert shown(office, "2026-0001")["办理过程"][-1]["批准人"] == "王建国"


# -- 密级 (保密法; GB/T 9704) --------------------------------------------------------------------------------

MARKS = ["秘密★", "机密★", "绝密★", "秘密★1年", "机密★5年", "绝密★长期", "秘密 ★", "秘　密　★", "秘密☆", "机密★ 10年"]
ORDINARY = ["保守工作秘密", "做好保密工作", "★ 重点任务：年底前完成", "涉及商业秘密的内容另行报送", "★★★"]


@pytest.mark.parametrize("mark", MARKS)
def test_text_with_a_classification_mark_is_refused(office: Duban, mark: str) -> None:
    """保密法, GB/T 9704 密级: “A case or import whose text carries a 密级 mark (绝密★, 机密★, 秘密★ with or
    without a 保密期限) is refused with a message that says to handle it in the 涉密 system.”"""
    refused = office("new", "--title", f"{mark} 某事项", "--source-kind", "领导交办", ok=False)
    assert refused.exit_code == 1
    assert f"密级标志“{mark}”" in refused.stderr and "涉密系统" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert not (office.root / "cases" / "2026").exists()


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_not_taken_for_a_mark(office: Duban, text: str) -> None:
    """秘密 alone, 保密 alone, a ★ used as a bullet are ordinary text."""
    assert classified_mark(text) is None
    office("new", "--title", text, "--source-kind", "领导交办", "--content", f"{text}\n第二行")


def test_marks_are_refused_in_content_source_and_reports(office: Duban) -> None:
    """The title, content, source and a report: every text of a case."""
    office.today = "2026-09-15"
    for option in ("--content", "--source-ref"):
        refused = office("new", "--title", "某事项", "--source-kind", "领导交办", option, "机密★5年 另见附件", ok=False)
        assert "密级标志“机密★5年”" in refused.stderr
    case = office.new("某事项", "--lead-unit", "财政局")
    office("assign", case, "--days", "10")
    refused = office("report", case, "--unit", "财政局", "--signer", "赵局长", "--text", "秘密★ 进展如下", ok=False)
    assert refused.exit_code == 1 and "涉密系统" in refused.stderr
    assert shown(office, case)["办理报告"] == []


def test_an_import_carrying_a_mark_registers_nothing(office: Duban, tmp_path: Path) -> None:
    """“or import”: a minutes file or a table with a 密级 mark anywhere (its header too) is refused whole."""
    office.today = "2026-09-15"
    minutes = tmp_path / "纪要.txt"
    minutes.write_text("秘密★1年\n一、关于某事\n请区财政局牵头，10月30日前完成方案。\n", encoding="utf-8")
    refused = office("import", "minutes", str(minutes), "--meeting", "某会议", "--date", "2026-09-14", ok=False)
    assert refused.exit_code == 1 and "第1行有密级标志“秘密★1年”" in refused.stderr and "涉密系统" in refused.stderr
    table = tmp_path / "任务.csv"
    table.write_text("序号,工作任务,牵头单位,完成时限\n1,任务一,区财政局,2026-11-30\n2,机密★ 任务二,区民政局,年底前\n",
                     "utf-8-sig")  # fmt: skip
    refused = office("import", "table", str(table), ok=False)
    assert refused.exit_code == 1 and "第3行有密级标志“机密★”" in refused.stderr
    assert not (office.root / "cases" / "2026").exists()


def test_check_flags_a_hand_edited_file_with_a_mark(office: Duban) -> None:
    """“text in a hand-edited file”: `check` names it."""
    case = office.new("某事项")
    path = office.file(case)
    path.write_text(path.read_text(encoding="utf-8").replace("标题: 某事项", "标题: 绝密★ 某事项"), encoding="utf-8")
    office.git("commit", "-qam", "手工修改")
    checked = office("check", ok=False)
    assert checked.exit_code != 0 and "密级标志“绝密★”" in checked.stdout + checked.stderr
