"""`duban import report`: the filled 政务督办报告 forms units send back, registered as `duban report`
would register them, in one commit, or nothing; every refusal; the unit's own layout; the receipt."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import UNITS_FILE, Duban, refused
from reportfill import cell_after, fill, type_into, unmerge_box
from typer.testing import CliRunner

from duban.cli import app
from duban.importers.reportform import read_result, split_contact
from duban.render.docprops import find_code, read_properties, with_properties

TEXT = "一、城南片区3处内涝点排水管网改造已完工，经汛期检验无积水。\n二、已建立巡查台账，每周巡查一次。"


def new_office(root: Path) -> Duban:
    result = CliRunner().invoke(
        app, ["--by", "李明", "init", str(root), "--office", "示范区人民政府办公室", "--units", str(UNITS_FILE)]
    )
    assert result.exit_code == 0, result.output
    office = Duban(root)
    office.new("城南片区内涝点整治", "--lead-unit", "住建局", "--co-unit", "财政局")
    office.new("老旧小区加装电梯", "--lead-unit", "住建局", "--lead-unit", "城管局")
    office("assign", "2026-0001", "--days", "5")
    office("assign", "2026-0002", "--days", "5")
    return office


@pytest.fixture
def unit_office(tmp_path: Path) -> Duban:
    return new_office(tmp_path / "office")


def form(office: Duban, tmp_path: Path, case_id: str = "2026-0001", unit: str = "区住房和城乡建设局") -> Path:
    out = tmp_path / "forms" / f"{case_id}.docx"
    out.parent.mkdir(exist_ok=True)
    office("render", "report-form", case_id, "-f", "docx", "-o", str(out))
    if not out.exists():
        out = out.with_name(f"{out.stem}-{unit}.docx")
    return out


def reports(office: Duban, case_id: str = "2026-0001") -> list[dict[str, Any]]:
    return json.loads(office("show", case_id, "--json").stdout)["办理报告"]  # type: ignore[no-any-return]


def retyped(path: Path, label: str, text: str) -> Path:
    """The filled form with one cell typed over, as a unit would in Word."""
    from docx import Document

    document = Document(str(path))
    type_into(cell_after(document.tables[0], label), text)
    document.save(str(path))
    return path


def imported(office: Duban, *files: Path, ok: bool = True) -> Any:
    office.today = "2026-10-09"
    return office("import", "report", *map(str, files), ok=ok)


def test_a_form_typed_in_word_registers_exactly_the_report_a_clerk_would_type(
    unit_office: Duban, tmp_path: Path
) -> None:
    blank = form(unit_office, tmp_path)
    filled = fill(blank, tmp_path / "住建局的报告.docx", TEXT, "王强")
    before = unit_office.commits()
    done = imported(unit_office, filled)
    assert "已登记 1 份报告" in done.stdout and "2026-0001\t区住房和城乡建设局\t王强\t已办结" in done.stdout
    assert unit_office.commits() == before + 1
    clerk = new_office(tmp_path / "clerk")
    clerk.today = "2026-10-09"
    clerk("report", "2026-0001", "--unit", "住建局", "--signer", "王强", "--text", TEXT, "--final")
    assert reports(unit_office) == reports(clerk)
    show = json.loads(unit_office("show", "2026-0001", "--json").stdout)
    assert show["状态"] == json.loads(clerk("show", "2026-0001", "--json").stdout)["状态"] == "待审核"
    event = show["办理过程"][-1]
    assert event["动作"] == "反馈" and event["联系人"] == "张敏" and event["联系电话"] == "13800001111"
    assert event["报送日期"] == "2026年10月9日" and event["报告文件"] == "住建局的报告.docx"
    assert "导入报告" in unit_office.git("log", "-1", "--format=%B")
    unit_office("check")


def test_the_form_carries_its_identity(unit_office: Duban, tmp_path: Path) -> None:
    data = form(unit_office, tmp_path).read_bytes()
    props = read_properties(data)
    assert props["DubanOffice"] == "示范区人民政府办公室" and props["DubanCase"] == "2026-0001"
    assert props["DubanUnit"] == "区住房和城乡建设局" and props["DubanNotice"] == "督〔2026〕1号"
    assert props["DubanIssued"] == "2026-09-28"
    code = find_code(props["DubanFormCode"])
    assert code is not None and code.case_id == "2026-0001" and code.place == 1
    from duban.render.docprops import header_text

    assert f"表单码 {props['DubanFormCode']}" in header_text(data)


def test_a_progress_report_with_a_merged_cell_changed_and_the_label_joined(unit_office: Duban, tmp_path: Path) -> None:
    filled = fill(form(unit_office, tmp_path), tmp_path / "r.docx", TEXT, "王强", final=False, mark="■")
    unmerge_box(filled)
    imported(unit_office, filled)
    clerk = new_office(tmp_path / "clerk")
    clerk.today = "2026-10-09"
    clerk("report", "2026-0001", "--unit", "住建局", "--signer", "王强", "--text", TEXT)
    assert reports(unit_office) == reports(clerk)


def test_a_form_of_several_lead_units_and_a_folder_in_one_commit(unit_office: Duban, tmp_path: Path) -> None:
    out = tmp_path / "forms" / "f.docx"
    out.parent.mkdir()
    unit_office("render", "report-form", "2026-0002", "-f", "docx", "-o", str(out))
    back = tmp_path / "back"
    back.mkdir()
    fill(out.with_name("f-区住房和城乡建设局.docx"), back / "a.docx", "电梯加装完成12部。", "王强")
    fill(out.with_name("f-区城市管理局.docx"), back / "b.docx", "施工占道审批已办结。", "刘洋", final=False)
    fill(form(unit_office, tmp_path), back / "c.docx", TEXT, "王强", final=False)
    (back / "~$a.docx").write_bytes(b"lock")
    before = unit_office.commits()
    done = imported(unit_office, back)
    assert "已登记 3 份报告" in done.stdout
    assert unit_office.commits() == before + 1
    body = unit_office.git("log", "-1", "--format=%B")
    assert "导入 3 份报告" in body and "2026-0002 区城市管理局 进展报告 签发人 刘洋（b.docx）" in body
    assert {r["单位"] for r in reports(unit_office, "2026-0002")} == {"区住房和城乡建设局", "区城市管理局"}


def test_dry_run_shows_the_table_and_registers_nothing(unit_office: Duban, tmp_path: Path) -> None:
    filled = fill(form(unit_office, tmp_path), tmp_path / "r.docx", TEXT, "王强")
    before = unit_office.commits()
    unit_office.today = "2026-10-09"
    done = unit_office("import", "report", str(filled), "--dry-run")
    assert "编号\t单位\t签发人\t结果\t字数\t报送日期\t文件" in done.stdout
    assert "2026-0001\t区住房和城乡建设局\t王强\t已办结\t" in done.stdout and "r.docx" in done.stdout
    assert "这是预览" in done.stderr and unit_office.commits() == before and reports(unit_office) == []
    rows = json.loads(unit_office("import", "report", str(filled), "--dry-run", "--json").stdout)
    assert rows["预览"] is True and rows["报告"][0]["联系电话"] == "13800001111"


# -- refusals: one line naming the file, nothing registered from the batch -----------------------------


def refused_batch(office: Duban, text: str, *files: Path) -> None:
    before = office.commits()
    result = imported(office, *files, ok=False)
    refused(result, text)
    assert "本次未登记任何报告" in result.stderr
    assert office.commits() == before


def test_a_form_of_another_office(unit_office: Duban, tmp_path: Path) -> None:
    filled = fill(form(unit_office, tmp_path), tmp_path / "他办.docx", TEXT, "王强")
    props = read_properties(filled.read_bytes())
    props["DubanOffice"] = "邻区人民政府办公室"
    filled.write_bytes(with_properties(filled.read_bytes(), props))
    refused_batch(unit_office, "他办.docx：这是“邻区人民政府办公室”的督办报告，不是本办", filled)


def test_a_case_number_that_does_not_match(unit_office: Duban, tmp_path: Path) -> None:
    filled = fill(form(unit_office, tmp_path), tmp_path / "改号.docx", TEXT, "王强")
    retyped(filled, "督办编号", "2026-0002")
    refused_batch(unit_office, "改号.docx：表内督办编号 2026-0002 与表单标识的 2026-0001 不符", filled)


def test_a_unit_that_is_not_a_lead_unit(unit_office: Duban, tmp_path: Path) -> None:
    letter = own_letter(
        tmp_path / "财政局.docx", ["督办编号：2026-0001", "示范区人民政府办公室：", TEXT, "签发人：陈刚", "区财政局"]
    )
    refused_batch(unit_office, "财政局.docx：区财政局 不是事项 2026-0001 的主办单位", letter)


def test_a_case_already_closed(unit_office: Duban, tmp_path: Path) -> None:
    filled = fill(form(unit_office, tmp_path), tmp_path / "晚到.docx", TEXT, "王强")
    unit_office.today = "2026-10-08"
    unit_office("report", "2026-0001", "--unit", "住建局", "--signer", "王强", "--text", "已完工", "--final")
    unit_office("close", "2026-0001")
    refused_batch(unit_office, "晚到.docx：事项 2026-0001 已办结，不再登记报告", filled)


def test_a_form_imported_before_even_renamed(unit_office: Duban, tmp_path: Path) -> None:
    filled = fill(form(unit_office, tmp_path), tmp_path / "r.docx", TEXT, "王强", final=False)
    imported(unit_office, filled)
    refused_batch(unit_office, "r.docx：已于 2026-10-09 导入过（r.docx，区住房和城乡建设局）", filled)
    # Saved again under another name (Word writes another file): the same filled fields. A report
    # dated anew in the same words is next period's (test_review_i31: a monthly progress report).
    from docx import Document

    document = Document(str(filled))
    document.core_properties.revision = 7
    document.save(str(tmp_path / "再发一次.docx"))
    assert (tmp_path / "再发一次.docx").read_bytes() != filled.read_bytes()
    refused_batch(unit_office, "再发一次.docx：已于 2026-10-09 导入过", tmp_path / "再发一次.docx")


def test_the_same_form_twice_in_one_batch(unit_office: Duban, tmp_path: Path) -> None:
    filled = fill(form(unit_office, tmp_path), tmp_path / "r.docx", TEXT, "王强", final=False)
    copy = tmp_path / "副本.docx"
    copy.write_bytes(filled.read_bytes())
    refused_batch(unit_office, "副本.docx：与本批的 r.docx 是同一份报告", filled, copy)


def test_a_form_not_signed(unit_office: Duban, tmp_path: Path) -> None:
    filled = fill(form(unit_office, tmp_path), tmp_path / "未签发.docx", TEXT, "")
    refused_batch(unit_office, "未签发.docx：第一责任人（签发）一栏是空的", filled)


def test_one_bad_form_and_the_batch_registers_nothing(unit_office: Duban, tmp_path: Path) -> None:
    good = fill(form(unit_office, tmp_path), tmp_path / "好.docx", TEXT, "王强")
    bad = fill(form(unit_office, tmp_path), tmp_path / "坏.docx", "另一份", "")
    result = imported(unit_office, good, bad, ok=False)
    assert result.exit_code == 1 and "坏.docx：第一责任人（签发）一栏是空的" in result.stderr
    assert "本次未登记任何报告" in result.stderr and reports(unit_office) == []


def test_nothing_ticked_or_both(unit_office: Duban, tmp_path: Path) -> None:
    filled = fill(form(unit_office, tmp_path), tmp_path / "未勾选.docx", TEXT, "王强")
    retyped(filled, "办理结果", "□已办结　　□正在办理")
    refused_batch(unit_office, "未勾选.docx：办理结果没有勾选", filled)


def test_a_tampered_code(unit_office: Duban, tmp_path: Path) -> None:
    """Without its properties (a copy through a tool that drops them), the printed 表单码 identifies
    the form; a code not issued by this office is refused."""
    filled = fill(form(unit_office, tmp_path), tmp_path / "码.docx", TEXT, "王强")
    stripped = _without_properties(filled.read_bytes())
    (tmp_path / "码.docx").write_bytes(stripped)
    imported(unit_office, tmp_path / "码.docx")  # the code alone identifies it
    assert reports(unit_office)[0]["签发人"] == "王强"
    other = fill(form(unit_office, tmp_path, "2026-0002"), tmp_path / "x.docx", TEXT, "王强")
    code = read_properties(other.read_bytes())["DubanFormCode"]
    forged = _without_properties(other.read_bytes(), (code, "ZZZZ" + code[4:]))
    (tmp_path / "伪.docx").write_bytes(forged)
    refused_batch(unit_office, "伪.docx：表单码 ZZZZ-2026-0002-01 校验不符", tmp_path / "伪.docx")


def _without_properties(data: bytes, change: tuple[str, str] = ("", "")) -> bytes:
    """The file as a tool that drops custom properties saves it; the printed code changed if asked."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if change[0] and item.filename.startswith("word/header"):
                content = content.replace(change[0].encode(), change[1].encode())
            if item.filename != "docProps/custom.xml":
                target.writestr(item, content)
    return out.getvalue()


# -- a unit's own layout -------------------------------------------------------------------------------


def own_letter(path: Path, lines: list[str]) -> Path:
    from docx import Document

    document = Document()
    for line in lines:
        for part in line.split("\n"):
            document.add_paragraph(part)
    document.save(str(path))
    return path


def test_a_report_in_the_units_own_layout(unit_office: Duban, tmp_path: Path) -> None:
    letter = own_letter(
        tmp_path / "自拟.docx",
        [
            "区住房和城乡建设局",
            "住建报〔2026〕31号",
            "关于督〔2026〕1号督办事项办结情况的报告",
            "示范区人民政府办公室：",
            TEXT,
            "签发人：王强",
            "联系人：张敏（电话：0571-88886666）",
            "区住房和城乡建设局",
            "2026年10月9日",
        ],
    )
    imported(unit_office, letter)
    clerk = new_office(tmp_path / "clerk")
    clerk.today = "2026-10-09"
    clerk("report", "2026-0001", "--unit", "住建局", "--signer", "王强", "--text", TEXT, "--final")
    assert reports(unit_office) == reports(clerk)
    event = json.loads(unit_office("show", "2026-0001", "--json").stdout)["办理过程"][-1]
    assert event["联系电话"] == "0571-88886666" and event["报送日期"] == "2026年10月9日"


def test_own_layout_without_a_case_number_is_told_what_to_do(unit_office: Duban, tmp_path: Path) -> None:
    letter = own_letter(tmp_path / "无号.docx", ["关于内涝整治的报告", "示范区人民政府办公室：", TEXT, "签发人：王强"])
    refused_batch(unit_office, "无号.docx：读不出督办编号：请在文件开头写明督办编号，或用 duban report 登记", letter)


# -- the fields, read however they were filled -----------------------------------------------------------


@pytest.mark.parametrize("mark", ["☑", "■", "√", "✓", "✔", "☒"])
def test_ticks(mark: str) -> None:
    assert read_result(f"{mark}已办结　　□正在办理") == "已办结"
    assert read_result(f"□已办结　　{mark}正在办理") == "正在办理"
    assert read_result(f"□已办结　　正在办理{mark}") == "正在办理"


def test_a_wingdings_tick_inserted_as_a_symbol(unit_office: Duban, tmp_path: Path) -> None:
    """Word's Insert Symbol: <w:sym w:font="Wingdings" w:char="F0FE"/>, no text character at all."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    filled = fill(form(unit_office, tmp_path), tmp_path / "符号.docx", TEXT, "王强")
    document = Document(str(filled))
    cell = cell_after(document.tables[0], "办理结果")
    type_into(cell, "已办结　　正在办理")  # no boxes: only the symbol tells which
    run = cell.paragraphs[0].runs[0]._r
    sym = OxmlElement("w:sym")
    sym.set(qn("w:font"), "Wingdings")
    sym.set(qn("w:char"), "F0FE")
    new_run = OxmlElement("w:r")
    new_run.append(sym)
    run.addprevious(new_run)
    document.save(str(filled))
    imported(unit_office, filled)
    assert reports(unit_office)[0]["办结"] is True


def test_a_deleted_box_or_choice() -> None:
    assert read_result("已办结") == "已办结"  # the other choice deleted
    assert read_result("□正在办理") == "正在办理"
    assert read_result("已办结　　□正在办理") == "已办结"  # its box taken away
    assert read_result("□已办结　　□正在办理") == ""
    assert read_result("☑已办结　☑正在办理") == "两项都勾选"


def test_contacts() -> None:
    assert split_contact("张敏 13800001111") == ("张敏", "13800001111")
    assert split_contact("张敏（电话：0571-88886666）") == ("张敏", "0571-88886666")
    assert split_contact("张敏\n联系电话：88886666") == ("张敏", "88886666")
    assert split_contact("张敏") == ("张敏", "")


def test_codes_typed_anyhow() -> None:
    code = find_code("表单码：jcap－2026－0001－01")
    assert code is not None and (code.check, code.case_id, code.place) == ("JCAP", "2026-0001", 1)
    assert find_code("督办编号 2026-0001") is None


# -- the receipt ---------------------------------------------------------------------------------------


def test_the_receipt(unit_office: Duban, tmp_path: Path) -> None:
    filled = fill(form(unit_office, tmp_path), tmp_path / "r.docx", TEXT, "王强")
    unit_office.today = "2026-10-09"
    done = unit_office("import", "report", str(filled), "--receipt")
    assert "已生成回执" in done.stdout
    assert (unit_office.root / "out" / "2026-0001-回执-区住房和城乡建设局.docx").exists()
    unit_office.today = "2026-10-10"
    text = unit_office("render", "receipt", "2026-0001", "--unit", "住建局", "-o", "-").stdout
    assert "## 政务督办报告回执" in text and "区住房和城乡建设局：" in text
    assert "本办已于2026年10月9日收到并登记" in text and "办结报告（报送日期2026年10月9日）" in text
    assert "办理过程“反馈”（2026年10月9日，经办人李明）" in text
    assert "下一步：事项已进入审核。本办审核后办结；审核未通过的，将退回重办" in text
    refused(unit_office("render", "receipt", "2026-0002", "-o", "-", ok=False), "还没有登记任何报告")


def test_the_readme_round_trip_with_the_filled_form_in_tests(tmp_path: Path) -> None:
    """README's 报告回收 example, in-process: tests/report-form-filled.docx is the form this office
    renders (same identity, same 表单码), filled in; imported, it is the report, and the receipt says so."""
    here = Path(__file__).parent
    init = ["--by", "李明", "init", str(tmp_path / "o"), "--office", "示范区人民政府办公室", "--units", str(UNITS_FILE)]
    assert CliRunner().invoke(app, init).exit_code == 0
    office = Duban(tmp_path / "o")
    assert office.new("城南片区内涝点整治", "--lead-unit", "住建局") == "2026-0001"
    office("assign", "2026-0001", "--days", "5")
    rendered = form(office, tmp_path)
    filled = here / "report-form-filled.docx"
    assert read_properties(filled.read_bytes()) == read_properties(rendered.read_bytes())
    office.today = "2026-10-09"
    assert "王强" in office("import", "report", str(filled), "--dry-run").stdout
    assert "已登记 1 份报告" in office("import", "report", str(filled), "--receipt").stdout
    assert "待审核" in office("show", "2026-0001").stdout
    office.today = "2026-10-10"
    assert "本办已于2026年10月9日收到并登记" in office("render", "receipt", "2026-0001", "-o", "-").stdout


def test_the_form_filled_inside_the_notice_it_came_with(unit_office: Duban, tmp_path: Path) -> None:
    """The notice carries the form as its 附件, and its identity: a unit that fills the form there
    and sends the whole notice back is registered as if it had sent the form alone."""
    notice = tmp_path / "notice.docx"
    unit_office("render", "notice", "2026-0001", "-f", "docx", "-o", str(notice))
    assert read_properties(notice.read_bytes())["DubanCase"] == "2026-0001"
    filled = fill(notice, tmp_path / "通知连同报告.docx", TEXT, "王强")
    done = imported(unit_office, filled)
    assert "2026-0001\t区住房和城乡建设局\t王强\t已办结" in done.stdout
    assert reports(unit_office)[-1]["内容"].rstrip("\n") == TEXT
    from duban.render.docprops import header_text

    assert "表单码" not in header_text(notice.read_bytes())  # the notice's pages as the standard has them


def test_a_form_known_by_its_code_alone_is_checked_against_the_unit_in_its_table(
    unit_office: Duban, tmp_path: Path
) -> None:
    """The code names 住建局's form; a table that says another unit is refused, not registered to 住建局."""
    filled = fill(form(unit_office, tmp_path), tmp_path / "f.docx", TEXT, "王强")
    retyped(filled, "主办单位", "区财政局")
    (tmp_path / "码.docx").write_bytes(_without_properties(filled.read_bytes()))
    refused_batch(unit_office, "表内主办单位“区财政局”与表单所发的区住房和城乡建设局不符", tmp_path / "码.docx")
