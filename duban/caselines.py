"""The line reader: case files in the layout duban writes, read line by line without a YAML parser.

Nearly every case file is laid out exactly as duban writes it (yamlio.dump_fast, or ruamel's
round trip, which gives the same layout): one top-level key a line, flow maps and lists on one
line, events as "  - {…}" lines, literal blocks (|) for text of several lines. This reader
accepts only that layout, strictly — plain text only where the writer would leave it plain,
double quotes with the escapes YAML defines, one space after each colon and comma — and raises
Fallback for anything else (a comment, a tab, a nested block, other spacing), so that the caller
reads the file with the YAML parser instead. Within what it accepts, YAML has one reading, and
tests/test_caselines.py checks it against ruamel's safe loader on generated and mutated files.
It reads a case file in about a quarter of the time the parser's events take.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any


class Fallback(Exception):
    """The text uses YAML this reader leaves to a fuller one (duban.fastyaml, then ruamel)."""


# -- plain scalars ------------------------------------------------------------------------------------

# ruamel's YAML 1.2 implicit resolvers for the types other than a string (kind, pattern, flags, first
# characters), written out so that reading a case file does not import ruamel; a test checks that
# they are still exactly ruamel's (duban.fastyaml.typed_patterns).
TYPED_PATTERNS = [
    ("bool", "^(?:true|True|TRUE|false|False|FALSE)$", 96, "tTfF"),
    ("float", "^(?:\n         [-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?\n        |[-+]?(?:[0-9][0-9_]*)"
     "(?:[eE][-+]?[0-9]+)\n        |[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?\n        |[-+]?\\.(?:inf|Inf|INF)\n"
     "        |\\.(?:nan|NaN|NAN))$", 96, "-+0123456789."),
    ("int", "^(?:[-+]?0b[0-1_]+\n        |[-+]?0o?[0-7_]+\n        |[-+]?[0-9_]+\n        |[-+]?0x[0-9a-fA-F_]+)$",
     96, "-+0123456789"),
    ("merge", "^(?:<<)$", 32, "<"),
    ("null", "^(?: ~\n        |null|Null|NULL\n        | )$", 96, "~nN"),
    ("timestamp", "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]\n        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? "
     "-[0-9][0-9]?\n        (?:[Tt]|[ \\t]+)[0-9][0-9]?\n        :[0-9][0-9] :[0-9][0-9] (?:\\.[0-9]*)?\n"
     "        (?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$", 96, "0123456789"),
    ("value", "^(?:=)$", 32, "="),
    ("yaml", "^(?:!|&|\\*)$", 32, "!&*"),
]  # fmt: skip
_typed: list[tuple[str, re.Pattern[str], str]] = []

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_NUMBERED = re.compile(r"[0-9]+-[0-9]+\Z")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


def resolve_plain(value: str) -> Any:
    """A plain (unquoted) scalar as YAML 1.2 reads it; forms beyond the simple ones raise Fallback."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    # What nearly every case file holds, answered before the patterns above are compiled (about
    # 1.5 ms a process): every pattern is ASCII; a plain integer is not a float; a day is only a
    # timestamp; digits with one inner hyphen (a case number) are none of them.
    if not value.isascii():
        return value
    if _INT.match(value):
        return int(value)
    match = _DATE.match(value)
    if match:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))  # an impossible day: ValueError
    if _NUMBERED.match(value):
        return value
    if not _typed:
        _typed.extend((kind, re.compile(pattern, flags), first) for kind, pattern, flags, first in TYPED_PATTERNS)
    head = value[0]
    for kind, regexp, first in _typed:
        if head in first and regexp.match(value):
            if kind == "int" and _INT.match(value):
                return int(value)
            match = _DATE.match(value) if kind == "timestamp" else None
            if match:
                # A date that does not exist raises ValueError, as ruamel does.
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            raise Fallback(value)
    return value


def resolve_plain_safe(value: str) -> Any:
    """What a plain scalar reads back as, or a sentinel when the readers would leave it to ruamel
    (so the writer quotes it)."""
    try:
        return resolve_plain(value)
    except (Fallback, ValueError):
        return Fallback


# -- the layout ---------------------------------------------------------------------------------------

# Text a flow collection can hold unquoted (and that the writer leaves plain in block context too):
# no indicator, no leading or trailing space, no line break or tab.
PLAIN = re.compile(r"[^\s:,\[\]{}#&*!|>'\"%@`?\-][^:,\[\]{}#&*!|>'\"%@`?\n\t]*(?<!\s)")

_ESCAPES = {
    "0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
    "P": "\u2029",
}  # fmt: skip
_HEX_LENGTH = {"x": 2, "u": 4, "U": 8}
_HEX = frozenset("0123456789abcdefABCDEF")


def load(text: str) -> dict[str, Any]:
    """The mapping a case file holds, or Fallback when the file is not in duban's layout."""
    if not text.endswith("\n") or "\r" in text:
        raise Fallback("line ends")
    lines = text[:-1].split("\n")
    if not "".join(lines).isprintable():  # tabs, control characters, other line breaks, a BOM
        raise Fallback("unprintable")
    mapping, index = _mapping(lines, 0, "")
    if index != len(lines) or not mapping:
        raise Fallback("layout")
    return mapping


# Plain text read before, and what it reads as: a case file repeats its keys, names and dates.
# The readers below look here first (a miss is _MISSING: a plain text may read as None).
_known: dict[str, Any] = {}
_keys: dict[str, str] = {}  # the same for keys, which must read as themselves
_KNOWN_LIMIT = 200_000
_MISSING: Any = object()


def _plain(text: str) -> Any:
    try:
        return _known[text]
    except KeyError:
        pass
    if not PLAIN.fullmatch(text):
        raise Fallback("plain")
    value = resolve_plain(text)  # an impossible date raises ValueError, as ruamel's loader does
    if len(_known) < _KNOWN_LIMIT:
        _known[text] = value
    return value


def _key(text: str) -> str:
    if text.startswith(("---", "...")) or _plain(text) != text:
        raise Fallback("key")  # a key that reads as a number, a date, true or null; or a marker
    if len(_keys) < _KNOWN_LIMIT:
        _keys[text] = text
    return text


def _mapping(lines: list[str], index: int, indent: str, first: str | None = None) -> tuple[dict[str, Any], int]:
    """A block mapping whose keys stand at indent; first, when given, is its first line's text
    after "- " (a mapping that starts on a sequence item's line)."""
    mapping: dict[str, Any] = {}
    width = len(indent)
    while True:
        if first is not None:
            body, first = first, None
        else:
            if index >= len(lines):
                break
            line = lines[index]
            if not line.startswith(indent) or len(line) == width or line[width] == " ":
                break
            body = line[width:]
            if body.startswith("- "):
                break
            index += 1
        key_text, colon, rest = body.partition(":")
        if not colon:
            raise Fallback("no colon")
        key = _keys.get(key_text) or _key(key_text)
        if key in mapping:
            raise Fallback("duplicate key")
        value: Any
        if rest == "":
            value, index = _items(lines, index, indent)
        elif rest == " |":
            value, index = _literal(lines, index, indent + "  ")
        elif rest[:1] == " " and rest[1:2] != " ":
            value = _known.get(rest[1:], _MISSING)
            if value is _MISSING:
                value = _whole(rest[1:])
        else:
            raise Fallback("spacing")
        mapping[key] = value
    return mapping, index


def _items(lines: list[str], index: int, indent: str) -> tuple[list[Any] | None, int]:
    """The block sequence after "key:" (items at indent + "  - "), or None when there is none."""
    if len(indent) > 8:
        raise Fallback("deep")  # case files nest two levels; the fuller reader judges the rest
    prefix = indent + "  - "
    items: list[Any] = []
    while index < len(lines) and lines[index].startswith(prefix):
        body = lines[index][len(prefix) :]
        index += 1
        if body[:1] in ("{", "[", '"') or ":" not in body:
            items.append(_whole(body))
        else:
            item, index = _mapping(lines, index, indent + "    ", first=body)
            items.append(item)
    return (items if items else None), index


def _literal(lines: list[str], index: int, indent: str) -> tuple[str, int]:
    """A literal block (|, clip): the lines at indent, with empty lines between them."""
    body: list[str] = []
    width = len(indent)
    while index < len(lines):
        line = lines[index]
        if line == "":
            if not body:
                raise Fallback("leading empty line")
            body.append("")
        elif line.startswith(indent):
            if not body and line[width : width + 1] == " ":
                raise Fallback("indentation")
            if line.strip() == "":
                raise Fallback("blank line with spaces")
            body.append(line[width:])
        else:
            break
        index += 1
    while body and body[-1] == "":
        body.pop()
    if not body:
        raise Fallback("empty block")
    return "\n".join(body) + "\n", index


_NESTING = re.compile(r'[\[\]{}"]')


def _whole(text: str) -> Any:
    head = text[:1]
    if head not in ("{", "[", '"'):
        return _plain(text)
    inner = text[1:-1]
    if inner and not _NESTING.search(inner):
        # The common case, a flat map or list of plain text: split at ", " and ": ". Plain text
        # holds no comma or colon, so a piece that is not plain text was split wrongly: Fallback.
        if head == "{" and text[-1] == "}":
            mapping: dict[str, Any] = {}
            for item in inner.split(", "):
                key, colon, value = item.partition(": ")
                if not colon or (_keys.get(key) or _key(key)) in mapping:
                    raise Fallback("flow map")
                known = _known.get(value, _MISSING)
                mapping[key] = _plain(value) if known is _MISSING else known
            return mapping
        if head == "[" and text[-1] == "]":
            return [_plain(item) for item in inner.split(", ")]
    value, end = _flow(text, 0, top=True)
    if end != len(text):
        raise Fallback("trailing text")
    return value


def _flow(text: str, at: int, top: bool = False, depth: int = 0) -> tuple[Any, int]:
    if depth > 4:
        raise Fallback("deep")  # the fuller reader refuses what is too deep, with a message
    head = text[at : at + 1]
    if head == "{":
        mapping: dict[str, Any] = {}
        at += 1
        if text.startswith("}", at):
            return mapping, at + 1
        while True:
            colon = text.find(": ", at)
            if colon < 0:
                raise Fallback("flow key")
            key = _key(text[at:colon])
            if key in mapping:
                raise Fallback("duplicate key")
            mapping[key], at = _flow(text, colon + 2, depth=depth + 1)
            if text.startswith(", ", at):
                at += 2
            elif text.startswith("}", at):
                return mapping, at + 1
            else:
                raise Fallback("flow map")
    if head == "[":
        items: list[Any] = []
        at += 1
        if text.startswith("]", at):
            return items, at + 1
        while True:
            item, at = _flow(text, at, depth=depth + 1)
            items.append(item)
            if text.startswith(", ", at):
                at += 2
            elif text.startswith("]", at):
                return items, at + 1
            else:
                raise Fallback("flow list")
    if head == '"':
        return _quoted(text, at + 1)
    end = len(text) if top else _plain_end(text, at)
    return _plain(text[at:end]), end


def _plain_end(text: str, at: int) -> int:
    ends = [i for i in (text.find(",", at), text.find("]", at), text.find("}", at)) if i >= 0]
    return min(ends) if ends else len(text)


def _quoted(text: str, at: int) -> tuple[str, int]:
    out: list[str] = []
    start = at
    while True:
        quote = text.find('"', at)
        slash = text.find("\\", at, quote if quote >= 0 else len(text))
        if quote < 0:
            raise Fallback("open quote")
        if slash < 0:
            out.append(text[start:quote])
            return "".join(out), quote + 1
        out.append(text[start:slash])
        code = text[slash + 1 : slash + 2]
        if code in _ESCAPES:
            out.append(_ESCAPES[code])
            at = slash + 2
        elif code in _HEX_LENGTH:
            digits = text[slash + 2 : slash + 2 + _HEX_LENGTH[code]]
            if len(digits) != _HEX_LENGTH[code] or not set(digits) <= _HEX:
                raise Fallback("escape")
            number = int(digits, 16)
            if 0xD800 <= number <= 0xDFFF or number > 0x10FFFF:
                raise Fallback("escape")
            out.append(chr(number))
            at = slash + 2 + len(digits)
        else:
            raise Fallback("escape")
        start = at
