"""A fast reader for case files: ruamel's C parser for events, a small builder in Python for values.

ruamel's safe loader spends most of its time constructing Python objects through a general,
versioned resolver (about 0.8 ms for a case file). Case files use a tiny part of YAML, so this
module builds them straight from the C parser's events (about 0.2 ms). Whatever falls outside
that part (tags, anchors, merge keys, duplicate keys, numbers other than plain decimal integers,
times) raises Fallback, and the caller reads the file with ruamel's safe loader instead, so the
result is always what ruamel would give.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import CParser  # type: ignore[attr-defined]
from ruamel.yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from duban.caselines import Fallback as Fallback
from duban.caselines import resolve_plain


class Refused(Exception):
    """The text uses YAML that duban's files never need and that can hurt: anchors and aliases (an
    alias bomb expands to gigabytes), or nesting deeper than MAX_DEPTH (exhausts the stack)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


MAX_DEPTH = 12


def typed_patterns() -> list[tuple[str, str, int, str]]:
    """ruamel's own YAML 1.2 implicit resolvers for every type other than a string, as (kind,
    pattern, flags, first characters): tests/test_fastyaml.py checks that duban.caselines uses
    exactly these, so that what counts as "not a string" can never drift from what ruamel decides."""
    from ruamel.yaml.resolver import implicit_resolvers

    out = []
    for versions, tag, regexp, first in implicit_resolvers:
        if (1, 2) in versions:
            compiled = regexp.lazy_self() if hasattr(regexp, "lazy_self") else regexp
            out.append((tag.rsplit(":", 1)[-1], compiled.pattern, compiled.flags, "".join(first)))
    return out


def _scalar(event: ScalarEvent) -> Any:
    if event.tag is not None:
        raise Fallback("tag")
    if event.implicit[0] and not event.style:
        return resolve_plain(event.value)
    return event.value


def load(text: str) -> Any:
    """The single document of text, built from parser events; raises Fallback when unsure."""
    parser = CParser(text)
    try:
        event = parser.get_event()
        if not isinstance(event, StreamStartEvent):
            raise Fallback("stream")
        event = parser.get_event()
        if isinstance(event, StreamEndEvent):
            return None
        if not isinstance(event, DocumentStartEvent):
            raise Fallback("document")
        value = _node(parser, parser.get_event(), 1)
        if not isinstance(parser.get_event(), DocumentEndEvent):
            raise Fallback("document end")
        if not isinstance(parser.get_event(), StreamEndEvent):
            raise Fallback("several documents")
        return value
    finally:
        parser.dispose()


def _line(event: Any) -> int:
    mark = getattr(event, "start_mark", None)
    return int(getattr(mark, "line", 0)) + 1


def _node(parser: Any, event: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise Refused(_line(event), f"嵌套超过 {MAX_DEPTH} 层，不像是督办室的文件，请检查缩进和括号")
    if getattr(event, "anchor", None) is not None or isinstance(event, AliasEvent):
        raise Refused(_line(event), "不能使用 YAML 的锚点和别名（& 和 *），请把内容直接写出")
    if isinstance(event, ScalarEvent):
        return _scalar(event)
    if isinstance(event, MappingStartEvent):
        if event.tag is not None:
            raise Fallback("tagged mapping")
        mapping: dict[Any, Any] = {}
        while True:
            key_event = parser.get_event()
            if isinstance(key_event, MappingEndEvent):
                return mapping
            if not isinstance(key_event, ScalarEvent):
                raise Fallback("complex key")
            key = _scalar(key_event)
            if key == "<<" or key in mapping or isinstance(key, bool) or key is None:
                raise Fallback("merge, duplicate or odd key")
            mapping[key] = _node(parser, parser.get_event(), depth + 1)
    if isinstance(event, SequenceStartEvent):
        if event.tag is not None:
            raise Fallback("tagged sequence")
        items: list[Any] = []
        while True:
            item_event = parser.get_event()
            if isinstance(item_event, SequenceEndEvent):
                return items
            items.append(_node(parser, item_event, depth + 1))
    raise Fallback(type(event).__name__)


def scan(text: str) -> None:
    """Walk the text's events only, raising Refused for anchors, aliases or too deep nesting: the
    guard before a text goes to a loader that would build them (ruamel's)."""
    parser = CParser(text)
    depth = 0
    try:
        while True:
            event = parser.get_event()
            if isinstance(event, StreamEndEvent):
                return
            if getattr(event, "anchor", None) is not None or isinstance(event, AliasEvent):
                raise Refused(_line(event), "不能使用 YAML 的锚点和别名（& 和 *），请把内容直接写出")
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise Refused(_line(event), f"嵌套超过 {MAX_DEPTH} 层，不像是督办室的文件，请检查缩进和括号")
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                depth -= 1
    finally:
        parser.dispose()
