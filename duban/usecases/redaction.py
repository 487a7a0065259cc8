"""知情范围: what a reader outside a restricted case's circle may see of it. They see the number,
the units, the dates, the state and the kinds of steps; nothing that people wrote."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from duban.model import Case, Source, Summary, replace

RESTRICTED_TITLE = "受控事项"
# The reader of a document (bulletin, ledger, dashboard): whoever receives it, so no one's circle.
PUBLIC = ""


def redact(case: Any, reader: str | Callable[[], str]) -> Any:
    """A restricted case as someone outside its circle sees it: number, units, dates, state.
    Works on a full Case and on its Summary alike. The reader may be asked for (Session.viewer,
    which may ask git) only when the case is restricted."""
    if not case.restricted_to:
        return case
    if (reader() if callable(reader) else reader) in case.restricted_to:
        return case
    if isinstance(case, Summary):
        return case._replace(title=RESTRICTED_TITLE)
    return replace(
        case,
        title=RESTRICTED_TITLE,
        source=Source(case.source.kind),
        leaders=(),
        content="",
        events=tuple(replace(e, note="", extra=_plain_facts(e.extra)) for e in case.events),
        reports=tuple(replace(r, text="", signer="") for r in case.reports),
    )


def _plain_facts(extra: tuple[tuple[str, object], ...]) -> tuple[tuple[str, object], ...]:
    """Of an event's fields: dates, numbers, yes/no and the units; no names, reasons or files. A list
    is names (参加人员, or 领导 written by hand for several leaders) unless it is a list of units."""
    return tuple((key, value) for key, value in extra if not isinstance(value, (str, list, tuple)) or key in _UNITS)


_UNITS = frozenset({"单位", "超期单位"})  # the units an event names: an outsider sees the units


def commit_title(case: Case) -> str:
    """The title as a commit message may show it: never the title of a restricted case."""
    return RESTRICTED_TITLE if case.restricted_to else case.title
