"""Reports upward (issue 29): the 呈阅件 of one case, the period's 督办工作情况报告 for the leadership,
a 上级督查 matter handled by the office itself and reported back upward, and the materials filed
with the case at 归档."""

from __future__ import annotations

from conftest import Duban

OFFICE = "示范区人民政府办公室"
HIGHER = ("--source-kind", "上级督查", "--source-ref", "市政府督查室督查通知（市督查〔2026〕5号）")


def _upper(office: Duban) -> str:
    office.today = "2026-09-01"
    result = office("new", "--title", "城区停车难问题整治", *HIGHER, "--leader", "王建国", "--deadline", "2026-09-30")
    return result.stdout.strip().splitlines()[0]


def _handled_by_office(office: Duban) -> tuple[str, str]:
    """A 上级督查 matter the office handles itself, with one sub-case for a unit, both closed."""
    parent = _upper(office)
    office("assign", parent, "--self")
    child = office("new", "--title", "新增公共停车泊位", *HIGHER, "--parent", parent, "--lead-unit", "住建局")
    child_id = child.stdout.strip().splitlines()[0]
    office("assign", child_id, "--days", "10")
    office.today = "2026-09-10"
    office("report", child_id, "--unit", "住建局", "--signer", "赵永刚", "--text", "新增泊位300个", "--final")
    office("close", child_id)
    office.today = "2026-09-20"
    office("report", parent, "--unit", OFFICE, "--signer", "王芳", "--text", "已完成整治", "--final")
    office("close", parent, "--approved-by", "王建国")
    return parent, child_id


def test_a_matter_from_a_higher_level_is_handled_by_the_office_itself(office: Duban) -> None:
    """Issue 29: "for a case from a higher level (上级督查) the office itself handles it and reports
    back upward. Today the parent of such a case cannot take the office itself as its handler, stays
    待交办 and cannot be closed." The office is 机关名称, not in the unit directory."""
    parent, child = _handled_by_office(office)
    shown = office("show", parent).stdout
    assert f"主办单位  {OFFICE}" in shown and "已办结" in shown
    assert "本办自办" in shown
    assert "已办结" in office("show", child).stdout
    assert "检查通过" in office("check").stdout  # the office's name is no unknown unit


def test_the_office_handles_itself_only_a_matter_from_a_higher_level(office: Duban) -> None:
    """--self is for 上级督查; it names the lead unit itself, so it does not go with --lead-unit."""
    other = office.new("区里的事项")
    before = office.commits()
    refused = office("assign", other, "--self", ok=False)
    assert refused.exit_code == 1 and "只用于上级督查" in refused.stderr
    parent = _upper(office)
    before = office.commits()
    both = office("assign", parent, "--self", "--lead-unit", "住建局", ok=False)
    assert both.exit_code == 2 and "--self 与 --lead-unit" in both.stderr
    assert office.commits() == before


def test_no_notice_is_issued_to_the_office_itself(office: Duban) -> None:
    parent = _upper(office)
    office("assign", parent, "--self")
    refused = office("render", "notice", parent, "-o", "-", ok=False)
    assert refused.exit_code == 1 and "upward-report" in refused.stderr


def test_the_report_back_upward_lists_the_sub_cases_results(office: Duban) -> None:
    """ "render the report back upward: the office's report to the higher level on how the matter was
    handled, listing the sub-cases' results"."""
    parent, _ = _handled_by_office(office)
    office.today = "2026-09-22"
    text = office("render", "upward-report", parent, "--to", "市人民政府督查室", "-o", "-").stdout
    assert "## 关于“城区停车难问题整治”办理情况的报告" in text
    assert "市人民政府督查室：" in text
    assert "我办牵头办理" in text and "已完成整治" in text
    assert "| 1 | 新增公共停车泊位 | 区住房和城乡建设局 | 2026年9月15日 | 按期办结（2026年9月10日） |" in text
    missing = office("render", "upward-report", parent, "-o", "-", ok=False)
    assert missing.exit_code == 1 and "--to" in missing.stderr


def test_the_case_report_is_a_form_for_the_leader_with_a_box_for_the_instruction(office: Duban) -> None:
    """ "a 督办情况报告 (呈阅件) of one case after review": 呈阅 leader, 拟办意见, 办理情况, 审查意见,
    the case's facts, and a 领导批示 box filling the rest of the page."""
    case_id = office.new("加快老旧小区改造", "--lead-unit", "住建局", "--leader", "王建国")
    office("assign", case_id, "--opinion", "请住建局牵头办理")
    early = office("render", "case-report", case_id, "-o", "-", ok=False)
    assert early.exit_code == 1 and "呈阅件在审核时出" in early.stderr
    office.today = "2026-09-30"
    office("report", case_id, "--unit", "住建局", "--signer", "赵永刚", "--text", "方案已编制完成", "--final")
    text = office("render", "case-report", case_id, "-o", "-").stdout
    assert text.startswith("## 呈阅件")
    assert "| 呈阅 | 王建国 | 报送日期 | 2026年9月30日 |" in text
    assert "| 拟办意见 | 请住建局牵头办理 | < | < |" in text
    assert "方案已编制完成" in text and "办结报告已报送，待审核" in text
    assert "| 领导批示 | | < | < | {高=余}" in text
    to_other = office("render", "case-report", case_id, "--to", "李红", "-o", "-").stdout
    assert "| 呈阅 | 李红 |" in to_other
    listed = office("render", "--list").stdout
    for name in ("case_report.md.j2", "upward_report.md.j2", "briefing.md.j2"):
        assert name in listed


def test_the_period_report_names_the_cases_that_need_a_leader(office: Duban) -> None:
    """ "of a period (a month, a quarter) for the leadership, with the figures and the cases that need
    a leader's attention (overdue, repeatedly reminded, returned, awaiting a decision, extended)"."""
    office.today = "2026-09-01"
    late = office.new("逾期的事项", "--lead-unit", "城管局")
    office("assign", late, "--days", "3")
    returned = office.new("退回的事项", "--lead-unit", "住建局")
    office("assign", returned, "--days", "10")
    extended = office.new("延期的事项", "--lead-unit", "财政局")
    office("assign", extended, "--days", "10")
    office.today = "2026-09-08"
    office("remind", late)
    office("report", returned, "--unit", "住建局", "--signer", "赵永刚", "--text", "初稿", "--final")
    office("return", returned, "--reason", "测算不完整")
    office("extend", extended, "--to", "2026-09-30", "--reason", "需补充", "--approved-by", "王建国")
    office.today = "2026-09-10"
    office("remind", late)
    office.today = "2026-10-09"
    text = office("briefing", "--month", "2026-09", "--leader", "王建国区长", "-o", "-").stdout
    assert "## 2026年9月督办工作情况报告" in text and "王建国区长：" in text
    assert "（2026年9月1日至2026年9月30日）" in text
    assert "逾期未办结" in text and "“逾期的事项”" in text
    assert "多次催办仍未办结（1项）" in text and "已催办2次" in text
    assert "退回重办（1次）" in text and "测算不完整" in text
    assert "延期办理（1次）" in text and "经王建国批准延期至2026年9月30日" in text
    quarter = office("briefing", "--quarter", "2026Q3", "-o", "-").stdout
    assert "## 2026年第三季度督办工作情况报告" in quarter
    bad = office("briefing", "--month", "2026-13", "-o", "-", ok=False)
    assert bad.exit_code == 2 and "不是月份" in bad.stderr
    both = office("briefing", "--month", "2026-09", "--quarter", "2026Q3", ok=False)
    assert both.exit_code == 2 and "三者选一" in both.stderr


def test_a_review_awaiting_decision_is_named_in_the_period_report(office: Duban) -> None:
    case_id = office.new("待审核的事项", "--lead-unit", "住建局")
    office("assign", case_id)
    office("report", case_id, "--unit", "住建局", "--signer", "赵永刚", "--text", "办好了", "--final")
    text = office("briefing", "--from", "2026-09-01", "--to", "2026-09-28", "-o", "-").stdout
    assert "办结报告待审定（1项）" in text and "“待审核的事项”" in text


def test_a_request_awaiting_its_answer_is_named_in_the_period_report(office: Duban) -> None:
    """The period report names "the cases that need a leader's attention": a unit's 请示 asks for a
    decision, and stays named until its 批复."""
    case_id = office.new("需要请示的事项", "--lead-unit", "住建局")
    office("assign", case_id)
    office("request", case_id, "--unit", "住建局", "--text", "拟调整实施范围")
    text = office("briefing", "--from", "2026-09-01", "--to", "2026-09-28", "-o", "-").stdout
    assert "请示待批复（1件）" in text and "“需要请示的事项”" in text and "拟调整实施范围" in text
    office("reply", case_id, "--text", "同意", "--leader", "王建国")
    text = office("briefing", "--from", "2026-09-01", "--to", "2026-09-28", "-o", "-").stdout
    assert "请示待批复" not in text


def test_the_issued_documents_are_filed_with_the_case_at_archive(office: Duban) -> None:
    """四川 §10(六) 归档: "At `archive` … the issued documents are kept in the repository beside the case
    (e.g. `archive/2026/2026-0017/`), named and listed in `show`"; in the archive's own commit."""
    case_id = office.new("加快老旧小区改造", "--lead-unit", "住建局")
    office("assign", case_id, "--deadline", "2026-09-30")
    office.today = "2026-10-12"
    office("remind", case_id)
    office("report", case_id, "--unit", "住建局", "--signer", "赵永刚", "--text", "已办", "--final")
    office("close", case_id)
    before = office.commits()
    office("archive", case_id)
    assert office.commits() == before + 1
    folder = office.root / "archive" / "2026" / case_id
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["催办通知-督催〔2026〕1号.md", "政务督办通知.md"]
    assert "## 政务督办通知" in (folder / "政务督办通知.md").read_text(encoding="utf-8")
    committed = office.git("show", "--name-only", "--format=", "HEAD")
    assert f"archive/2026/{case_id}/" in committed and f"cases/2026/{case_id}.yaml" in committed
    assert f"归档材料  archive/2026/{case_id}/政务督办通知.md" in office("show", case_id).stdout


def test_a_document_recorded_before_archive_is_kept_as_it_was(office: Duban) -> None:
    """render --record files the document at once; 归档 does not render it again over it."""
    case_id = office.new("加快老旧小区改造", "--lead-unit", "住建局")
    office("assign", case_id)
    before = office.commits()
    result = office("render", "notice", case_id, "--record")
    assert f"已存入归档材料 archive/2026/{case_id}/政务督办通知.md" in result.stdout
    assert office.commits() == before + 1
    path = office.root / "archive" / "2026" / case_id / "政务督办通知.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n（已印发）\n", encoding="utf-8")
    office.git("commit", "-qam", "印发标记")
    office("report", case_id, "--unit", "住建局", "--signer", "赵永刚", "--text", "已办", "--final")
    office("close", case_id)
    office("archive", case_id)
    assert "（已印发）" in path.read_text(encoding="utf-8")


def test_the_office_is_not_rated_in_the_bulletin(office: Duban) -> None:
    """The office does not praise or criticise itself: its own matter is not a unit's row."""
    _handled_by_office(office)
    office.today = "2026-09-28"
    text = office("bulletin", "--from", "2026-09-01", "--to", "2026-09-28", "-o", "-").stdout
    assert f"| {OFFICE} |" not in text and "区住房和城乡建设局" in text
