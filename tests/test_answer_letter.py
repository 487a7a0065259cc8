"""答复函: a lead unit's answer to a deputy's suggestion (or a member's proposal), with the 征询意见表
as its 附件; and what a suggestion's 政务督办通知 says of the answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Duban, set_config

from duban.render.blocks import blocks

ANSWER = "一、关于资金保障。今年安排改造资金1.2亿元。\n二、关于进度。年底前完成12个小区改造。"


def suggestion(office: Duban, *extra: str, kind: str = "人大建议", proposer: str = "张三") -> str:
    office.today = "2026-03-10"
    done = office(
        "new", "--title", "关于加快老旧小区改造的建议", "--source-kind", kind, "--session", "区十八届人大五次会议",
        "--proposal-no", "第2026015号", "--proposer", proposer, "--cosigner", "李四", "--cosigner", "王五",
        "--lead-unit", "住建局", "--co-unit", "财政局", *extra,
    )  # fmt: skip
    case_id = done.stdout.strip().splitlines()[0]
    office("assign", case_id)
    return case_id


def answer(office: Duban, case_id: str, unit: str = "住建局", mark: str = "A", signer: str = "刘强") -> None:
    office.today = "2026-05-10"
    office("report", case_id, "--unit", unit, "--signer", signer, "--final", "--class", mark,
           "--consult-way", "走访", "--consult-date", "2026-05-01", "--text", ANSWER)  # fmt: skip


def letter(office: Duban, case_id: str) -> str:
    return office("render", "answer-letter", case_id, "-o", "-").stdout


def test_the_letter_marks_its_class_top_right_and_names_the_deputy(office: Duban) -> None:
    case_id = suggestion(office)
    answer(office, case_id)
    text = letter(office, case_id)
    parts = blocks(text)
    kinds = [b.kind for b in parts]
    assert (parts[0].kind, parts[0].text) == ("masthead", "区住房和城乡建设局")
    title = kinds.index("title")
    assert ("mark", "A") in [(b.kind, b.text) for b in parts[:title]], "答复类别在标题之上"
    assert ("header", "签发人：刘强") in [(b.kind, b.text) for b in parts[:title]]
    assert parts[title].text == "关于区十八届人大五次会议第2026015号建议的答复"
    assert (parts[title + 1].kind, parts[title + 1].text) == ("addressee", "张三代表：")
    body = "\n".join(b.text for b in parts if b.kind == "paragraph")
    assert "您领衔提出的《关于加快老旧小区改造的建议》收悉" in body
    assert "会同区财政局" in body and "于2026年5月1日以走访方式" in body
    assert "今年安排改造资金1.2亿元" in body and "感谢您" in body
    assert [b.text for b in parts if b.kind == "signature"] == ["区住房和城乡建设局", "2026年5月10日"]
    assert any(b.kind == "note" and b.text.startswith("（联系人：") for b in parts)
    # The 征询意见表 after the letter, the 版记 last.
    appendix = kinds.index("appendix")
    assert kinds.index("signature") < appendix < kinds.index("form") < kinds.index("colophon")
    assert kinds[-1] == "colophon" and parts[-1].text == "抄送：示范区人大常委会办公室，示范区人民政府办公室。"
    assert (parts[appendix + 1].kind, parts[appendix + 1].text) == ("title", "代表建议办理征询意见表")
    form = next(b for b in parts if b.kind == "form")
    cells = [c for row in form.rows for c in row]
    for expected in ("区十八届人大五次会议第2026015号", "A类", "关于加快老旧小区改造的建议", "张三", "李四、王五",
                     "区住房和城乡建设局", "□满意　□基本满意　□不满意", "意见和建议", "代表签名", "日期"):  # fmt: skip
        assert expected in cells, expected
    assert any("□走访" in c and "□电话" in c for c in cells), "是否面商"
    assert max(form.heights) > 40 or -1.0 in form.heights, "意见和建议的填写框"
    assert "10日内将本表寄回示范区人民政府办公室" in text


def test_a_proposal_is_answered_to_the_member_or_the_organisation(office: Duban) -> None:
    case_id = suggestion(office, kind="政协提案", proposer="民盟区委会")
    answer(office, case_id, mark="B")
    text = letter(office, case_id)
    assert "## 关于区十八届人大五次会议第2026015号提案的答复" in text
    assert "\n民盟区委会：\n" in text and "你们领衔提出的" in text
    assert "**B**" in text and "## 政协提案办理征询意见表" in text and "| 提案人 | 民盟区委会 |" in text
    assert "抄送：政协示范区委员会提案委员会，示范区人民政府办公室。" in text
    person = suggestion(office, kind="政协提案", proposer="赵六")
    answer(office, person)
    assert "\n赵六委员：\n" in letter(office, person)


def test_each_deputy_gets_a_letter_when_config_says_so(office: Duban, tmp_path: Path) -> None:
    case_id = suggestion(office)
    answer(office, case_id)
    out = tmp_path / "letters"
    out.mkdir()
    office("render", "answer-letter", case_id, "-o", str(out / "答复函.md"))
    assert [p.name for p in out.iterdir()] == ["答复函.md"], "答复对象默认为领衔代表"
    set_config(office, "建议提案:\n  答复对象: 每位\n", commit=False)
    office.git("commit", "-qam", "每位")
    office("render", "answer-letter", case_id, "-o", str(out / "答复函.md"))
    names = sorted(p.name for p in out.iterdir())
    assert names == ["答复函-张三.md", "答复函-李四.md", "答复函-王五.md", "答复函.md"]
    lisi = (out / "答复函-李四.md").read_text(encoding="utf-8")
    assert "\n李四代表：\n" in lisi and "您联名提出、张三代表领衔的" in lisi and "| 代表签名 |" in lisi


def test_one_letter_per_lead_unit_from_its_own_answer(office: Duban, tmp_path: Path) -> None:
    case_id = suggestion(office, "--lead-unit", "城管局")
    answer(office, case_id, unit="住建局", mark="A")
    answer(office, case_id, unit="城管局", mark="B", signer="陈明")
    office("render", "answer-letter", case_id, "-o", str(tmp_path / "函.md"))
    zhujian = (tmp_path / "函-区住房和城乡建设局-张三.md").read_text(encoding="utf-8")
    chengguan = (tmp_path / "函-区城市管理局-张三.md").read_text(encoding="utf-8")
    assert "**A**" in zhujian and "签发人：刘强" in zhujian and "# 区住房和城乡建设局" in zhujian
    assert "**B**" in chengguan and "签发人：陈明" in chengguan and "| 承办单位 | 区城市管理局 |" in chengguan


def test_the_office_changes_the_class_at_close(office: Duban) -> None:
    case_id = suggestion(office)
    answer(office, case_id, mark="A")
    office("close", case_id, "--class", "B")
    assert "**B**" in letter(office, case_id) and "| B类 |" in letter(office, case_id).replace("答复类别 | ", "")


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_html_and_word_carry_the_mark_and_the_form(office: Duban, tmp_path: Path, fmt: str) -> None:
    case_id = suggestion(office)
    answer(office, case_id)
    target = tmp_path / f"letter.{fmt}"
    office("render", "answer-letter", case_id, "-f", fmt, "-o", str(target))
    if fmt == "html":
        page = target.read_text(encoding="utf-8")
        assert '<p class="header mark">A</p>' in page
        assert '<p class="attachment appendix">附件</p>' in page and "break-before: page" in page
        title = page.index("关于区十八届人大五次会议")
        assert page.index("签发人：刘强") < title < page.index("代表建议办理征询意见表")
        appendix = page.index('<p class="attachment appendix">')
        assert page.index('<p class="signature"') < appendix < page.index("抄送：")
        assert "□满意　□基本满意　□不满意" in page and 'class="body note"' in page
        return
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    document = Document(str(target))
    paragraphs = document.paragraphs
    mark = next(p for p in paragraphs if p.text == "A")
    assert mark.alignment == WD_ALIGN_PARAGRAPH.RIGHT and all(r.font.bold for r in mark.runs)
    texts = [p.text.replace("\n", "") for p in paragraphs]  # the title in two lines (titles.title_lines)
    assert texts.index("A") < texts.index("关于区十八届人大五次会议第2026015号建议的答复")
    appendix = next(p for p in paragraphs if p.text == "附件")
    assert appendix.paragraph_format.page_break_before
    assert texts.index("2026年5月10日") < texts.index("附件") < texts.index("代表建议办理征询意见表")
    assert texts.index("代表建议办理征询意见表") < next(i for i, t in enumerate(texts) if t.startswith("抄送："))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "□满意　□基本满意　□不满意" in cells and "A类" in cells
    assert "区住房和城乡建设局" in paragraphs[0].text  # the 标志, a frame at 30 mm from the page top
    assert paragraphs[0]._p.pPr.find(qn("w:framePr")) is not None


def test_refusals_say_why_and_write_nothing(office: Duban) -> None:
    office.today = "2026-03-10"
    plain = office.new("城南片区内涝点整治", "--lead-unit", "城管局")
    office("assign", plain)
    done = office("render", "answer-letter", plain, ok=False)
    assert done.exit_code == 1
    assert f"事项 {plain} 的来源是“会议议定”，答复函只用于人大建议、政协提案" in done.stderr
    case_id = suggestion(office)
    done = office("render", "answer-letter", case_id, ok=False)
    assert done.exit_code == 1
    assert f"事项 {case_id} 还没有答复：主办单位的办结报告（带答复类别）登记后才能生成答复函" in done.stderr
    assert not (office.root / "out").exists() or not list((office.root / "out").iterdir())


def test_a_restricted_suggestion_is_rendered_only_inside_its_circle(office: Duban) -> None:
    case_id = suggestion(office, "--restricted-to", "李明")
    answer(office, case_id)
    outsider = Duban(office.root, today="2026-05-10", by="王芳")
    done = outsider("render", "answer-letter", case_id, "-o", "-", ok=False)
    assert done.exit_code == 1 and "知情范围" in done.stderr and "老旧小区" not in done.stdout
    assert "张三代表" in letter(office, case_id)


def test_an_office_template_overrides_the_letter(office: Duban) -> None:
    case_id = suggestion(office)
    answer(office, case_id)
    (office.root / "templates").mkdir(exist_ok=True)
    (office.root / "templates" / "answer_letter.md.j2").write_text(
        "# {{ 承办单位 }}\n\n**{{ 答复类别 }}**\n\n## 答复{{ 案号 }}\n\n尊敬的{{ 称呼 }}：\n\n本办措辞。\n",
        encoding="utf-8",
    )
    text = letter(office, case_id)
    assert "## 答复第2026015号" in text and "尊敬的张三代表：" in text and "本办措辞。" in text
    listed = office("render", "--list").stdout
    assert any(line.startswith("answer_letter.md.j2\t答复函\t本办") for line in listed.splitlines())


def test_a_suggestions_notice_states_the_answer_rules(office: Duban) -> None:
    case_id = suggestion(office)
    text = office("render", "notice", case_id, "-o", "-").stdout
    assert "请于2026年6月10日前办结，书面答复张三代表" in text
    assert "须事先向代表说明情况并经示范区人民政府办公室同意，最迟不超过2026年9月10日（交办之日起6个月）" in text
    assert "区财政局请于2026年4月10日前将书面协办意见送你单位" in text
    assert "A类（所提问题已经解决或采纳）；B类（正在解决或列入计划解决）；C类（" in text
    assert "标注在首页右上角" in text
    assert "（三）你单位主要负责人" in text
    plain = office.new("城南片区内涝点整治", "--lead-unit", "城管局")
    office("assign", plain)
    other = office("render", "notice", plain, "-o", "-").stdout
    assert "答复类别" not in other and "（二）你单位主要负责人" in other
