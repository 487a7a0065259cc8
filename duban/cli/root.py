"""The typer application: global options, help in Chinese, the one error handler, output helpers."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import typer
from typer._click.core import Context, ParameterSource
from typer._click.exceptions import NoArgsIsHelpError
from typer._click.formatting import HelpFormatter
from typer.core import TyperGroup
from typer.exceptions import TyperException

from duban.errors import DubanError, ProblemsError, UsageError, os_said
from duban.schema import FIRST_YEAR, LAST_YEAR, in_range, parse_typed_date
from duban.usecases.session import Session

# -- help in Chinese ----------------------------------------------------------------------------

_HELP_WORDS = (
    ("Show this message and exit.", "显示本帮助并退出。"),
    ("[required]", "[必填]"),
    ("[default: ", "[默认："),
    ("[env var: ", "[环境变量："),
)
_HEADINGS = {"Options": "选项", "Arguments": "参数", "Commands": "命令"}


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_TOKEN = re.compile(r"[\x21-\x7e]+|\s+|.")
_NO_LINE_START = "、，。；：！？）」』》〉】]>,.;:!?)"


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most width columns, counting a Chinese character as two, never breaking a Latin
    word (an option, a variable name) and never starting a line with closing punctuation."""
    lines: list[str] = []
    for paragraph in _paragraphs(text):
        line = ""
        for token in _TOKEN.findall(paragraph):
            if display_width(line + token) > width and line.strip() and token[0] not in _NO_LINE_START:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        lines.append(line.rstrip())
    return lines


_OWN_LINE = re.compile(r"\s*(?:[-•*]|\d+[.、)]|例：|退出状态)")


def _paragraphs(text: str) -> list[str]:
    """A docstring's lines joined into paragraphs (a blank line, a list item or 例：starts a new one):
    Chinese wraps anywhere, so a source line's end is no line end on the terminal."""
    out: list[str] = []
    joining = False
    for raw in text.splitlines() or [""]:
        line = raw.strip()
        if not line:
            out.append("")
            joining = False
        elif joining and not _OWN_LINE.match(line):
            last = out[-1]
            wide = display_width(last[-1:]) == 2 or display_width(line[:1]) == 2
            out[-1] = last + ("" if wide else " ") + line
        else:
            out.append(raw.rstrip())
            joining = True
    return out


class ChineseHelpFormatter(HelpFormatter):
    """click's help page with Chinese headings, Chinese usage and columns measured in display width."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        self.write(f"{'':>{self.current_indent}}用法：{prog} {args}\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in _wrap(text, max(self.width - self.current_indent, 20)):
            self.write(f"{indent}{line}\n" if line else "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(first, _chinese(second)) for first, second in rows]
        first_width = min(max((display_width(first) for first, _ in rows), default=0), col_max)
        indent = " " * self.current_indent
        text_width = max(self.width - self.current_indent - first_width - col_spacing, 20)
        for first, second in rows:
            lines = _wrap(second, text_width) if second else [""]
            pad = first_width - display_width(first)
            if pad < 0:  # a long option: its help starts on the next line
                self.write(f"{indent}{first}\n")
                first, pad = "", first_width
            self.write(f"{indent}{first}{' ' * (pad + col_spacing)}{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{indent}{' ' * (first_width + col_spacing)}{line}\n")


def _chinese(text: str) -> str:
    for english, chinese in _HELP_WORDS:
        text = text.replace(english, chinese)
    return text


# Every help page of the process, typer's own included, is laid out by the Chinese formatter.
Context.formatter_class = ChineseHelpFormatter

# -- errors ---------------------------------------------------------------------------------------

# Patterns compiled when a usage error is first explained, not by every command.
_USAGE_PHRASES = (
    (r"Missing option '(.+?)' / '(.+?)'\.?", r"缺少选项 \1（也可写作 \2）"),
    (r"Missing option '(.+?)'\.?", r"缺少选项 \1"),
    (r"Missing argument '(.+?)'\.?", r"缺少参数 \1"),
    (r"Missing parameter: (\S+)", r"缺少参数 \1"),
    # A global option after the command is moved before it with its value (cli.hoist); one left
    # unknown to the command had none: `duban list --as-of`.
    (r"No such option: (--repo|--as-of|--by)(?![\w-]).*", r"选项 \1 后面需要一个值"),
    (r"No such option: (\S+)", r"没有选项 \1"),
    (r"No such command '(.+?)'\.?", r"没有命令 \1"),
    (r"\s*Did you mean '([^']+?)'\?", r"，是否是 \1？"),
    (r"\s*Did you mean (.+?)\?", r"，是否是 \1？"),
    (r"\s*\(Possible options: (.+?)\)", r"（可能是：\1）"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.+?)\)", r"多余的参数：\1"),
    (r"Option '(.+?)' requires an argument\.?", r"选项 \1 后面需要一个值"),
    (r"Option '(.+?)' does not take a value\.?", r"选项 \1 后面不能带值"),
    (r"Invalid value for '?(.+?)'?: ", r"\1 的值无效："),
    (r"'(.*?)' is not a valid int(?:eger)?( range)?\.?", r"“\1”应为整数"),
    (r"'(.*?)' is not a valid float( range)?\.?", r"“\1”不是数字"),
    (r"Input should be a valid integer.*", r"应为整数"),
    # `duban --by list`: the name was left out and the command taken for it.
    (r"Missing command\.?", r"缺少命令：--repo、--as-of、--by 后面各要一个值，再写命令（如 duban --by 王芳 list）"),
)

# Set by DubanGroup.main: with --json anywhere on the command line, errors are printed as JSON too.
_json_errors = False


def usage_line(message: str, where: str) -> str:
    """A usage error as one Chinese line that says where to look."""
    for pattern, replacement in _USAGE_PHRASES:
        message = re.sub(pattern, replacement, message)
    message = message.rstrip("。.")
    end = "" if message.endswith("？") else "。"
    return f"用法错误：{message}{end}查看用法：{where} -h"


def _command_path(ctx: Any) -> str:
    path = str(getattr(ctx, "command_path", "") or "duban")
    sub = getattr(ctx, "invoked_subcommand", None)
    return f"{path} {sub}" if sub and not path.endswith(f" {sub}") else path


_UNDECODED = re.compile("[\x00\ud800-\udfff]")


def report_error(message: str, code: int, problems: Sequence[str] = ()) -> None:
    """Print one error: a Chinese line on stderr, or JSON on stdout after --json; then exit."""
    if _json_errors:
        import json

        sys.stdout.write(json.dumps({"错误": message, "问题": list(problems)}, ensure_ascii=False, indent=2) + "\n")
    else:
        for line in problems or [message]:
            sys.stderr.write(" ".join(line.split("\n")) + "\n")
    raise typer.Exit(code)


def fail(message: str) -> None:
    """Print a one-line message and exit 1."""
    report_error(message, 1)


class DubanGroup(TyperGroup):
    """Turns every DubanError into one Chinese line on stderr and its exit status (1, or 2 for a
    usage error); typer's usage errors into one Chinese line and exit status 2."""

    def main(self, args: Sequence[str] | None = None, *extra: Any, **kwargs: Any) -> Any:
        global _json_errors
        from duban.cli import hoist

        argv = hoist(list(args) if args is not None else sys.argv[1:])
        _json_errors = "--json" in argv
        for arg in argv:
            if not arg.isprintable() and _UNDECODED.search(arg):
                # Bytes that are not UTF-8 arrive as lone surrogates, which no file or output can hold;
                # a NUL (possible only in-process) no path or git argument can hold.
                try:
                    report_error("用法错误：命令行参数里有不是 UTF-8 的字节或空字符，请检查终端或脚本的编码后再试", 2)
                except typer.Exit as leaving:
                    if kwargs.get("standalone_mode", True):
                        sys.exit(leaving.exit_code)
                    raise
        return super().main(argv, *extra, **kwargs)

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except NoArgsIsHelpError as error:
            typer.echo(error.ctx.get_help() if error.ctx is not None else "")
            raise typer.Exit(0) from None
        except TyperException as error:
            if getattr(error, "exit_code", 1) != 2:
                raise
            where = getattr(getattr(error, "ctx", None), "command_path", None) or info_name or "duban"
            report_error(usage_line(str(error.format_message()), str(where)), 2)
        except DubanError as error:  # a global option's value (--as-of) is refused while parsing
            prefix = "用法错误：" if error.exit_code == 2 else ""
            report_error(prefix + error.message, error.exit_code)
        raise AssertionError("unreachable")

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BaseException:
            flush_notices(ctx)
            self._handle(ctx)
            raise
        finally:
            flush_notices(ctx)

    def _handle(self, ctx: Any) -> None:
        """Turn the exception being handled into the one-line message and exit status."""
        try:
            raise
        except NoArgsIsHelpError as error:
            typer.echo(error.ctx.get_help() if error.ctx is not None else "")
            raise typer.Exit(0) from None
        except TyperException as error:
            if getattr(error, "exit_code", 1) != 2:
                raise
            where = getattr(getattr(error, "ctx", None), "command_path", None) or _command_path(ctx)
            report_error(usage_line(str(error.format_message()), str(where)), 2)
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            # Ctrl-C: a change not yet committed was put back by the code it interrupted (or is by
            # the next command, from its journal); one line, and the shell's status for SIGINT.
            report_error("已中断（Ctrl-C）", 130)
        except ProblemsError as error:
            report_error(error.lines[-1] if error.lines else "", error.exit_code, error.lines)
        except UsageError as error:
            report_error(f"用法错误：{error.message.rstrip('。')}。查看用法：{_command_path(ctx)} -h", 2)
        except DubanError as error:
            report_error(error.message, error.exit_code)
        except OSError as error:
            if error.errno == errno.EPIPE:
                # The reader (head, less) went away: stop quietly, as other Unix tools do.
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                raise typer.Exit(0) from None
            if os.environ.get("DUBAN_DEBUG"):
                raise
            # The file being written, not the temporary file beside it (atomic: .name.<pid>[.<hex>].tmp).
            named = re.sub(r"(^|/)\.([^/]+?)\.\d+(?:\.[0-9a-f]+)?\.tmp$", r"\1\2", str(error.filename or ""))
            where = f"：{named}" if named else ""
            fail(f"文件操作失败（{os_said(error)}）{where}，请检查路径和权限")
        except Exception as error:
            if os.environ.get("DUBAN_DEBUG"):
                raise
            fail(f"内部错误：{type(error).__name__}: {error}（未做任何改动；设置 DUBAN_DEBUG=1 可查看详情）")


def flush_notices(ctx: Any) -> None:
    """What the command has to tell besides its result, one line each on stderr."""
    obj = ctx.find_root().obj if ctx is not None else None
    if isinstance(obj, Session):
        for notice in obj.notices:
            sys.stderr.write(f"{notice}\n")
        obj.notices.clear()


app = typer.Typer(
    cls=DubanGroup,
    name="duban",
    help="督办：督办事项的立项、交办、催办、办结与通报，以 git 留痕。",
    epilog="例：duban help assign",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# -- option values --------------------------------------------------------------------------------


_PHRASE_TAILS = ("", "前", "之前", "以前", "内", "以内")
_RELATIVE_DAYS = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "昨天": -1, "昨日": -1, "前天": -2}


def parse_date(
    text: str, what: str, today: dt.date | None = None, calendar: Callable[[], Any] | None = None
) -> dt.date:
    """A date as clerks type it: 2026-12-01, 2026/12/01, 2026.12.1, 2026年12月1日, 12月1日, 12/1 and 12-1
    (this year), in full-width digits too; 今天, 明天, 后天, 昨天; and the deadline phrases minutes are
    read by (下周五, 本月底, 月底前, 年底前, 国庆前, 一季度末, 10个工作日内: importers.deadlines, from
    today, with the calendar the function gives). A value that is none of these is a usage error
    naming the option (or environment variable) it came from."""
    if today is None:
        from duban.calendar import today_in

        today = today_in()
    value = unicodedata.normalize("NFKC", text).strip()
    day = parse_typed_date(value, today.year)
    if day is None and value in _RELATIVE_DAYS:
        day = today + dt.timedelta(days=_RELATIVE_DAYS[value])
    if day is None and value:
        day = _phrase_date(value, today, calendar)
    if day is None:
        raise UsageError(
            f"{what}“{text}”不是有效日期，可写作 2026-12-01、2026年12月1日、12月1日、12/1、明天、下周五、"
            "本月底 或 10个工作日内"
        )
    if not in_range(day):
        raise UsageError(f"{what}“{text}”超出可计算的范围（{FIRST_YEAR}—{LAST_YEAR} 年）")
    return day


def _phrase_date(value: str, today: dt.date, calendar: Callable[[], Any] | None) -> dt.date | None:
    from duban.importers.deadlines import read_deadline

    if calendar is None:
        from duban.calendar import WorkCalendar

        calendar = WorkCalendar
    try:
        reading = read_deadline(value, today, calendar())
    except (DubanError, ValueError):  # a date stated that does not exist (DateError)
        return None
    if reading is None or reading.date is None or reading.unknown or reading.standing:
        return None
    # The phrase must be the whole value (a 前 or 内 after a date may stay): a date read out of a typo
    # around it (2026-11-3O, 下下周五, 10个工作日内吧) would be a date the clerk did not type.
    whole = value.replace(" ", "").replace("\u3000", "")
    phrase = (reading.phrase or "").replace(" ", "")
    rest = whole.replace(phrase, "", 1) if phrase and whole.startswith(phrase) else whole
    if rest not in _PHRASE_TAILS:
        return None
    return reading.date


def choice(value: str, allowed: Sequence[str], option: str) -> str:
    """An option value from a fixed list; anything else is a usage error (exit 2) listing the choices."""
    value = value.strip()
    if value not in allowed:
        raise UsageError(f"{option} 的值“{value}”不认识，可选：{'、'.join(allowed)}")
    return value


DEADLINE_OR_DAYS = "要么给出具体日期，要么给出工作日数"
NO_DEADLINE = "常态事项不设办理时限"


def deadline_options(deadline: str | None, days: int | None, standing: bool) -> None:
    """--deadline, --days and --standing exclude each other."""
    exclusive({"--deadline": deadline, "--days": days}, DEADLINE_OR_DAYS)
    exclusive({"--standing": standing, "--deadline 或 --days": bool(deadline) or days is not None}, NO_DEADLINE)


def _absent(value: object) -> bool:
    """An option not given: None, False, or empty (0 is a value: --days 0)."""
    return value is None or value is False or (isinstance(value, (str, list, tuple)) and not value)


def exclusive(given: dict[str, object], why: str = "") -> None:
    """Options that exclude each other (--deadline and --days): more than one given is a usage
    error (exit 2), named, with why."""
    named = [option for option, value in given.items() if not _absent(value)]
    if len(named) > 1:
        raise UsageError(f"{' 与 '.join(named)} 只能给一个{'：' + why if why else ''}")


def count(value: int | None, option: str, maximum: int = 1000) -> int | None:
    """A number of working days on the command line: 0 to maximum, else a usage error."""
    if value is not None and not 0 <= value <= maximum:
        raise UsageError(f"{option} 应为 0 到 {maximum} 之间的整数，现为 {value}")
    return value


def _version(value: bool) -> None:
    if value:
        from duban import __version__
        from duban.calendar import library_years

        first, last = library_years()
        typer.echo(f"duban {__version__}（节假日数据：{first}–{last}）")
        raise typer.Exit(0)


@app.callback()
def global_options(
    ctx: typer.Context,
    repo: str | None = typer.Option(
        None, "--repo", envvar="DUBAN_REPO", metavar="目录", help="督办仓库目录；默认从当前目录向上查找。"
    ),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        envvar="DUBAN_TODAY",
        metavar="日期",
        help="把这一天当作“今天”（重跑历史报表、测试用），如 2026-10-10。",
    ),
    by: str | None = typer.Option(
        None, "--by", envvar="DUBAN_USER", metavar="姓名", help="经办人；默认取 config.yaml 或 git 的用户名。"
    ),
    version: bool = typer.Option(
        False, "--version", "-V", is_eager=True, callback=_version, help="显示版本和节假日数据的年份范围。"
    ),
) -> None:
    """督办：督办事项的立项、交办、催办、办结与通报，以 git 留痕。"""
    today = None  # the office's day, in its time zone, when first asked (Session.today)
    if as_of:
        source = ctx.get_parameter_source("as_of")
        what = "环境变量 DUBAN_TODAY 的日期" if source == ParameterSource.ENVIRONMENT else "--as-of 的日期"
        today = parse_date(as_of, what)
    ctx.obj = Session(repo=repo, today=today, by=by, attended=attended())


def session(ctx: typer.Context) -> Session:
    obj = ctx.find_root().obj
    assert isinstance(obj, Session)
    return obj


def date_option(ctx: typer.Context, text: str, what: str) -> dt.date:
    """A date option of a command, read from the current (or --as-of) day: 12月1日 is that day of
    its year, 明天 the day after it, 月底前 by the office's calendar (the library's outside an office)."""
    current = session(ctx)

    def calendar() -> Any:
        from duban.calendar import WorkCalendar

        try:
            return current.office.config.calendar()
        except DubanError:
            return WorkCalendar()

    return parse_date(text, what, current.today, calendar)


def done(message: str) -> None:
    """What a changing command reports: one line on stdout."""
    typer.echo(message)


def print_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_json_stream(items: Iterable[Any]) -> None:
    """A JSON array written an element at a time, as print_json writes the whole list: an office's
    years of cases are never held at once."""
    import json

    write = sys.stdout.write
    first = True
    for item in items:
        body = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        write(("[\n  " if first else ",\n  ") + body)
        first = False
    write("[]\n" if first else "\n]\n")


def attended() -> bool:
    """Whether someone may be at a terminal: any of the three streams is one. cron and systemd give
    none; a clerk's `duban list | less` still has its stdin and stderr at the terminal."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        try:
            if stream is not None and stream.isatty():
                return True
        except (AttributeError, ValueError):
            continue  # closed or replaced (a test's capture): not a terminal
    return False


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def console() -> Any:
    from rich.console import Console

    return Console(highlight=False)
