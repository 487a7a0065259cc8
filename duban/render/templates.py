"""The documents' wording: sandboxed Jinja templates, looked up in the office first, then built in."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from duban.errors import InputError
from duban.records import NamedTuple
from duban.render.blocks import md_escape

TEMPLATES = {
    "notice": ("notice.md.j2", "政务督办通知"),
    "reminder": ("reminder.md.j2", "催办通知"),
    "report-form": ("report_form.md.j2", "政务督办报告"),
    "answer-letter": ("answer_letter.md.j2", "答复函"),
    "due-notice": ("due_notice.md.j2", "到期提醒"),
    "receipt": ("receipt.md.j2", "政务督办报告回执"),
    "bulletin": ("bulletin.md.j2", "督查通报"),
    "case-report": ("case_report.md.j2", "督办情况报告（呈阅件）"),
    "upward-report": ("upward_report.md.j2", "向上级报告办理情况"),
    "briefing": ("briefing.md.j2", "督办工作情况报告（呈领导阅）"),
    "page": ("page.html.j2", "HTML 版式（A4 打印页面）"),
    "dashboard": ("dashboard.html.j2", "督办看板（一页 HTML）"),
}
FORMATS = ("md", "html", "docx", "pdf")


def chinese_date(value: Any) -> str:
    """2026-10-10 -> 2026年10月10日 (Arabic numerals, no zero padding, as GB/T 9704 asks)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if not isinstance(value, dt.date):
        return str(value)
    return f"{value.year}年{value.month}月{value.day}日"


class TemplateInfo(NamedTuple):
    key: str
    name: str
    description: str
    origin: str  # "本办" or "内置"
    path: str


def _builtin_dir() -> Path:
    return Path(str(resources.files("duban") / "templates"))


def template_list(office_root: Path | None) -> list[TemplateInfo]:
    """Which template is in force for each document, and where it comes from."""
    out = []
    for key, (name, description) in TEMPLATES.items():
        own = office_root / "templates" / name if office_root else None
        if own is not None and own.is_file():
            out.append(TemplateInfo(key, name, description, "本办", str(own)))
        else:
            out.append(TemplateInfo(key, name, description, "内置", str(_builtin_dir() / name)))
    return out


# The environments of this process, by office, the templates of its own it has (a template added
# later is found: Jinja would check only the mtime of the built-in one it had), Markdown and
# autoescape: each keeps its compiled templates (Jinja checks a template file's mtime before it uses
# one again), so that an archive of many cases compiles a template once, not once a document.
_ENVIRONMENTS: dict[tuple[str, tuple[str, ...], bool, bool], Any] = {}


def _kept_environment(office_root: Path | None, markdown: bool, autoescape: bool) -> Any:
    own: tuple[str, ...] = ()
    if office_root is not None and (office_root / "templates").is_dir():
        own = tuple(sorted(os.listdir(office_root / "templates")))
    key = (str(office_root), own, markdown, autoescape)
    env = _ENVIRONMENTS.get(key)
    if env is None:
        if len(_ENVIRONMENTS) >= 16:
            _ENVIRONMENTS.clear()
        env = _environment(office_root, markdown=markdown)
        env.autoescape = autoescape
        _ENVIRONMENTS[key] = env
    return env


def _environment(office_root: Path | None, markdown: bool = False) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    loaders = []
    if office_root is not None and (office_root / "templates").is_dir():
        loaders.append(FileSystemLoader(str(office_root / "templates")))
    loaders.append(FileSystemLoader(str(_builtin_dir())))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,  # Markdown is plain text; HTML and Word escape at layout time
        keep_trailing_newline=True,
        # In Markdown every printed value is data: escaped so it can never become structure.
        finalize=md_escape if markdown else None,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["中文日期"] = chinese_date
    return env


def render_text(office_root: Path | None, key: str, context: Mapping[str, Any], *, autoescape: bool = False) -> str:
    """Render one template with the context as data; a broken template names its file and line.
    Markdown is plain text (autoescape off); the HTML templates escape whatever they print."""
    from jinja2 import TemplateError, TemplateSyntaxError

    name = TEMPLATES[key][0]
    env = _kept_environment(office_root, not autoescape, autoescape)
    origin = next(t for t in template_list(office_root) if t.key == key)
    where = f"templates/{name}" if origin.origin == "本办" else f"内置模板 {name}"
    try:
        template = env.get_template(name)
        return str(template.render(**context))
    except TemplateSyntaxError as error:
        said = _syntax_said(str(error.message or ""))
        raise InputError(f"{where}:{error.lineno}: 模板语法错误（{said}），请改正该模板") from None
    except TemplateError as error:
        line = _template_line(error, name)
        at = f":{line}" if line else ""
        raise InputError(f"{where}{at}: 模板出错（{_error_said(error)}），请检查其中的变量名") from None


def _debug(original: str) -> str:
    """Jinja's own English words, only with DUBAN_DEBUG=1."""
    return f"；原文：{original}" if os.environ.get("DUBAN_DEBUG") else ""


def _syntax_said(message: str) -> str:
    """Jinja's syntax errors in Chinese: the office's clerk edits the template, not Jinja's docs."""
    tags = re.findall(r"'(end\w+)'", message)
    if "end of template" in message.lower() and tags:
        said = "缺少 " + "、".join(f"{{% {tag} %}}" for tag in dict.fromkeys(tags))
    elif "end of template" in message.lower():
        said = "模板没有写完：{{ … }} 或 {% … %} 没有闭合"
    elif "end of print statement" in message:
        said = "{{ … }} 没有闭合，或其中多了字"
    elif "end of statement block" in message:
        said = "{% … %} 没有闭合，或其中缺了条件、变量"
    elif (found := re.search(r"unknown tag '(end[^']*)'", message)) is not None:
        said = f"多了 {{% {found[1]} %}}，前面没有与它成对的标签"
    elif found := re.search(r"unknown tag '([^']*)'", message):
        said = f"不认识的标签“{found[1]}”"
    elif found := re.search(r"unexpected '([^']*)'", message):
        said = f"这里不该有“{found[1]}”"
    else:
        said = "{{ }}、{% %} 的写法不对，请对照内置模板（duban render --list）"
    return said + _debug(message)


def _error_said(error: Exception) -> str:
    message = str(error)
    if found := re.search(r"'([^']*)' is undefined", message):
        return f"没有变量“{found[1]}”" + _debug(message)
    if found := re.search(r"has no attribute '([^']*)'", message):
        return f"没有“{found[1]}”这一项" + _debug(message)
    if "unsafe" in message:
        return "用了模板里不允许的写法" + _debug(message)
    return "模板里的写法不对" + _debug(message)


def _template_line(error: BaseException, name: str) -> int | None:
    tb = error.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
