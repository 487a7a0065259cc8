"""How a case reads on screen: shared by show and list."""

from __future__ import annotations

from typing import Any

from duban.calendar import PROVISIONAL_LABEL
from duban.cli.root import choice
from duban.model import SOURCE_KINDS, STATUSES
from duban.usecases.queries import CaseView, Filters

STATUS_CHOICES = ("在办", *STATUSES)
# A standing task (常态事项) has no deadline: the lists say so in the deadline column, show in full.
STANDING_SHORT = "常态"
STANDING_TEXT = "常态事项（不设时限）"


def list_filters(
    status: str | None,
    unit: str | None,
    source_kind: str | None,
    leader: str | None,
    text: str | None,
    year: int | None,
) -> Filters:
    """The filters of list and export, their fixed choices checked as usage."""
    return Filters(
        status=choice(status, STATUS_CHOICES, "--status") if status else None,
        unit=unit,
        source_kind=choice(source_kind, SOURCE_KINDS, "--source-kind") if source_kind else None,
        leader=leader,
        text=text,
        year=year,
    )


def deadline_text(item: CaseView) -> str:
    """The working deadline: 2026-11-02（10-31 为休息日，顺延）, marked when estimated."""
    now = item.standing
    deadline = now.working_deadline or item.case.deadline
    if deadline is None:
        return STANDING_SHORT if item.case.standing else "—"
    text = deadline.isoformat() + (now.deadline_note() if now.working_deadline else "")
    if item.provisional:
        text += f"（{PROVISIONAL_LABEL}）"
    if now.late_extension is not None:
        text += "（逾期后申请延期）"
    return text


def left_text(item: CaseView, short: bool = False) -> str:
    unit = " 日" if short else " 个工作日"
    if item.workdays_left is None:
        return ""
    if item.standing.overdue:
        # The days the standing counts, as overdue prints them: a deadline passed during a holiday
        # is overdue with no working day gone yet.
        days = item.standing.days_overdue
        return f"逾期 {days}{unit}" if days > 0 else "逾期（非工作日）"
    if item.workdays_left == 0:
        return "今天到期"
    return f"剩 {item.workdays_left}{unit}"


def units_text(names: tuple[str, ...]) -> str:
    return "、".join(names) if names else "—"


def plain_value(value: object) -> str:
    """A value as the office reads it: 是/否 for booleans, dates as 2026-10-10."""
    from duban.render.ledger import plain

    if isinstance(value, (list, tuple)):  # 参加人员, 超期单位: names joined as the office writes them
        return "、".join(plain(v) for v in value)
    return plain(value)


# -- tables on a terminal ---------------------------------------------------------------------------

NARROW = 100  # below this many columns, tables leave out the 文号 and use units' short names


def new_table(title: str) -> Any:
    """A table that fits the terminal: no vertical rules, one space between columns."""
    from rich import box
    from rich.table import Table

    return Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, padding=0, pad_edge=False, show_edge=False)


_FIXED = "fixed"


def fixed(table: Any, header: str, **options: Any) -> None:
    """A column that is never cut or wrapped: case numbers, 文号, dates, counts (see fit)."""
    table.add_column(header, no_wrap=True, **options)
    setattr(table.columns[-1], _FIXED, True)


def shrinking(table: Any, header: str, **options: Any) -> None:
    """A column of text that gives way, cut with … rather than wrapped: titles, unit names."""
    table.add_column(header, no_wrap=True, overflow="ellipsis", **options)


def case_columns(table: Any, narrow: bool) -> None:
    """The columns every table of cases begins with: 编号, 文号 (not on a narrow terminal), 标题,
    主办单位, 办理时限, 进度."""
    fixed(table, "编号")
    if not narrow:
        fixed(table, "文号")
    shrinking(table, "标题", min_width=8)
    shrinking(table, "主办单位", min_width=8)
    fixed(table, "办理时限")
    fixed(table, "进度")


def fit(table: Any, width: int) -> Any:
    """Hold each fixed column at the width of its widest cell and share what is left of the
    terminal among the text columns, which are cut with … (never wrapped) when they must give way."""
    from rich.cells import cell_len

    def natural(column: Any) -> int:
        cells = [str(column.header), *(str(c) for c in column._cells)]
        return max(cell_len(line) for cell in cells for line in cell.split("\n"))

    flexible = []
    used = len(table.columns) - 1  # one space between columns
    for column in table.columns:
        if getattr(column, _FIXED, False):
            column.min_width = natural(column)
            used += column.min_width
        else:
            flexible.append(column)
    room = max(width - used, 0)
    wanted = {id(c): natural(c) for c in flexible}
    total = sum(wanted.values()) or 1
    for column in flexible:
        share = wanted[id(column)] if total <= room else max(room * wanted[id(column)] // total, 4)
        column.max_width = max(share, column.min_width or 0)
    return table


def unit_names(names: tuple[str, ...], config: Any, narrow: bool) -> str:
    if narrow and config is not None:
        names = tuple(config.short_name(n) for n in names)
    return units_text(names)
