"""At full strength: every surface (show, list, overdue, --json, export, the bulletin's tables, the
dashboard) agrees on every case's standing on every day of a period, over the example office and a
generated office of thousands of cases (DUBAN_STRESS=1; without it, a few hundred cases). The fast
version, a few days, is in tests/test_surfaces.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import example_office
from test_surfaces import agree_on, generated_office, period

pytestmark = pytest.mark.stress

FULL = os.environ.get("DUBAN_STRESS") == "1"


def test_every_day_of_the_autumn_in_the_example_office(tmp_path: Path) -> None:
    office = example_office(tmp_path)
    for day in period("2026-09-01", "2026-12-31", 1 if FULL else 7):
        agree_on(office, day, None, tmp_path)


def test_every_day_of_a_period_in_a_generated_office(tmp_path: Path) -> None:
    count = 3000 if FULL else 300
    office = generated_office(tmp_path / "office", count)
    sample = [f"2026-{n:04d}" for n in range(1, count + 1, max(count // 30, 1))]
    overdue = [agree_on(office, day, sample, tmp_path) for day in period("2026-09-01", "2026-12-15", 1 if FULL else 7)]
    assert max(overdue) > 0
