# ruff: noqa: E501  (the table keeps one mistake a line)
"""94 mistakes a clerk of a 督办室 makes at the command line, each answered cleanly (issue 32).

The list was written from README.md and `duban 命令 -h` alone, without reading duban's code: what a
clerk actually types. Each row is (what the clerk did, the command line, the exit status, a pattern the
one-line Chinese message must match). Every row runs in a fresh copy of one small office and must
leave it as it was: the same HEAD, the same `git status`, the same bytes in every case file and in
config.yaml. Exit 1 is a data error or an operation not allowed; exit 2 is a usage error (a missing or
unknown option, a value of the wrong kind or not among the choices, options that exclude each other).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import GIT_ENV, UNITS_FILE
from typer.testing import CliRunner

from duban.cli import app

TODAY = "2026-09-28"  # a Monday
BY = "李明"

Setup = Callable[[Path, Path], None]  # (the office, a scratch folder outside it)


@dataclass(frozen=True)
class Mistake:
    what: str
    args: tuple[str, ...]
    status: int
    pattern: str
    setup: Setup | None = None
    env: dict[str, str | None] = field(default_factory=dict)


def _write(relative: str, data: str | bytes) -> Setup:
    def setup(_office: Path, scratch: Path) -> None:
        path = scratch / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    return setup


def _mkdir(relative: str) -> Setup:
    def setup(_office: Path, scratch: Path) -> None:
        (scratch / relative).mkdir(parents=True, exist_ok=True)

    return setup


def _edit(relative: str, old: str, new: str) -> Setup:
    """A hand edit in the office, left uncommitted (as a clerk leaves it)."""

    def setup(office: Path, _scratch: Path) -> None:
        path = office / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return setup


def _template(name: str, text: str) -> Setup:
    def setup(office: Path, _scratch: Path) -> None:
        (office / "templates").mkdir(exist_ok=True)
        (office / "templates" / name).write_text(text, encoding="utf-8")

    return setup


def _fresh_office(_office: Path, scratch: Path) -> None:
    done = CliRunner().invoke(
        app, ["--by", BY, "init", str(scratch / "新库"), "--office", "示范区人民政府办公室", "--units", str(UNITS_FILE)]
    )
    assert done.exit_code == 0, done.output


CSV_HEAD = "序号,工作任务,牵头单位,配合单位,完成时限\n"
R = ("report", "2026-0002", "--unit", "住建局", "--signer", "赵永刚")
EXT = ("--reason", "需补充测算", "--approved-by", "王建国")
NEW = ("new", "--title", "整治城区占道经营", "--source-kind", "领导批示")

# fmt: off
MISTAKES: list[Mistake] = [
    # --- case numbers ---
    Mistake("编号不存在", ("show", "2026-0099"), 1, r"2026-0099"),
    Mistake("只写了序号", ("show", "17"), 1, r"编号.*2026-0017"),
    Mistake("编号用斜杠", ("show", "2026/17"), 1, r"编号"),
    Mistake("年份写两位", ("show", "26-0017"), 1, r"编号"),
    Mistake("明年的编号", ("show", "2027-0001"), 1, r"2027-0001"),
    Mistake("交办忘了写编号", ("assign", "--days", "5"), 2, r"编号"),
    # --- unit names ---
    Mistake("单位写了错字", ("assign", "2026-0001", "--lead-unit", "住键局"), 1, r"住键局.*(住建局|住房和城乡建设局)"),
    Mistake("名录里没有的单位", ("assign", "2026-0001", "--lead-unit", "区体育局"), 1, r"区体育局"),
    Mistake("简称对上几个单位", ("assign", "2026-0001", "--lead-unit", "管理局"), 1, r"管理局"),
    Mistake("单位名中间有空格", ("assign", "2026-0001", "--lead-unit", "住建 局"), 1, r"住建 局|住建局"),
    Mistake("主办协办写了同一个单位", ("assign", "2026-0001", "--co-unit", "住建局"), 1, r"住房和城乡建设局|住建局"),
    Mistake("不承办的单位签收", ("ack", "2026-0002", "--unit", "交通局"), 1, r"交通"),
    Mistake("不承办的单位报告", (*R[:3], "教育局", "--signer", "孙明", "--text", "已完成"), 1, r"教育局"),
    Mistake("按未知单位列表", ("list", "--unit", "住键局"), 1, r"住键局"),
    # --- dates ---
    Mistake("二月没有30日", ("assign", "2026-0001", "--deadline", "2026-02-30"), 2, r"2026-02-30"),
    Mistake("没有13月", ("assign", "2026-0001", "--deadline", "2026-13-01"), 2, r"2026-13-01"),
    Mistake("时限写了一句话", ("assign", "2026-0001", "--deadline", "尽快办理"), 2, r"尽快办理|--deadline"),
    Mistake("时限已经过去", ("assign", "2026-0001", "--deadline", "2026-09-01"), 1, r"2026-09-01"),
    Mistake("手工修改受控事项", ("edit", "2026-0005"), 1, r"知情范围", env={"EDITOR": "true", "VISUAL": None}),
    Mistake("延期到原时限之前", ("extend", "2026-0002", "--to", "2026-10-20", *EXT), 1, r"2026-10-20|2026-10-30"),
    Mistake("编号用了全角数字", ("show", "２０２６－００９９"), 1, r"2026-0099"),
    Mistake("申请日期在明天", ("extend", "2026-0002", "--to", "2026-11-30", "--requested", "2026-10-05", *EXT), 1, r"2026-10-05|申请"),
    Mistake("--as-of 用全角写了没有的日子", ("list", "--as-of", "２０２６－０９－３１"), 2, r"--as-of"),
    Mistake("DUBAN_TODAY 写错", ("list",), 2, r"DUBAN_TODAY", env={"DUBAN_TODAY": "明天吧"}),
    Mistake("通报的起止日期颠倒", ("bulletin", "--from", "2026-10-31", "--to", "2026-10-01", "-o", "-"), 1, r"2026-10-31|2026-10-01|早于|晚于"),
    Mistake("通报没写时期", ("bulletin", "-o", "-"), 2, r"--from"),
    Mistake("月份写成13月", ("briefing", "--month", "2026-13", "-o", "-"), 2, r"2026-13|--month"),
    Mistake("没有第五季度", ("briefing", "--quarter", "2026Q5", "-o", "-"), 2, r"2026Q5|--quarter"),
    # --- the order of steps ---
    Mistake("没交办就签收", ("ack", "2026-0001", "--unit", "住建局"), 1, r"待交办"),
    Mistake("没交办就报告", ("report", "2026-0001", "--unit", "住建局", "--signer", "赵永刚", "--text", "已完成"), 1, r"待交办"),
    Mistake("没报告就办结", ("close", "2026-0002"), 1, r"办理中"),
    Mistake("在办的事项归档", ("archive", "2026-0002"), 1, r"办理中|办结"),
    Mistake("已办结的事项延期", ("extend", "2026-0004", "--to", "2026-12-31", *EXT), 1, r"已办结"),
    Mistake("没有可退回的报告", ("return", "2026-0002", "--reason", "资金测算不完整"), 1, r"办理中|待审核"),
    Mistake("催办已办结的事项", ("remind", "2026-0004"), 1, r"已办结"),
    Mistake("交办过的再交办", ("assign", "2026-0002", "--days", "5"), 1, r"办理中"),
    Mistake("终止已归档的事项", ("terminate", "2026-0006", "--reason", "重复", "--approved-by", "王建国"), 1, r"已归档"),
    Mistake("同一单位签收两次", ("ack", "2026-0002", "--unit", "住建局"), 1, r"签收"),
    Mistake("一般事项登记满意度", ("satisfaction", "2026-0004", "--result", "满意"), 1, r"人大建议|政协提案"),
    Mistake("一般事项标答复类别", (*R, "--text", "已完成", "--final", "--class", "A"), 1, r"人大建议|政协提案|答复类别"),
    Mistake("复查在办的事项", ("recheck", "2026-0002", "--finding", "属实"), 1, r"办理中|已办结"),
    Mistake("没有请示就批复", ("reply", "2026-0002", "--text", "同意"), 1, r"请示"),
    Mistake("用催办记实地督查", ("remind", "2026-0002", "--way", "实地督查"), 1, r"duban inspect"),
    Mistake("上级事项不存在", (*NEW, "--parent", "2026-0099"), 1, r"2026-0099"),
    Mistake("不是上级督查却要本办自办", ("assign", "2026-0001", "--self"), 1, r"上级督查"),
    Mistake("新库里没有可撤销的", ("--repo", "{scratch}/新库", "undo"), 1, r"撤销", setup=_fresh_office),
    Mistake("没有共享仓库就同步", ("sync",), 1, r"共享仓库|git remote"),
    Mistake("受控事项生成通知", ("render", "notice", "2026-0005", "-o", "-"), 1, r"知情范围"),
    Mistake("没交办就生成通知", ("render", "notice", "2026-0001", "-o", "-"), 1, r"duban assign"),
    Mistake("没逾期就生成催办通知", ("render", "reminder", "2026-0002", "-o", "-"), 1, r"没有逾期"),
    Mistake("标题里有密级标志", ("new", "--title", "秘密★1年 城区管网改造", "--source-kind", "领导批示"), 1, r"密级"),
    # --- missing options ---
    Mistake("报告忘了签发人", (*R[:4], "--text", "已完成"), 2, r"--signer"),
    Mistake("报告没有内容", R, 2, r"--text"),
    Mistake("内容和文件都给了", (*R, "--text", "已完成", "--file", "{scratch}/报告.txt"), 2, r"--text.*--file", setup=_write("报告.txt", "已完成\n")),
    Mistake("退回忘了理由", ("return", "2026-0003"), 2, r"--reason（也可写作 --opinion）"),
    Mistake("延期忘了批准人", ("extend", "2026-0002", "--to", "2026-11-30", "--reason", "需补充测算"), 2, r"--approved-by"),
    Mistake("延期忘了延到哪天", ("extend", "2026-0002", *EXT), 2, r"--to"),
    Mistake("立项忘了标题", ("new", "--source-kind", "领导批示"), 2, r"--title"),
    Mistake("来源类别不在列表里", ("new", "--title", "整治", "--source-kind", "小道消息"), 2, r"小道消息|--source-kind"),
    Mistake("时限和工作日数都给了", ("assign", "2026-0001", "--deadline", "2026-10-30", "--days", "5"), 2, r"--deadline.*--days"),
    Mistake("作废忘了批准人", ("void", "2026-0002", "--reason", "重复登记"), 2, r"--approved-by"),
    Mistake("催办没写编号", ("remind",), 2, r"编号|--overdue"),
    # --- option names and values ---
    Mistake("选项用了下划线", ("assign", "2026-0001", "--lead_unit", "住建局"), 2, r"--lead_unit.*--lead-unit"),
    Mistake("选项拼错", ("assign", "2026-0001", "--deadine", "2026-10-30"), 2, r"--deadine.*--deadline"),
    Mistake("签发人选项拼错", (*R[:4], "--singer", "赵永刚", "--text", "已完成"), 2, r"--singer.*--signer"),
    Mistake("命令拼错", ("lsit",), 2, r"lsit，是否是 list"),
    Mistake("命令写成中文", ("立项", "--title", "整治"), 2, r"立项"),
    Mistake("--by 忘了写名字", ("--by", "list"), 2, r"缺少命令.*--by"),
    Mistake("--as-of 没给日期", ("list", "--as-of"), 2, r"--as-of 后面需要一个值"),
    Mistake("工作日数是字母", ("assign", "2026-0001", "--days", "abc"), 2, r"--days.*abc"),
    Mistake("文书输出到不存在的文件夹", ("render", "notice", "2026-0002", "-o", "{scratch}/通知们/通知.md"), 1, r"通知们.*不存在"),
    Mistake("工作日数用了汉字", ("assign", "2026-0001", "--days", "五天"), 2, r"--days"),
    Mistake("状态写错字", ("list", "--status", "再办"), 2, r"再办|--status"),
    Mistake("临期天数是负数", ("overdue", "--within", "-1"), 2, r"--within"),
    Mistake("--format xml", ("overdue", "--format", "xml"), 2, r"xml|--format"),
    # --- files ---
    Mistake("任务表不存在", ("import", "table", "{scratch}/任务表.xlsx"), 1, r"任务表.xlsx"),
    Mistake("任务表是个文件夹", ("import", "table", "{scratch}/任务表"), 1, r"任务表", setup=_mkdir("任务表")),
    Mistake("任务表是空的", ("import", "table", "{scratch}/空.csv"), 1, r"空", setup=_write("空.csv", "")),
    Mistake("任务表不是文字", ("import", "table", "{scratch}/乱码.csv"), 1, r"乱码.csv|编码|UTF-8", setup=_write("乱码.csv", b"\x00\xff\xfe\x00\x81\x00" * 40)),
    Mistake("任务表是 .txt", ("import", "table", "{scratch}/任务表.txt"), 1, r"\.csv|\.xlsx", setup=_write("任务表.txt", CSV_HEAD + "1,修路,住建局,,2026-12-31\n")),
    Mistake("纪要是 .xlsx", ("import", "minutes", "{scratch}/纪要.xlsx"), 1, r"\.docx|\.txt", setup=_write("纪要.xlsx", b"PK\x03\x04not really")),
    Mistake("任务表里单位写错", ("import", "table", "{scratch}/表.csv"), 1, r"住键局", setup=_write("表.csv", CSV_HEAD + "1,修路,住键局,,2026-12-31\n")),
    Mistake("任务表缺牵头单位列", ("import", "table", "{scratch}/表.csv"), 1, r"牵头单位|单位", setup=_write("表.csv", "序号,工作任务,完成时限\n1,修路,2026-12-31\n")),
    Mistake("报告文件不存在", (*R, "--file", "{scratch}/报告.docx"), 1, r"报告.docx"),
    Mistake("台账导出到不存在的文件夹", ("export", "{scratch}/没有的文件夹/台账.xlsx"), 1, r"没有的文件夹|文件夹|目录"),
    Mistake("文书输出到不可写的地方", ("render", "notice", "2026-0002", "-o", "/sys/通知.md"), 1, r"权限.*/sys/通知\.md"),
    Mistake("本办模板有语法错误", ("render", "notice", "2026-0002", "-o", "-"), 1, r"notice.md.j2", setup=_template("notice.md.j2", "# {{ 机关名称 \n{% if %}\n")),
    # --- the office's own files ---
    Mistake("config.yaml 用了制表符", ("list",), 1, r"制表符", setup=_edit("config.yaml", "\n  ", "\n\t")),
    Mistake("config.yaml 写坏了", ("list",), 1, r"config.yaml", setup=_edit("config.yaml", "机关名称:", "机关名称: [未闭合\n机关名称2:")),
    Mistake("事项文件用了制表符", ("show", "2026-0002"), 1, r"制表符", setup=_edit("cases/2026/2026-0002.yaml", "\n  - ", "\n\t- ")),
    Mistake("不在督办仓库里运行", ("list",), 1, r"督办仓库", env={"DUBAN_REPO": None}),
    Mistake("--repo 指向不存在的目录", ("list", "--repo", "{scratch}/没有这个目录"), 1, r"没有这个目录|督办仓库"),
    Mistake("在有文件的目录里建库", ("init", "{scratch}/旧材料"), 1, r"--force", setup=_write("旧材料/说明.txt", "旧的\n")),
    Mistake("编辑器设成了没有的程序", ("edit", "2026-0002"), 1, r"EDITOR", env={"EDITOR": "notepad", "VISUAL": None}),
]
# fmt: on


def _snapshot(root: Path) -> tuple[str, str, dict[str, bytes]]:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=GIT_ENV).stdout

    files = {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.glob("cases/**/*")) if p.is_file()}
    config = root / "config.yaml"
    files["config.yaml"] = config.read_bytes() if config.exists() else b""
    return git("rev-parse", "HEAD"), git("status", "--porcelain", "--untracked-files=all"), files


@pytest.fixture(scope="module")
def small_office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """待交办 0001, 办理中 0002 (签收过), 待审核 0003, 已办结 0004, 受控 0005, 已归档 0006."""
    root = tmp_path_factory.mktemp("mistakes") / "office"
    runner = CliRunner()

    def run(day: str, *args: str, by: str = BY) -> None:
        done = runner.invoke(app, ["--repo", str(root), "--as-of", day, "--by", by, *args])
        assert done.exit_code == 0, (args, done.output)

    made = runner.invoke(
        app, ["--by", BY, "init", str(root), "--office", "示范区人民政府办公室", "--units", str(UNITS_FILE)]
    )
    assert made.exit_code == 0, made.output
    run("2026-09-01", "new", "--title", "加快推进城东片区老旧小区改造", "--source-kind", "会议议定",
        "--lead-unit", "住建局")  # fmt: skip
    run("2026-09-01", "new", "--title", "城区内涝点整治", "--source-kind", "领导批示", "--leader", "王建国",
        "--lead-unit", "住建局", "--co-unit", "财政局")  # fmt: skip
    run("2026-09-01", "assign", "2026-0002", "--deadline", "2026-10-30")
    run("2026-09-02", "ack", "2026-0002", "--unit", "住建局")
    run("2026-09-01", "new", "--title", "秋季学期学位保障", "--source-kind", "会议议定", "--lead-unit", "教育局")
    run("2026-09-01", "assign", "2026-0003", "--days", "10")
    run("2026-09-10", "report", "2026-0003", "--unit", "教育局", "--signer", "孙明", "--text", "已完成", "--final")
    run("2026-09-01", "new", "--title", "城区占道经营整治", "--source-kind", "领导批示", "--lead-unit", "城管局")
    run("2026-09-01", "new", "--title", "信访积案化解", "--source-kind", "领导批示", "--lead-unit", "民政局",
        "--restricted-to", "王芳", by="王芳")  # fmt: skip
    run("2026-09-01", "assign", "2026-0005", "--days", "5", by="王芳")
    run("2026-09-01", "new", "--title", "养老服务设施建设", "--source-kind", "领导批示", "--lead-unit", "民政局")
    for case, unit in (("2026-0004", "城管局"), ("2026-0006", "民政局")):
        run("2026-09-01", "assign", case, "--days", "5")
        run("2026-09-03", "report", case, "--unit", unit, "--signer", "周敏", "--text", "已完成", "--final")
        run("2026-09-04", "close", case)
    run("2026-09-20", "archive", "2026-0006")
    return root


def test_the_list_is_94_mistakes() -> None:
    assert len(MISTAKES) == 94
    assert len({m.what for m in MISTAKES}) == 94


# Words a message may carry in Latin letters: names of commands, options, files and formats.
ALLOWED = {
    "duban", "git", "yaml", "config", "json", "xlsx", "docx", "html", "csv", "txt", "markdown", "utf",
    "gbk", "remote", "origin", "head", "main", "master", "force", "editor", "visual", "libreoffice",
    "word", "excel", "table", "plain",
}  # fmt: skip
COMMANDS = {
    "init", "new", "assign", "ack", "report", "remind", "extend", "instruct", "request", "reply", "return",
    "decline", "close", "satisfaction", "recheck", "terminate", "void", "archive", "show", "list", "log",
    "overdue", "morning", "render", "bulletin", "briefing", "stats", "export", "dashboard", "check",
    "recalc", "sync", "undo", "edit", "workdays", "completion", "help", "inspect", "refer", "notify",
    "doctor", "import", "minutes", "table", "notice", "reminder", "report-form", "answer-letter",
}  # fmt: skip


def english_words(line: str, args: tuple[str, ...], env: dict[str, str | None]) -> list[str]:
    """Latin words of 4+ letters that are not a command, an option, a path, a file or what the clerk typed."""
    text = re.sub(r"--?[A-Za-z][\w-]*", " ", line)  # options
    text = re.sub(r"[\w./~-]*/[\w./~-]*", " ", text)  # paths
    text = re.sub(r"[\w-]*\.[A-Za-z0-9]+\b", " ", text)  # file names: config.yaml, notice.md.j2
    text = re.sub(r"\bDUBAN_[A-Z_]+", " ", text)
    typed = {w.lower() for a in (*args, *(v for v in env.values() if v)) for w in re.findall(r"[A-Za-z]+", a)}
    return [
        w
        for w in re.findall(r"[A-Za-z]{4,}", text)
        if w.lower() not in ALLOWED | COMMANDS | typed and w not in {"YAML", "HTML", "JSON"}
    ]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.what for m in MISTAKES])
def test_a_mistake_is_answered_cleanly(
    mistake: Mistake, small_office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = tmp_path / "office"
    shutil.copytree(small_office, office, symlinks=True)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    if mistake.setup:
        mistake.setup(office, scratch)
    before = _snapshot(office)
    args = tuple(a.replace("{scratch}", str(scratch)) for a in mistake.args)
    env: dict[str, str | None] = {"DUBAN_REPO": str(office), "DUBAN_TODAY": TODAY, "DUBAN_USER": BY}
    env.update(mistake.env)
    monkeypatch.chdir(scratch)
    monkeypatch.delenv("DUBAN_DEBUG", raising=False)
    result = CliRunner().invoke(app, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        detail = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"{mistake.what}: {args}\n{detail}")
    stderr = result.stderr
    lines = stderr.strip().splitlines()
    shown = f"{mistake.what}: duban {' '.join(args)} -> {result.exit_code}\n{stderr}{result.stdout}"
    assert result.exit_code == mistake.status, shown
    assert len(lines) == 1, shown
    line = lines[0]
    assert "Traceback" not in stderr and "内部错误" not in line, shown
    assert re.search(mistake.pattern, line), shown
    assert not english_words(line, args, mistake.env), (english_words(line, args, mistake.env), shown)
    assert _snapshot(office) == before, shown
