"""Assessment, ledger and dashboard: exact counts per unit, a ledger Excel opens, one self-contained page."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Duban


def build(office: Duban) -> dict[str, str]:
    """A small office: 区财政局 closes on its deadline day after a return; 区教育局 closes late after a
    reminder; 区城市管理局 has one overdue and open; 区民政局 one still in time."""
    ids: dict[str, str] = {}

    def case(key: str, title: str, unit: str, day: str, deadline: str) -> None:
        office.today = day
        ids[key] = office.new(title, "--lead-unit", unit)
        office("assign", ids[key], "--deadline", deadline)

    def step(day: str, *args: str) -> None:
        office.today = day
        office(*args)

    case("on_time", "按期事项", "财政局", "2026-10-08", "2026-10-20")
    step("2026-10-15", "report", ids["on_time"], "--unit", "财政局", "--signer", "钱正明", "--text", "初稿", "--final")
    step("2026-10-16", "return", ids["on_time"], "--reason", "数据不准")
    step("2026-10-20", "report", ids["on_time"], "--unit", "财政局", "--signer", "钱正明", "--text", "定稿", "--final")
    step("2026-10-20", "close", ids["on_time"])  # on the deadline day: on time
    case("late", "超期事项", "教育局", "2026-10-08", "2026-10-12")
    step("2026-10-13", "remind", ids["late"])
    step("2026-10-14", "report", ids["late"], "--unit", "教育局", "--signer", "吴晓梅", "--text", "完成", "--final")
    step("2026-10-15", "close", ids["late"])
    case("overdue", "逾期事项", "城管局", "2026-10-09", "2026-10-16")
    case("open", "在办事项", "民政局", "2026-10-09", "2026-11-30")
    office.today = "2026-10-30"
    return ids


def test_stats_give_the_exact_counts_per_unit(office: Duban) -> None:
    build(office)
    rows = {
        r["单位"]: r for r in json.loads(office("stats", "--from", "2026-10-01", "--to", "2026-10-31", "--json").stdout)
    }
    ways = {unit: row.pop("催办方式") for unit, row in rows.items()}  # reminders counted per way
    assert ways["区教育局"] == {"书面": 1, "电话": 0, "实地督查": 0, "约谈": 0}
    assert list(rows["区财政局"]) == [
        "单位",
        "交办",
        "已办结",
        "按期办结",
        "超期办结",
        "逾期未办结",
        "在办",
        "催办",
        "退回",
        "延期",
        "按期率",
        "得分",
    ]
    assert rows["区财政局"] == {
        "单位": "区财政局",
        "交办": 1,
        "已办结": 1,
        "按期办结": 1,
        "超期办结": 0,
        "逾期未办结": 0,
        "在办": 0,
        "催办": 0,
        "退回": 1,
        "延期": 0,
        "按期率": 1.0,
        "得分": 98,
    }
    assert rows["区教育局"] == {
        "单位": "区教育局",
        "交办": 1,
        "已办结": 1,
        "按期办结": 0,
        "超期办结": 1,
        "逾期未办结": 0,
        "在办": 0,
        "催办": 1,
        "退回": 0,
        "延期": 0,
        "按期率": 0.0,
        "得分": 94,
    }
    assert rows["区城市管理局"] == {
        "单位": "区城市管理局",
        "交办": 1,
        "已办结": 0,
        "按期办结": 0,
        "超期办结": 0,
        "逾期未办结": 1,
        "在办": 0,
        "催办": 0,
        "退回": 0,
        "延期": 0,
        "按期率": 0.0,
        "得分": 90,
    }
    assert rows["区民政局"]["在办"] == 1 and rows["区民政局"]["按期率"] is None and rows["区民政局"]["得分"] == 100
    assert rows["区公安分局"]["交办"] == 0  # every unit of the directory is assessed
    scores = [r["得分"] for r in json.loads(office("stats", "--json").stdout)]
    assert scores == sorted(scores, reverse=True)
    one = json.loads(office("stats", "--unit", "城管局", "--json").stdout)
    assert [r["单位"] for r in one] == ["区城市管理局"]


def test_a_period_before_the_cases_counts_nothing(office: Duban) -> None:
    build(office)
    rows = json.loads(office("stats", "--from", "2026-09-01", "--to", "2026-09-30", "--json").stdout)
    assert all(r["交办"] == r["已办结"] == r["逾期未办结"] == 0 for r in rows)


def test_the_scoring_rule_comes_from_config(office: Duban) -> None:
    build(office)
    config = office.root / "config.yaml"
    text = config.read_text(encoding="utf-8")
    default = "考核评分: {基础分: 100, 超期办结: 5, 逾期未办结: 10, 退回: 2, 催办: 1}"
    assert default in text
    config.write_text(text.replace(default, "考核评分: {基础分: 60, 逾期未办结: 30, 退回: 0}"), encoding="utf-8")
    rows = {r["单位"]: r for r in json.loads(office("stats", "--json").stdout)}
    assert rows["区城市管理局"]["得分"] == 30 and rows["区财政局"]["得分"] == 60 and rows["区教育局"]["得分"] == 54


def test_the_xlsx_ledger_opens_with_real_dates_and_colours(office: Duban, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    ids = build(office)
    target = tmp_path / "台账.xlsx"
    assert "已导出 4 项" in office("export", str(target)).stdout
    sheet = load_workbook(target).active
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["编号", "文号", "标题", "来源"] and "最近进展" in header
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    assert set(rows) == set(ids.values())
    deadline = rows[ids["overdue"]][header.index("办理时限")]
    assert isinstance(deadline.value, dt.datetime) and deadline.value.date() == dt.date(2026, 10, 16)
    assert deadline.number_format == "yyyy-mm-dd"
    assert rows[ids["overdue"]][0].fill.fgColor.rgb.endswith("FFC7CE")  # red: overdue
    assert rows[ids["on_time"]][header.index("按期/超期")].value == "按期"
    assert rows[ids["late"]][header.index("按期/超期")].value == "超期"
    assert rows[ids["late"]][header.index("催办次数")].value == 1
    assert sheet.column_dimensions["C"].width >= 10


def test_the_xlsx_ledger_is_written_in_one_pass_over_its_rows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Exporting 10,000 cases took 76 s: each row asked the sheet for its last row and column, which
    openpyxl finds by looking at every cell written so far. The sheet is now measured a fixed number
    of times, however many rows there are (the time itself is bench/bench.py's to measure)."""
    from openpyxl.worksheet.worksheet import Worksheet

    from duban.render.ledger import write_xlsx

    measured = {"max_row": 0, "max_column": 0}
    for name in measured:
        original = getattr(Worksheet, name)

        def counting(sheet: Worksheet, _name: str = name, _original: property = original) -> int:
            measured[_name] += 1
            return int(_original.fget(sheet))  # type: ignore[misc]

        monkeypatch.setattr(Worksheet, name, property(counting))
    columns = ["编号", "标题", "办理时限"]
    rows = [
        ({"编号": f"2026-{n:04d}", "标题": f"事项{n}", "办理时限": dt.date(2026, 12, 1)}, None) for n in range(1, 301)
    ]
    write_xlsx(tmp_path / "台账.xlsx", columns, rows, "测试办", dt.date(2026, 11, 23), ["办理时限"])
    assert measured["max_row"] + measured["max_column"] < 20, measured


def test_the_csv_ledger_starts_with_a_bom_and_filters(office: Duban, tmp_path: Path) -> None:
    build(office)
    target = tmp_path / "台账.csv"
    office("export", str(target), "--unit", "城管局")
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("编号,文号,标题") and len(lines) == 2 and "逾期事项" in lines[1]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: dict[str, list[str]] = {}
        self.current: list[str] = []
        self.text: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        for key in ("src", "href"):
            if values.get(key):
                self.external.append(str(values[key]))
        if values.get("id"):
            self.current.append(str(values["id"]))
            self.ids.setdefault(str(values["id"]), [])

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for key in self.current:
            self.ids[key].append(data)


def test_the_dashboard_is_one_self_contained_page(office: Duban, tmp_path: Path) -> None:
    ids = build(office)
    target = tmp_path / "index.html"
    office("dashboard", "-o", str(target))
    page = _Page()
    page.feed(target.read_text(encoding="utf-8"))
    assert "script" not in page.tags and page.external == []
    assert "svg" in page.tags and page.tags.count("rect") >= 2
    text = "".join(page.text)
    assert "示范区人民政府办公室 督办看板" in text
    assert [t.strip() for t in page.ids["count-overdue"] if t.strip()][:2] == ["1", "逾期"]
    assert ids["overdue"] in "".join(page.ids["red-list"])
    assert "区城市管理局 0.0%" in text and "区财政局 100.0%" in text
    default = office("dashboard").stdout
    assert str(office.root / "out" / "index.html") in default


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
def test_the_dashboard_renders_in_chromium(office: Duban, tmp_path: Path) -> None:
    build(office)
    page = tmp_path / "index.html"
    office("dashboard", "-o", str(page))
    shot = tmp_path / "shot.png"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    done = subprocess.run(
        [
            "chromium",
            *flags,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1000,1400",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-500:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
