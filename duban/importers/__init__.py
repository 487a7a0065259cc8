"""Meeting minutes and task tables -> draft cases, or located problems when something cannot be resolved.

Nothing here writes: the use case (usecases/imports.py) turns drafts into cases in one commit, or
registers nothing. deadlines.py reads the deadline phrases both share, minutes.py the running text
of minutes, table.py the rows of a task table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from duban.records import NamedTuple


class Draft(NamedTuple):
    """A case to register, as read from one decision or one row."""

    line: int  # where it came from: a line of the minutes, a row of the table
    title: str
    content: str
    lead_units: tuple[str, ...]
    co_units: tuple[str, ...] = ()
    deadline: dt.date | None = None
    days: int | None = None  # a relative deadline not yet counted (none stated: the config's rule)
    report_cycle: str = "无"
    source_kind: str = "会议议定"
    source_ref: str = ""
    source_date: dt.date | None = None
    leader: str = ""
    # Where it came from, recorded on the registration so that the same rows are not imported twice.
    origin: str = ""  # 第3行, Sheet1 第3行, 第5段
    fingerprint: str = ""  # a hash of the source text of that row or paragraph
    deadline_phrase: str = ""  # the words the deadline was read from: 下周五前
    # The fingerprint earlier versions gave the same decision (the meeting's name in it, not its date).
    earlier_fingerprint: str = ""
    # A suggestion's or proposal's session (届次), number (案号), leading deputy and co-signers.
    session: str = ""
    number: str = ""
    proposer: str = ""
    cosigners: tuple[str, ...] = ()
    # How the reading was got, shown in the preview: the deadline by a rule (规则), a guess from the
    # words around it (推断) or the clerk's --phrase (给出), "" for none stated (the office's rule);
    # a standing task (长期, 持续) has no deadline at all.
    standing: bool = False
    deadline_sure: str = ""
    deadline_note: str = ""  # 暂按法定规则推算, “尽快”不是具体时限
    units_from: str = ""  # the words the lead unit was read from: 请区教育局牵头, 区民政局本月底前将
    units_sure: str = ""  # 规则 (a word of role: 牵头, 负责, 会同) or 推断 (named first, as the subject)


def fingerprint(text: str) -> str:
    """The same row or paragraph gives the same fingerprint, whatever spaces or file it sits in."""
    import hashlib

    return hashlib.sha256("".join(text.split()).encode("utf-8")).hexdigest()[:16]


class ImportProblem(NamedTuple):
    line: int
    message: str


@dataclass
class ImportResult:
    drafts: list[Draft] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # line, heading or text, why not a task
    problems: list[ImportProblem] = field(default_factory=list)
    # Sentences that name a directory unit but gave no task: (where, sentence), for the clerk to see.
    unplaced: list[tuple[str, str]] = field(default_factory=list)
    places: dict[int, str] = field(default_factory=dict)  # a line's place as the clerk finds it: 第5段
