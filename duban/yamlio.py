"""YAML on disk: a fast safe loader for reading, round-trip mode for the files duban writes.

Reading uses ruamel's C safe loader. Only when a file has a problem is it read again in
round-trip mode, which knows the line of every key, so that a problem can be printed as
`path:line: message`. Writing merges the new values into the round-trip document so that
comments, key order and the formatting of untouched values survive a tool change.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, ScalarString

from duban import caselines, fastyaml
from duban.errors import YamlSyntaxError as YamlSyntaxError
from duban.model import KeyPath

_fast = YAML(typ="safe", pure=False)


# The parser's problems as a clerk reads them (its own words only with DUBAN_DEBUG=1).
_PROBLEMS = (
    ("did not find expected ',' or ']'", "方括号 [ ] 没有配对，或列表项之间少了逗号"),
    ("did not find expected ',' or '}'", "花括号 { } 没有配对，或各项之间少了逗号"),
    ("found unexpected end of stream", "引号或括号没有配对，文件就结束了"),
    ("mapping values are not allowed", "一行里有两个“键: 值”（值里有“: ”时请给整个值加引号）"),
    ("did not find expected key", "缩进没有对齐，或多了括号、少了冒号"),
    ("did not find expected '-' indicator", "列表项（- 开头的行）和键混在同一缩进，请检查缩进"),
    ("could not find expected ':'", "少了冒号（键后面要写“: ”）"),
    ("did not find expected node content", "这里缺少值，或缩进、括号不对"),
    ("cannot start any token", "值以 @、`、% 或制表符等开头，请给值加引号"),
    ("found duplicate key", "同一个键写了两次，请删去一个"),
    ("unknown escape character", "双引号里的反斜杠 \\ 写法不对，请改用单引号或去掉反斜杠"),
    ("could not determine a constructor", "有不认识的标记（!! 开头），请删去"),
    ("expected <document start>", "多了一段内容，请检查缩进"),
    ("found undefined alias", "不能使用 YAML 的锚点和别名（& 和 *），请把内容直接写出"),
)


def _syntax_error(error: Exception, text: str = "") -> YamlSyntaxError:
    import os

    line = None
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        line = mark.line + 1
    problem = str(getattr(error, "problem", None) or str(error).splitlines()[0])
    lines = text.splitlines()
    here = lines[line - 1] if line is not None and 0 < line <= len(lines) else ""
    if "tab character" in problem or "\t" in here[: len(here) - len(here.lstrip())]:
        said = f"第{line}行用了制表符缩进，请改用空格" if line else "用了制表符缩进，请改用空格"
    else:
        known = next((chinese for words, chinese in _PROBLEMS if words in problem), "")
        said = f"YAML 格式错误：{known or '写法不对，请检查缩进、冒号、引号和括号'}"
    if os.environ.get("DUBAN_DEBUG"):
        said += f"（{problem}）"
    return YamlSyntaxError(line, said)


def load_fast(text: str) -> Any:
    """Parse for reading: events from the C parser built into values (fastyaml), or ruamel's C safe
    loader for what that leaves to it. Raises ValueError for a date that does not exist."""
    try:
        try:
            return caselines.load(text)
        except caselines.Fallback:
            pass
        try:
            return fastyaml.load(text)
        except caselines.Fallback:
            fastyaml.scan(text)
            return _fast.load(text)
    except fastyaml.Refused as error:
        raise YamlSyntaxError(error.line, error.message) from None
    except RecursionError:
        raise YamlSyntaxError(None, "YAML 嵌套层次太深，请检查缩进和括号") from None
    except (YAMLError, MarkedYAMLError) as error:
        raise _syntax_error(error, text) from None


class _TolerantConstructor(RoundTripConstructor):
    """Round-trip constructor that keeps an impossible date (2026-02-30) as text."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_TolerantConstructor.add_constructor("tag:yaml.org,2002:timestamp", _TolerantConstructor.construct_yaml_timestamp)


def _represent_none(representer: RoundTripRepresenter, _data: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _round_trip(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    yaml = YAML()
    yaml.Constructor = _TolerantConstructor
    yaml.width = 4096
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    yaml.representer.add_representer(type(None), _represent_none)
    # A date shared by two fields must be written twice, never as an anchor and alias.
    yaml.representer.ignore_aliases = lambda _data: True
    return yaml


def load_located(text: str) -> Any:
    """Parse in round-trip mode: slower, but every key knows its line. Only for text load_fast has
    read (or refused): the same checks for depth and aliases run first."""
    try:
        fastyaml.scan(text)
        return _round_trip().load(text)
    except fastyaml.Refused as error:
        raise YamlSyntaxError(error.line, error.message) from None
    except RecursionError:
        raise YamlSyntaxError(None, "YAML 嵌套层次太深，请检查缩进和括号") from None
    except (YAMLError, MarkedYAMLError) as error:
        raise _syntax_error(error, text) from None


def line_of(document: Any, keypath: KeyPath) -> int | None:
    """The 1-based line of a key path in a round-trip document (the nearest existing parent)."""
    node = document
    line: int | None = None
    for key in keypath:
        try:
            if isinstance(node, CommentedMap) and key in node:
                line = node.lc.key(key)[0] + 1
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
                line = node.lc.item(key)[0] + 1
                node = node[key]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    if line is None and hasattr(document, "lc"):
        return 1
    return line


# -- writing ------------------------------------------------------------------------------------

_FLOW_LISTS = frozenset({"主办单位", "协办单位", "知情范围", "经办人"})
_FLOW_MAPS = frozenset({"来源"})


def _is_multiline(value: Any) -> bool:
    return isinstance(value, str) and "\n" in value.strip("\n")


def _to_node(value: Any, key: Any = None) -> Any:
    """A plain value as a round-trip node, styled as a clerk would write it."""
    if isinstance(value, Mapping):
        node = CommentedMap()
        for k, v in value.items():
            node[k] = _to_node(v, k)
        if key in _FLOW_MAPS or (key is None and not any(_is_multiline(v) for v in value.values())):
            node.fa.set_flow_style()
        else:
            node.fa.set_block_style()
        return node
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(_to_node(v) for v in value)
        if key in _FLOW_LISTS or (all(not isinstance(v, (Mapping, list, tuple)) for v in value) and value):
            seq.fa.set_flow_style()
        if not value:
            seq.fa.set_flow_style()
        return seq
    if _is_multiline(value):
        return LiteralScalarString(value if value.endswith("\n") else value + "\n")
    if isinstance(value, str) and value.endswith("\n"):
        return value.rstrip("\n")
    return value


def _same_scalar(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return isinstance(old, bool) and isinstance(new, bool) and old == new
    if isinstance(old, dt.datetime) or isinstance(new, dt.datetime):
        return False
    if isinstance(old, str) and isinstance(new, str):
        return old.rstrip("\n") == new.rstrip("\n")
    return type(old) is type(new) and old == new


def merge_into(node: Any, new: Any, key: Any = None) -> Any:
    """Update a round-trip node to equal `new`, keeping what did not change untouched."""
    if isinstance(node, CommentedMap) and isinstance(new, Mapping):
        for k in list(node):
            if k not in new:
                del node[k]
        previous = None
        for k, v in new.items():
            if k in node:
                node[k] = merge_into(node[k], v, k)
            else:
                position = list(node).index(previous) + 1 if previous is not None else 0
                node.insert(position, k, _to_node(v, k))
            previous = k
        return node
    if isinstance(node, CommentedSeq) and isinstance(new, (list, tuple)):
        if not new:
            if node:
                return _to_node([], key)
            return node
        for index, v in enumerate(new):
            if index < len(node):
                node[index] = merge_into(node[index], v)
            else:
                node.append(_to_node(v))
        del node[len(new) :]
        if node.fa.flow_style() and any(isinstance(v, Mapping) for v in new):
            node.fa.set_block_style()
        return node
    if not isinstance(node, (CommentedMap, CommentedSeq)) and not isinstance(new, (Mapping, list, tuple)):
        if _same_scalar(node, new):
            return node
    return _to_node(new, key)


# A plain scalar inside [ ] or { } must not hold flow indicators or start like YAML syntax,
# or a strict parser (libyaml) cannot read it back: such text is written double-quoted.
_PLAIN_IN_FLOW = caselines.PLAIN


def _guard_flow(node: Any, inside_flow: bool = False) -> None:
    """Quote plain text that a flow collection cannot hold; inside a flow collection everything
    is written in flow style, whatever its own flag says."""
    if not isinstance(node, (CommentedMap, CommentedSeq)):
        return
    flow = inside_flow or bool(node.fa.flow_style())
    slots = list(node.items()) if isinstance(node, CommentedMap) else list(enumerate(node))
    for slot, value in slots:
        if flow and isinstance(value, str) and not isinstance(value, ScalarString) and value:
            if not _PLAIN_IN_FLOW.fullmatch(value):
                node[slot] = DoubleQuotedScalarString(value)
        else:
            _guard_flow(value, flow)


def _guess_indent(text: str) -> tuple[int, int, int]:
    """The indentation a file already uses: (mapping, sequence, dash offset)."""
    from ruamel.yaml.util import load_yaml_guess_indent

    try:
        _, indent, offset = load_yaml_guess_indent(text)
    except Exception:
        return 2, 4, 2
    if not indent or offset is None:
        return 2, 4, 2
    return 2, int(indent), int(offset)


def dump_merged(existing_text: str | None, mapping: Any) -> str:
    """The text of a file holding `mapping`, merged into the existing text when there is one."""
    if existing_text is None:
        yaml = _round_trip()
        document = _to_node(mapping)
        document.fa.set_block_style()
    else:
        yaml = _round_trip(*_guess_indent(existing_text))
        document = merge_into(yaml.load(existing_text), mapping)
    _guard_flow(document)
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue()


def dump_new(mapping: Any) -> str:
    return dump_merged(None, mapping)


# -- a fast writer for new files ----------------------------------------------------------------------
#
# ruamel's emitter spends about 10 ms on a new case file; a task table of a thousand rows spent most
# of its time there. A new file has no comments or layout to keep, so it is written here directly,
# in the layout ruamel gives (flow maps for 来源 and for each event, flow lists of names, literal
# blocks for text of several lines). Text is written plain only when it is plainly text; anything
# else is double-quoted. tests/test_fastyaml.py proves that what is written reads back to the same
# values and passes through a later round-trip merge unchanged.

# The escapes ruamel's emitter writes in double-quoted text, so that a later round trip keeps them.
_DOUBLE_ESCAPES = {
    "\0": "\\0", "\x07": "\\a", "\x08": "\\b", "\t": "\\t", "\n": "\\n", "\x0b": "\\v", "\x0c": "\\f",
    "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\", "\x85": "\\N", "\xa0": "\\_", "\u2028": "\\L",
    "\u2029": "\\P",
}  # fmt: skip


def _scalar_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        # The same test as for plain text inside [ ] and { }: conservative in block context too.
        # "..." starts a document end marker at a line's start: quoted, as ruamel quotes it.
        if (
            value.isprintable()
            and not value.startswith("...")
            and _PLAIN_IN_FLOW.fullmatch(value)
            and caselines.resolve_plain_safe(value) == value
        ):
            return value
        return '"' + "".join(_escape(ch) for ch in value) + '"'
    raise TypeError(type(value))


def _escape(ch: str) -> str:
    if ch in _DOUBLE_ESCAPES:
        return _DOUBLE_ESCAPES[ch]
    code = ord(ch)
    if 0x20 <= code <= 0x7E or (
        (0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code < 0x10FFFF) and ch != "\ufeff"
    ):
        return ch
    if code <= 0xFF:
        return f"\\x{code:02X}"
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def _literal(value: Any) -> bool:
    """Text written as a literal block (|): several lines, one final line break, nothing that a
    block could not hold as it is."""
    if not isinstance(value, str) or "\n" not in value.rstrip("\n") or not value.endswith("\n"):
        return False
    body = value[:-1]
    return (
        not value.endswith("\n\n")
        and not body.startswith((" ", "\n"))
        and all(ch.isprintable() or ch == "\n" for ch in body)
        and not any(line != line.rstrip() for line in body.split("\n"))
    )


def _flow(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_scalar_text(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar_text(value)


def _block_lines(key: str, value: Any, indent: str) -> list[str]:
    if _literal(value):
        inner = indent + "  "
        return [f"{indent}{key}: |"] + [inner + line if line else "" for line in value[:-1].split("\n")]
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Mapping) for v in value):
        lines = [f"{indent}{key}:"]
        for item in value:
            if any(_literal(v) for v in item.values()):
                first = True
                for k, v in item.items():
                    sub = _block_lines(_scalar_text(k), v, indent + "    ")
                    sub[0] = (indent + "  - " + sub[0].lstrip()) if first else sub[0]
                    lines += sub
                    first = False
            else:
                lines.append(f"{indent}  - {_flow(item)}")
        return lines
    return [f"{indent}{key}: {_flow(value)}"]


def dump_fast(mapping: Mapping[str, Any]) -> str:
    """The text of a new case file (no comments to keep), as dump_new would lay it out; falls back
    to dump_new for any value this writer does not handle."""
    try:
        lines: list[str] = []
        for key, value in mapping.items():
            lines += _block_lines(_scalar_text(key), value, "")
        return "\n".join(lines) + "\n"
    except TypeError:
        return dump_new(mapping)
