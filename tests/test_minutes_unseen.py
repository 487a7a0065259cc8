"""Minutes in styles the importer was not written from (tests/minutes-unseen/, each written with its
expected cases by someone who did not read the importer): every decision registered exactly, nothing
more; a deadline phrase no rule covers is refused as "认不出的时限：……" and never registered with the
office default; a standing task is registered with no deadline."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import HERE, Duban

from duban.yamlio import load_fast

UNSEEN = HERE / "minutes-unseen"
EXPECTED = sorted(UNSEEN.glob("*.expected.yaml"))
# The date a clerk gives for a phrase no rule covers, in the second run.
GIVEN_DATE = "2027-05-31"


def _sample(expected: Path) -> tuple[Path, str, dict[str, Any]]:
    stem = expected.name.removesuffix(".expected.yaml")
    source = next(p for p in UNSEEN.iterdir() if p.stem == stem and p.suffix in (".txt", ".docx"))
    text = expected.read_text(encoding="utf-8")
    today = re.search(r"\bon (\d{4}-\d{2}-\d{2})", text)
    assert today, f"{expected.name}: the import day is not in its top comment"
    return source, today.group(1), load_fast(text)


def _wanted(case: dict[str, Any], given: str) -> tuple[Any, ...]:
    deadline = case["办理时限"]
    if case.get("认不出的时限"):
        deadline = given
    return (
        case["主办单位"],
        case["协办单位"],
        deadline.isoformat() if hasattr(deadline, "isoformat") else deadline,
        bool(case.get("常态")),
        case.get("报告周期", "无"),
    )


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.name.removesuffix(".expected.yaml"))
def test_each_unseen_sample_registers_exactly_its_decisions(office: Duban, expected_file: Path) -> None:
    source, today, expected = _sample(expected_file)
    office.today = today
    before = office.commits()
    unknown = [c["认不出的时限"] for c in expected["事项"] if c.get("认不出的时限")]
    options: list[str] = []
    if unknown:
        refused = office("import", "minutes", str(source), "--dry-run", "--json", ok=False)
        assert refused.exit_code == 1
        said = refused.stdout + refused.stderr
        for phrase in unknown:
            assert f"认不出的时限：{phrase}" in said
        assert "未写明" not in said
        assert office("import", "minutes", str(source), ok=False).exit_code == 1
        assert office.commits() == before
        for phrase in dict.fromkeys(unknown):
            options += ["--phrase", f"{phrase}={GIVEN_DATE}"]
    preview = json.loads(office("import", "minutes", str(source), "--dry-run", "--json", *options).stdout)
    assert office.commits() == before
    assert preview["纪要"] == {k: str(v) for k, v in expected["纪要"].items()}
    got = [(c["主办单位"], c["协办单位"], c["办理时限"], bool(c.get("常态")), c["报告周期"]) for c in preview["事项"]]
    assert got == [_wanted(c, GIVEN_DATE) for c in expected["事项"]]
    for case, want in zip(preview["事项"], expected["事项"], strict=True):
        assert want.get("标题须含", "") in case["标题"]
        assert case["时限依据"] and case["把握"]
    assert [s["句子"] for s in preview["未立项的句子"]] == expected["未立项的句子"]
    if source.suffix == ".txt" and "跳过的行" in expected:
        assert [s["行"] for s in preview["跳过"]] == expected["跳过的行"]

    done = json.loads(office("import", "minutes", str(source), "--json", *options).stdout)
    assert [c["办理时限"] for c in done["事项"]] == [c[2] for c in got]
    assert office.commits() == before + 1
    assert office("check").exit_code == 0


def test_a_task_table_reads_a_standing_task_and_refuses_a_phrase_it_cannot_read(office: Duban, tmp_path: Path) -> None:
    table = tmp_path / "任务表.csv"
    table.write_text(
        "工作任务,牵头单位,完成时限\n违法建设治理,区城市管理局,长期\n水库除险加固,区农业农村局,汛期前\n", "utf-8"
    )
    office.today = "2026-12-03"
    before = office.commits()
    refused = office("import", "table", str(table), ok=False)
    assert refused.exit_code == 1 and "认不出的时限：汛期前" in refused.stderr and "看不懂" not in refused.stderr
    assert office.commits() == before
    table.write_text(table.read_text("utf-8").replace("汛期前", "2027-05-31"), "utf-8")
    done = json.loads(office("import", "table", str(table), "--json").stdout)
    assert [(c["办理时限"], c["常态"]) for c in done["事项"]] == [(None, True), ("2027-05-31", False)]
    shown = json.loads(office("show", done["事项"][0]["编号"], "--json").stdout)
    assert shown["常态"] is True and shown["办理时限"] is None


def test_the_preview_marks_and_counts_what_was_guessed(office: Duban) -> None:
    """A decision whose unit was read as the sentence's subject (no word of role), a deadline by the
    office's default and a festival of a year whose holiday notice is not out are marked ？ and counted."""
    office.today = "2026-01-21"
    source = UNSEEN / "minutes-standing-festivals.txt"
    preview = json.loads(office("import", "minutes", str(source), "--dry-run", "--json").stdout)
    marked = [c for c in preview["事项"] if c["存疑"]]
    provisional = next(c for c in preview["事项"] if c["标题"].startswith("老城区集中供暖"))
    assert provisional["把握"] == "暂定" and "暂按法定规则推算" in provisional["时限依据"]
    subject = next(c for c in preview["事项"] if c["标题"].startswith("城乡低保标准调整"))
    assert subject["单位把握"] == "推断" and subject["单位依据"].startswith("区民政局")
    sure = next(c for c in preview["事项"] if c["标题"].startswith("林区防火"))
    assert not sure["存疑"] and sure["单位依据"] == "区自然资源局负责"
    text = office("import", "minutes", str(source), "--dry-run")
    assert f"其中 {len(marked)} 项有推断或按默认的读法（标“？”），请逐项核对。" in text.stderr
    assert sum(1 for line in text.stdout.splitlines() if "\t？" in line) == len(marked)
