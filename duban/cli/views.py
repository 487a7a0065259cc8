"""How a case reads on screen: shared by show and list."""

from __future__ import annotations

from collections.abc import Iterable
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

# The mark of a deadline reckoned on holidays not yet published, in a narrow table (with a legend).
PROVISIONAL_MARK = "*"
PROVISIONAL_LEGEND = f"{PROVISIONAL_MARK} 办理时限{PROVISIONAL_LABEL}"


def deadline_short(deadline: str, rolled: bool, provisional: bool, late_extension: bool = False) -> str:
    """A deadline where the table is narrow: the date whole, its notes in a word or a mark
    (2026-11-02（顺延）, 2027-01-22*)."""
    return (
        deadline
        + ("（顺延）" if rolled else "")
        + (PROVISIONAL_MARK if provisional else "")
        + ("（逾期后延期）" if late_extension else "")
    )


def deadline_cell(item: CaseView) -> str:
    """deadline_text as a narrow table shows it."""
    now = item.standing
    deadline = now.working_deadline or item.case.deadline
    if deadline is None:
        return STANDING_SHORT if item.case.standing else "—"
    rolled = bool(now.working_deadline and now.deadline_note())
    return deadline_short(deadline.isoformat(), rolled, item.provisional, now.late_extension is not None)


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


def shrinking(table: Any, header: str, first: bool = False, **options: Any) -> None:
    """A column of text that gives way, cut with … rather than wrapped: titles, unit names. A column
    that gives way first (a title) keeps only FIRST_FLOOR columns before the others are cut."""
    table.add_column(header, no_wrap=True, overflow="ellipsis", **options)
    setattr(table.columns[-1], _FIRST, first)


_FIRST = "gives_way_first"
FIRST_FLOOR = 8


def _natural(texts: Iterable[Any]) -> int:
    from rich.cells import cell_len

    return max((cell_len(line) for text in texts for line in str(text).split("\n")), default=0)


def _shares(room: int, wanted: list[int]) -> list[int]:
    """room shared among columns that want these widths: each gets what it wants if that is no more
    than an even share, the rest share what is left evenly."""
    widths = list(wanted)
    pending = sorted(range(len(wanted)), key=lambda i: wanted[i])
    left = room
    while pending:
        even = left // len(pending)
        if wanted[pending[0]] <= even:
            left -= wanted[pending.pop(0)]
            continue
        for n, i in enumerate(pending):
            widths[i] = even + (1 if n >= len(pending) - left % len(pending) else 0)
        break
    return widths


def fit(table: Any, width: int) -> Any:
    """Hold each fixed column at the width of its widest cell and share what is left of the
    terminal among the text columns, which are cut with … (never wrapped) when they must give way:
    the column that gives way first (a title) down to FIRST_FLOOR, then the others evenly, short
    texts (a unit's name) staying whole. Not wider than width unless even the headers are (rich
    would then cut every column, fixed or not)."""
    used = len(table.columns) - 1  # one space between columns
    first: list[tuple[Any, int]] = []
    others: list[tuple[Any, int]] = []
    for column in table.columns:
        natural = _natural([column.header, *column._cells])
        if getattr(column, _FIXED, False):
            column.width = natural
            used += natural
        else:
            (first if getattr(column, _FIRST, False) else others).append((column, natural))
    room = max(width - used, 0)
    floor = sum(min(natural, max(FIRST_FLOOR, _natural([column.header]))) for column, natural in first)
    widths = _shares(max(room - floor, 0), [natural for _, natural in others])
    widths = [*_shares(room - sum(widths), [natural for _, natural in first]), *widths]
    for (column, _), share in zip([*first, *others], widths, strict=True):
        column.width = max(share, _natural([column.header]))
        column.min_width = column.max_width = None
    return table


class Column:
    """A column of a table on a terminal, and how it gives way when the terminal is narrow: a column
    that repeats another (文号) is left out; one with a short form (units' short names, 逾期 3 日,
    the deadline's note in a word, a header on two lines) takes it; a text (a title) is cut with …
    In the order of give_way (1 first, 0 never; columns of one rank together), each only while the
    table does not fit comfortably. A table that still does not fit is split, each part repeating the
    key columns (编号, 单位), rather than any number or name being cut."""

    # A plain class, not a dataclass: views is on `overdue`'s path, and generating a dataclass's
    # methods at import costs more than building the few columns a command prints.
    def __init__(
        self,
        header: str,
        cells: list[str] | None = None,
        *,
        short: list[str] | None = None,
        short_header: str | None = None,
        shrinks: bool = False,
        first: bool = False,  # a shrinking column that gives way before the others (a title)
        droppable: bool = False,
        key: bool = False,  # tells the rows apart: repeated in each part of a split table
        give_way: int = 0,
        comfortable: int = 0,  # a shrinking column narrower than this is not comfortable
        justify: str = "left",
        legend: str = "",  # a line under the table when the short form is shown and carries the mark
        mark: str = "",
    ) -> None:
        self.header = header
        self.cells = cells if cells is not None else []
        self.short = short
        self.short_header = short_header
        self.shrinks = shrinks
        self.first = first
        self.droppable = droppable
        self.key = key
        self.give_way = give_way
        self.comfortable = comfortable
        self.justify = justify
        self.legend = legend
        self.mark = mark

    def need(self, least: bool = False) -> int:
        """Its width: whole, or (shrinking) comfortable; least: the narrowest it may be."""
        natural = _natural([self.header, *self.cells])
        if not self.shrinks:
            return natural
        floor = max(FIRST_FLOOR, _natural([self.header])) if self.first else _natural([self.header])
        return min(natural, floor if least else max(self.comfortable, floor))


def _width(columns: list[Column], least: bool = False) -> int:
    return len(columns) - 1 + sum(column.need(least) for column in columns)


def _parts(columns: list[Column], width: int) -> list[list[Column]]:
    """The columns in as few tables as fit, in their order, each with the key columns."""
    keys = [column for column in columns if column.key]
    parts: list[list[Column]] = []
    part: list[Column] = []
    for column in columns:
        if column.key:
            continue
        if part and _width([*keys, *part, column], least=True) > width:
            parts.append(part)
            part = []
        part.append(column)
    parts.append(part)
    return [[c for c in columns if c.key or c in part] for part in parts]


def fitted_tables(title: str, columns: list[Column], styles: list[str | None], width: int) -> list[Any]:
    """A table fitted to the terminal, or more than one if it cannot fit: nothing that tells rows
    apart (编号, 单位, 状态, the deadline's date, counts) is cut; the least needed columns give way
    first (see Column)."""
    from rich.text import Text

    shown = list(columns)
    legend = ""
    for rank in sorted({c.give_way for c in columns if c.give_way}):
        if _width(shown) <= width:
            break
        for column in [c for c in shown if c.give_way == rank]:
            if column.droppable:
                shown.remove(column)
                continue
            column.cells = column.short if column.short is not None else column.cells
            column.header = column.short_header or column.header
            if column.legend and any(column.mark in cell for cell in column.cells):
                legend = column.legend
    parts = _parts(shown, width) if _width(shown, least=True) > width else [shown]
    tables = []
    for number, part in enumerate(parts):
        table = new_table(title if number == 0 else f"{title}（续）")
        table.min_width = min(_natural([table.title]), width)  # the title on one line
        for column in part:
            if column.shrinks:
                shrinking(table, column.header, first=column.first, justify=column.justify)
            else:
                fixed(table, column.header, justify=column.justify)
        for index, style in enumerate(styles):
            table.add_row(*(Text(column.cells[index]) for column in part), style=style)
        tables.append(fit(table, width))
    if legend:
        tables[-1].caption, tables[-1].caption_justify = legend, "left"
    return tables


def print_tables(out: Any, tables: list[Any], title_style: str | None = None) -> None:
    for table in tables:
        if title_style:
            table.title_style = title_style
        out.print(table)


def case_columns(
    ids: list[str], numbers: list[str], titles: list[str], units: tuple[list[str], list[str]]
) -> list[Column]:
    """The columns every table of cases begins with: 编号, 文号, 标题, 主办单位 (each unit's full
    name, or its short name in a narrow table)."""
    return [
        Column("编号", ids, key=True),
        Column("文号", numbers, droppable=True, give_way=1),
        Column("标题", titles, shrinks=True, first=True, comfortable=24),
        Column("主办单位", units[0], short=units[1], shrinks=True, give_way=2, comfortable=12),
    ]


def deadline_column(full: list[str], short: list[str]) -> Column:
    return Column("办理时限", full, short=short, give_way=3, legend=PROVISIONAL_LEGEND, mark=PROVISIONAL_MARK)


def unit_names(names: tuple[str, ...], config: Any, short: bool) -> str:
    if short and config is not None:
        names = tuple(config.short_name(n) for n in names)
    return units_text(names)
