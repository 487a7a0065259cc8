"""`duban overdue` without typer: the cron job's command, run every morning on thousands of cases,
answered in well under the time typer takes to import.

Only the exact forms of the contract are taken here: the global options, `overdue` and its
read-only options, in plain, json or csv output. Anything else (help, --remind, a terminal's
table, an option this parser does not know) returns None, and the typer app takes the
command as usual, so both paths accept the same command lines.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Any

_GLOBAL = {"--repo": "repo", "--as-of": "as_of", "--by": "by"}
_VALUED = {"--within": "within", "--format": "format", "--unit": "unit"}
_FLAGS = {"--by-unit": "by_unit", "--quiet": "quiet", "-q": "quiet", "--exit-code": "exit_code",
          "--workday-only": "workday_only"}  # fmt: skip


def _options(
    args: list[str], known: dict[str, str], flags: dict[str, str]
) -> tuple[dict[str, str | bool], list[str]] | None:
    found: dict[str, str | bool] = {}
    rest = list(args)
    while rest and rest[0].startswith("-"):
        token = rest.pop(0)
        name, equals, value = token.partition("=")
        if name in known:
            if not equals:
                if not rest:
                    return None
                value = rest.pop(0)
            found[known[name]] = value
        elif name in flags and not equals:
            found[flags[name]] = True
        else:
            return None
    return found, rest


def fast_overdue(argv: list[str]) -> int | None:
    """Run `duban [global options] overdue [options]` and return its exit status, or None."""
    parsed = _options(argv, _GLOBAL, {})
    if parsed is None:
        return None
    global_options, rest = parsed
    if not rest or rest[0] != "overdue":
        return None
    parsed = _options(rest[1:], _VALUED, _FLAGS)
    if parsed is None or parsed[1]:
        return None
    options = parsed[0]
    fmt = str(options.get("format") or ("table" if sys.stdout.isatty() else "plain"))
    if fmt not in ("plain", "json", "csv"):
        return None
    within_text = options.get("within")
    if within_text is not None and not (str(within_text).isascii() and str(within_text).isdigit()):
        return None  # typer explains a wrong number, as for every other command
    from duban.errors import DubanError
    from duban.schema import in_range, parse_date_text

    as_of = str(global_options.get("as_of") or os.environ.get("DUBAN_TODAY") or "").strip()
    day = parse_date_text(as_of) if as_of else None
    if within_text is not None and int(str(within_text)) > 1000:
        return None
    if as_of and (day is None or not in_range(day)):
        return None  # the typer path names the wrong value and where it came from
    try:
        return _run(global_options, options, fmt, int(str(within_text)) if within_text is not None else None)
    except DubanError as error:
        sys.stderr.write(" ".join(error.message.split("\n")) + "\n")
        return 1
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _run(global_options: dict[str, str | bool], options: dict[str, str | bool], fmt: str, within: int | None) -> int:
    from duban.schema import parse_date_text
    from duban.usecases.session import Session

    as_of = str(global_options.get("as_of") or os.environ.get("DUBAN_TODAY") or "").strip()
    today = parse_date_text(as_of) or dt.date.today() if as_of else dt.date.today()
    session = Session(
        repo=str(global_options.get("repo") or os.environ.get("DUBAN_REPO") or "") or None,
        today=today,
        by=str(global_options.get("by") or os.environ.get("DUBAN_USER") or "") or None,
    )
    unit = options.get("unit")
    try:
        return _check(session, within, fmt, unit, options)
    finally:
        for notice in session.notices:
            sys.stderr.write(f"{notice}\n")


def _check(session: Any, within: int | None, fmt: str, unit: object, options: dict[str, str | bool]) -> int:
    from duban.cli.overdue_output import run_check

    return run_check(
        session,
        within,
        fmt,
        str(unit) if unit else None,
        bool(options.get("by_unit")),
        bool(options.get("quiet")),
        bool(options.get("exit_code")),
        False,
        bool(options.get("workday_only")),
    )
