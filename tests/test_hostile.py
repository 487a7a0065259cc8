"""Hostile and broken text is data (issue 26): control characters, line separators, noncharacters
and lone surrogates are refused at entry and never crash an output; hostile files (a FIFO, a zip
bomb, a huge 时限工作日, CRLF line endings) are refused early or kept as they are."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import GIT_ENV, Duban
from typer.testing import CliRunner

from duban.cli import app

# A terminal's CSI, the C1 next line, Unicode's line and paragraph separators, noncharacters.
HOSTILE = ["\x9b", "\x85", "\u2028", "\u2029", "\ufdd0", "\ufffe", "\U0001ffff"]


def _one_clean_line(result_text: str) -> None:
    assert "Traceback" not in result_text and "内部错误" not in result_text, result_text
    assert len(result_text.strip().splitlines()) == 1, result_text


@pytest.mark.parametrize("ch", HOSTILE)
def test_one_line_fields_refuse_c1_separators_and_noncharacters(office: Duban, ch: str) -> None:
    result = office("new", "--title", f"事项{ch}标题", "--source-kind", "会议议定", ok=False)
    assert result.exit_code == 1
    _one_clean_line(result.stderr)
    assert f"U+{ord(ch):04X}" in result.stderr
    by = CliRunner().invoke(app, ["--repo", str(office.root), "--by", f"李{ch}明", "new", "--title", "甲",
                                  "--source-kind", "会议议定"])  # fmt: skip
    assert by.exit_code == 1, by.output
    _one_clean_line(by.stderr)


def test_init_refuses_an_office_name_with_a_c1_character(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--by", "李明", "init", str(tmp_path / "o"), "--office", "示范\x9b办公室"])
    assert result.exit_code == 1
    _one_clean_line(result.stderr)
    assert not (tmp_path / "o" / "config.yaml").exists()


def test_a_unit_name_with_a_line_separator_is_refused(tmp_path: Path) -> None:
    units = tmp_path / "units.yaml"
    units.write_text('- 区财政局\n- "区教育\\L局"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["--by", "李明", "init", str(tmp_path / "o"), "--units", str(units)])
    assert result.exit_code == 1, result.output
    _one_clean_line(result.stderr)


@pytest.mark.parametrize("ch", HOSTILE)
def test_a_hand_edited_file_with_hostile_text_crashes_no_output(office: Duban, ch: str) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    office("assign", case, "--days", "5")
    path = office.file(case)
    escaped = f"\\u{ord(ch):04X}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08X}"
    path.write_text(path.read_text(encoding="utf-8").replace("标题: 某事项", f'标题: "某{escaped}事项"'),
                    encoding="utf-8")  # fmt: skip
    office.git("commit", "-qam", "hand edit")
    out = office.root / "out"
    runs = [
        ["list"], ["show", case], ["log", case], ["overdue", "--format", "plain"], ["overdue", "--format", "csv"],
        ["overdue", "--format", "table"], ["export", str(out / "a.xlsx")], ["export", str(out / "a.csv")],
        ["render", "notice", case, "--format", "docx", "-o", str(out / "n.docx")],
        ["render", "notice", case, "--format", "html", "-o", str(out / "n.html")],
        ["bulletin", "--from", "2026-09-01", "--to", "2026-09-30", "--format", "docx", "-o", str(out / "b.docx")],
        ["check"],
    ]  # fmt: skip
    for args in runs:
        result = office(*args, ok=False)
        assert result.exit_code in (0, 1, 3), (args, result.output)
        assert "Traceback" not in result.output and "内部错误" not in result.output, (args, result.output)
        assert ch not in result.stdout and ch not in result.stderr, (args, result.output)


def test_a_huge_deadline_days_in_a_hand_edited_file_is_refused_quickly(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    office("assign", case, "--days", "5")
    path = office.file(case)
    office("list")  # the index holds the case as it was
    huge = path.read_text(encoding="utf-8").replace("时限工作日: 5", "时限工作日: 100000000")
    path.write_text(huge, encoding="utf-8")
    office.git("commit", "-qam", "hand edit")
    start = time.monotonic()
    check = office("check", ok=False)
    assert check.exit_code == 1 and "时限工作日" in check.output
    recalc = office("recalc", "--dry-run", ok=False)
    assert "内部错误" not in recalc.output and "Traceback" not in recalc.output, recalc.output
    assert time.monotonic() - start < 5


def _subprocess(office: Duban, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[bytes]:
    env = {**GIT_ENV, "DUBAN_REPO": str(office.root), "DUBAN_TODAY": office.today, "DUBAN_USER": "李明",
           "PYTHONPATH": str(Path(__file__).parent.parent)}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "duban", *args], env=env, capture_output=True, timeout=timeout)


def test_a_fifo_named_like_a_case_file_hangs_nothing(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    os.mkfifo(office.root / "cases" / "2026" / "2026-0009.yaml")
    for args in (["list"], ["overdue"], ["check"], ["show", case], ["show", "2026-0009"]):
        done = _subprocess(office, *args, timeout=20)
        err = done.stderr.decode()
        assert done.returncode in (0, 1), (args, err)
        assert "Traceback" not in err and "内部错误" not in err, (args, err)


def test_lone_surrogates_in_arguments_are_one_line(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    office("assign", case, "--days", "5")
    for args in (["--by", "李\udcff明", "remind", case],
                 ["report", case, "--unit", "财政局", "--signer", "赵", "--text", "进展\udce9"]):  # fmt: skip
        result = CliRunner().invoke(app, ["--repo", str(office.root), "--as-of", office.today, *args])
        assert result.exit_code in (1, 2), (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        _one_clean_line(result.stderr)


def test_a_crlf_case_file_keeps_its_line_endings(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    path = office.file(case)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    office.git("commit", "-qam", "saved on Windows")
    office("assign", case, "--days", "5")
    body = path.read_bytes()
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")
    assert office.git("status", "--porcelain") == ""
    assert office.git("log", "-1", "--format=%s").startswith("交办")


def test_ctrl_c_while_starting_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import duban.cli
    from duban.cli import commands

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(commands, "load", interrupted)
    monkeypatch.setattr(sys, "argv", ["duban", "workdays", "2026-09-28", "5"])
    with pytest.raises(SystemExit) as leaving:
        duban.cli.main()
    assert leaving.value.code == 130
    assert capsys.readouterr().err == "已中断（Ctrl-C）\n"


def test_ctrl_c_inside_a_command_is_one_line(office: Duban, monkeypatch: pytest.MonkeyPatch) -> None:
    from duban.usecases import queries

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(queries, "iter_cases", interrupted)
    result = office("list", ok=False)
    assert result.exit_code == 130 and result.stderr == "已中断（Ctrl-C）\n", result.output


def test_export_to_a_folder_that_cannot_hold_it_is_one_line(office: Duban, tmp_path: Path) -> None:
    office.new("某事项", "--lead-unit", "财政局")
    for target in ("/proc/台账.xlsx", str(tmp_path / ("长" * 200 + ".xlsx"))):
        done = _subprocess(office, "export", target)
        assert done.returncode == 1
        _one_clean_line(done.stderr.decode())


def _bomb(path: Path, inner: str) -> Path:
    import shutil
    import zipfile

    shutil.copy(Path(__file__).parent / "minutes-office.docx", path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, archive.open(inner, "w", force_zip64=True) as out:
        block = b"\0" * (1 << 20)
        for _ in range(300):  # 300 MB of zeros, about 300 KB packed
            out.write(block)
    return path


def test_a_zip_bomb_is_refused_before_it_inflates(office: Duban, tmp_path: Path) -> None:
    for args in (["minutes", str(_bomb(tmp_path / "纪要.docx", "word/media/x.bin")), "--meeting", "会议",
                  "--date", "2026-09-20", "--dry-run"],
                 ["table", str(_bomb(tmp_path / "表.xlsx", "xl/media/x.bin")), "--dry-run"]):  # fmt: skip
        start = time.monotonic()
        result = office("import", *args, ok=False)
        assert result.exit_code == 1, result.output
        _one_clean_line(result.stderr)
        assert "解压后异常庞大" in result.stderr
        assert time.monotonic() - start < 3


def test_a_file_option_reads_no_more_than_its_cap(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    office("assign", case, "--days", "5")
    for args in (["report", case, "--unit", "财政局", "--signer", "赵", "--file", "/dev/zero"],
                 ["import", "minutes", "/dev/zero", "--meeting", "会议", "--date", "2026-09-20"]):  # fmt: skip
        done = _subprocess(office, *args, timeout=30)
        assert done.returncode == 1
        _one_clean_line(done.stderr.decode())
        assert "MB" in done.stderr.decode()


def test_user_text_stays_text_in_the_document_blocks(office: Duban, tmp_path: Path) -> None:
    from duban.render.blocks import blocks

    lines = ["第一段", "-1+1", "\t=1+1", "===", "附件：不是本文件的附件说明", "1. 不是列表", "> 不是引文"]
    content = tmp_path / "内容.txt"
    content.write_text("\n".join(lines) + "\n", encoding="utf-8")
    case = office.new("某事项", "--lead-unit", "财政局", "--content-file", str(content))
    office("assign", case, "--days", "5")
    out = tmp_path / "n.md"
    office("render", "notice", case, "--format", "md", "-o", str(out))
    markdown = out.read_text(encoding="utf-8")
    parts = blocks(markdown)
    for line in lines:
        found = [b for b in parts if b.text == line.strip()]
        assert [b.kind for b in found] == ["paragraph"], (line, found)
    assert [b.text for b in parts if b.kind == "annex"] == ["附件：政务督办报告"]
    body = markdown.splitlines()
    # A Markdown reader of the .md output sees text too: no list, setext rule or quote starts a line.
    assert "-1+1" not in body and "===" not in body[: body.index("---")] and "1. 不是列表" not in body


def test_log_shows_a_hostile_git_author_and_message_escaped(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    path = office.file(case)
    path.write_text(path.read_text(encoding="utf-8") + "# 备注\n", encoding="utf-8")
    env = {**GIT_ENV, "GIT_AUTHOR_NAME": "王\x9b芳"}
    subprocess.run(["git", "commit", "-qam", "手改\u2028第二行"], cwd=office.root, env=env, check=True)
    result = office("log", case)
    assert "\x9b" not in result.stdout and "\u2028" not in result.stdout
    assert "王\\u009b芳" in result.stdout


def test_xml_text_leaves_out_what_word_and_excel_cannot_hold() -> None:
    from duban.render.blocks import xml_text

    assert xml_text("甲\x00乙\ufffe丙\udcff丁\x9b戊\t") == "甲乙丙丁\x9b戊\t"


def test_an_uncommitted_crlf_save_is_recorded_as_a_hand_edit_and_kept(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    path = office.file(case)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # saved by a Windows editor, not committed
    office("assign", case, "--days", "5")  # exited 1 "nothing to commit", the file rewritten to LF
    assert office.git("log", "-2", "--format=%s").splitlines() == ["交办 2026-0001 某事项", "手工修改 2026-0001 某事项"]
    assert b"\r\n" in path.read_bytes() and office.git("status", "--porcelain") == ""


def test_imports_refuse_a_typed_meeting_name_and_clean_what_the_file_holds(office: Duban, tmp_path: Path) -> None:
    minutes = tmp_path / "纪要.txt"
    minutes.write_text("一、由区财政局负责，10月30日前完成某事。\n", encoding="utf-8")
    refused = office("import", "minutes", str(minutes), "--meeting", "会议\x9b", "--date", "2026-09-20", ok=False)
    assert refused.exit_code == 1 and "U+009B" in refused.stderr
    table = tmp_path / "表.csv"
    table.write_text('工作任务,牵头单位,完成时限\n"任务\u2028甲\x85乙\ufdd0",财政局,2026-10-30\n', encoding="utf-8")
    office("import", "table", str(table))
    assert json.loads(office("show", "2026-0001", "--json").stdout)["标题"] == "任务 甲 乙"


def test_a_nul_in_an_argument_is_a_usage_error(office: Duban) -> None:
    result = office("export", "\x00", ok=False)  # found by the fuzzer: ValueError: embedded null byte
    assert result.exit_code == 2
    _one_clean_line(result.stderr)
