"""The typer application: global options, the one error handler, and output helpers."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import sys
from typing import Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from duban.errors import DubanError, InputError, ProblemsError
from duban.schema import parse_date_text
from duban.usecases.session import Session

_USAGE_PHRASES = (
    (re.compile(r"Missing option '(.+?)'\.?"), r"缺少选项 \1"),
    (re.compile(r"Missing argument '(.+?)'\.?"), r"缺少参数 \1"),
    (re.compile(r"Missing parameter: (\S+)"), r"缺少参数 \1"),
    (re.compile(r"No such option: (\S+)"), r"没有选项 \1"),
    (re.compile(r"No such command '(.+?)'\.?"), r"没有命令 \1"),
    (re.compile(r"\s*Did you mean (.+?)\?"), r"，是否是 \1？"),
    (re.compile(r"\s*\(Possible options: (.+?)\)"), r"（可能是：\1）"),
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.+?)\)"), r"多余的参数：\1"),
    (re.compile(r"Option '(.+?)' requires an argument\.?"), r"选项 \1 后面需要一个值"),
    (re.compile(r"Option '(.+?)' does not take a value\.?"), r"选项 \1 后面不能带值"),
    (re.compile(r"Invalid value for (.+?): "), r"\1 的值无效："),
    (re.compile(r"'(.*?)' is not a valid integer( range)?\.?"), r"“\1”不是整数"),
    (re.compile(r"Input should be a valid integer.*"), r"应为整数"),
    (re.compile(r"'([^']+)' 的值无效"), r"\1 的值无效"),
    (re.compile(r"Missing command\.?"), r"缺少子命令"),
)


def usage_line(error: TyperException, ctx: Any) -> str:
    """A usage error as one Chinese line that says where to look."""
    message = str(error.format_message())
    for pattern, replacement in _USAGE_PHRASES:
        message = pattern.sub(replacement, message)
    where = getattr(getattr(error, "ctx", None), "command_path", None) or getattr(ctx, "command_path", "duban")
    message = message.rstrip("。.")
    end = "" if message.endswith("？") else "。"
    return f"用法错误：{message}{end}查看用法：{where} -h"


class DubanGroup(TyperGroup):
    """Turns every DubanError into one Chinese line on stderr and exit status 1;
    usage errors into one Chinese line and exit status 2."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except TyperException as error:
            if getattr(error, "exit_code", 1) != 2:
                raise
            sys.stderr.write(usage_line(error, None) + "\n")
            raise typer.Exit(2) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TyperException as error:
            if getattr(error, "exit_code", 1) != 2:
                raise
            sys.stderr.write(usage_line(error, ctx) + "\n")
            raise typer.Exit(2) from None
        except (typer.Exit, typer.Abort):
            raise
        except ProblemsError as error:
            for line in error.lines:
                sys.stderr.write(line + "\n")
            raise typer.Exit(1) from None
        except DubanError as error:
            fail(error.message)
        except OSError as error:
            if error.errno == errno.EPIPE:
                # The reader (head, less) went away: stop quietly, as other Unix tools do.
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                raise typer.Exit(0) from None
            if os.environ.get("DUBAN_DEBUG"):
                raise
            where = f"：{error.filename}" if error.filename else ""
            fail(f"文件操作失败（{error.strerror or error}）{where}，请检查路径和权限")
        except Exception as error:
            if os.environ.get("DUBAN_DEBUG"):
                raise
            fail(f"内部错误：{type(error).__name__}: {error}（未做任何改动；设置 DUBAN_DEBUG=1 可查看详情）")


def fail(message: str) -> None:
    """Print a one-line message to stderr and exit 1."""
    sys.stderr.write(" ".join(message.split("\n")) + "\n")
    raise typer.Exit(1)


app = typer.Typer(
    cls=DubanGroup,
    name="duban",
    help="督办：督办事项的立项、交办、催办、办结与通报，以 git 留痕。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def parse_date(text: str, what: str) -> dt.date:
    value = parse_date_text(text)
    if value is None:
        raise InputError(f"{what}“{text}”不是有效日期，请按 YYYY-MM-DD 填写，如 2026-10-10")
    return value


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
        metavar="YYYY-MM-DD",
        help="把这一天当作“今天”（重跑历史报表、测试用）。",
    ),
    by: str | None = typer.Option(
        None, "--by", envvar="DUBAN_USER", metavar="姓名", help="经办人；默认取 config.yaml 或 git 的用户名。"
    ),
) -> None:
    """督办：督办事项的立项、交办、催办、办结与通报，以 git 留痕。"""
    today = parse_date(as_of, "--as-of 的日期") if as_of else dt.date.today()
    ctx.obj = Session(repo=repo, today=today, by=by)


def session(ctx: typer.Context) -> Session:
    obj = ctx.find_root().obj
    assert isinstance(obj, Session)
    return obj


def done(message: str) -> None:
    """What a changing command reports: one line on stdout."""
    typer.echo(message)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def console() -> Any:
    from rich.console import Console

    return Console(soft_wrap=True, highlight=False)
