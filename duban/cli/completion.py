"""Shell completion (bash, zsh, fish) through typer's own machinery, with case numbers, unit names and
short names, statuses and source kinds completed from the office the command line names."""

from __future__ import annotations

import os
from typing import Any

from duban.cli import COMPLETE_VAR

SHELLS = ("bash", "zsh", "fish")


def activate_if_asked() -> None:
    """Register typer's shell classes when the shell is asking for completions (cheap otherwise)."""
    if os.environ.get(COMPLETE_VAR):
        from typer._completion_classes import completion_init

        completion_init()


def script(shell: str) -> str:
    from typer._completion_shared import get_completion_script

    return str(get_completion_script(prog_name="duban", complete_var=COMPLETE_VAR, shell=shell))


def _typed_repo() -> str | None:
    """--repo as typed anywhere on the line being completed (after the command's name too, where
    the parser completing the line does not look)."""
    import shlex

    from duban.cli import global_value, hoist

    try:
        words = shlex.split(os.environ.get("COMP_WORDS", ""))
    except ValueError:
        return None
    return global_value(hoist(words[1:]), "--repo")


def _office(ctx: Any) -> Any:
    """The office of the command line being completed, or None: completion never fails loudly."""
    from duban.store import Office, find_office

    repo = ctx.find_root().params.get("repo") or _typed_repo() or os.environ.get("DUBAN_REPO")
    try:
        return Office(find_office(explicit=repo))
    except Exception:
        return None


def case_ids(ctx: Any, incomplete: str) -> list[str]:
    office = _office(ctx)
    if office is None:
        return []
    try:
        ids = [case_id for case_id, _, _ in office.outline()]
    except Exception:
        return []
    return [i for i in reversed(ids) if i.startswith(incomplete)]


def open_case_ids(ctx: Any, incomplete: str) -> list[str]:
    from duban.model import OPEN_STATUSES

    office = _office(ctx)
    if office is None:
        return []
    try:
        ids = [case_id for case_id, status, _ in office.outline() if status in OPEN_STATUSES]
    except Exception:
        return []
    return [i for i in reversed(ids) if i.startswith(incomplete)]


def units(ctx: Any, incomplete: str) -> list[str]:
    office = _office(ctx)
    if office is None:
        return []
    try:
        config = office.config
    except Exception:
        return []
    names = [name for unit in config.units for name in (unit.name, *unit.aliases)]
    return [n for n in names if n.startswith(incomplete)]


def _fixed(choices: tuple[str, ...]) -> Any:
    def complete(incomplete: str) -> list[str]:
        return [c for c in choices if c.startswith(incomplete)]

    return complete


def source_kinds() -> Any:
    from duban.model import SOURCE_KINDS

    return _fixed(SOURCE_KINDS)


def source_kinds_help(lead: str = "") -> str:
    """The --source-kind help with the kinds of duban/model.py SOURCE_KINDS, the one list of them."""
    from duban.model import SOURCE_KINDS

    return f"{lead}可选：{'、'.join(SOURCE_KINDS)}。"


def statuses() -> Any:
    from duban.model import STATUSES

    return _fixed(("在办", *STATUSES))


def choices(*values: str) -> Any:
    return _fixed(values)
