"""What identifies a 政务督办报告 form: the office, the case, the lead unit and the notice it went
with (the 交办 it was issued on), kept in the saved .docx's custom document properties
(docProps/custom.xml, which python-docx has no API for) and as a short reference code (表单码,
e.g. 9F3K-2026-0017-01) a clerk can type, whose first group is a checksum of the rest. Written into
a file after word.to_docx saved it; read back from the filled form by importers/reportform.py."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

from duban.records import NamedTuple

CUSTOM_PART = "docProps/custom.xml"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
PROPERTY_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one Word gives user-defined properties

# The properties' names: ASCII, as Word, WPS and LibreOffice all keep them.
NAMES = {
    "office": "DubanOffice",
    "case_id": "DubanCase",
    "unit": "DubanUnit",
    "index": "DubanUnitIndex",
    "doc_number": "DubanNotice",
    "issued": "DubanIssued",
    "code": "DubanFormCode",
}
CODE_LABEL = "表单码"
# No 0/O, 1/I: a code read off paper and typed.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE = re.compile(r"([2-9A-HJ-NP-Z]{4})[-－—–]\s*(\d{4})[-－—–]\s*(\d{4,5})[-－—–]\s*(\d{2})")


class FormIdentity(NamedTuple):
    """Which form this is: whose, for which case and lead unit, issued with which notice."""

    office: str
    case_id: str
    unit: str
    place: int  # the unit's place among the case's lead units, from 1
    doc_number: str  # the notice's 文号
    issued: str  # the 交办's date, ISO: which notice (a case assigned again gets a new form)

    @property
    def code(self) -> str:
        return form_code(self)

    def properties(self) -> dict[str, str]:
        return {
            NAMES["office"]: self.office,
            NAMES["case_id"]: self.case_id,
            NAMES["unit"]: self.unit,
            NAMES["index"]: str(self.place),
            NAMES["doc_number"]: self.doc_number,
            NAMES["issued"]: self.issued,
            NAMES["code"]: self.code,
        }


def checksum(office: str, case_id: str, unit: str, issued: str, index: int) -> str:
    digest = hashlib.sha256(f"{office}|{case_id}|{unit}|{issued}|{index}".encode()).digest()
    number = int.from_bytes(digest[:4], "big")
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(4))


def form_code(identity: FormIdentity) -> str:
    """9F3K-2026-0017-01: checksum, case number, the unit's place among the lead units."""
    check = checksum(identity.office, identity.case_id, identity.unit, identity.issued, identity.place)
    return f"{check}-{identity.case_id}-{identity.place:02d}"


class Code(NamedTuple):
    check: str
    case_id: str
    place: int


def find_code(text: str) -> Code | None:
    """The first 表单码 in a text, however it was typed (full-width dashes, spaces, lower case)."""
    match = CODE.search(text.upper())
    if match is None:
        return None
    return Code(match.group(1), f"{match.group(2)}-{match.group(3)}", int(match.group(4)))


def identity_from(properties: dict[str, str]) -> FormIdentity | None:
    """The identity the custom properties hold; None when the file has none of duban's."""
    if not properties.get(NAMES["case_id"]):
        return None
    try:
        index = int(properties.get(NAMES["index"], "0") or 0)
    except ValueError:
        index = 0
    return FormIdentity(
        properties.get(NAMES["office"], ""),
        properties.get(NAMES["case_id"], ""),
        properties.get(NAMES["unit"], ""),
        index,
        properties.get(NAMES["doc_number"], ""),
        properties.get(NAMES["issued"], ""),
    )


# -- writing ---------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def custom_xml(properties: dict[str, str]) -> bytes:
    items = "".join(
        f'<property fmtid="{PROPERTY_FMTID}" pid="{pid}" name="{_escape(name)}"><vt:lpwstr>{_escape(value)}'
        "</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), 2)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="{CUSTOM_NS}" '
        f'xmlns:vt="{VT_NS}">{items}</Properties>'
    ).encode()


def with_properties(data: bytes, properties: dict[str, str]) -> bytes:
    """The .docx's bytes with these custom properties (any earlier custom part replaced)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == CUSTOM_PART:
                continue
            if item.filename == "[Content_Types].xml" and b"/docProps/custom.xml" not in content:
                override = f'<Override PartName="/{CUSTOM_PART}" ContentType="{CUSTOM_TYPE}"/>'
                content = content.replace(b"</Types>", override.encode() + b"</Types>")
            if item.filename == "_rels/.rels" and CUSTOM_PART.encode() not in content:
                ids = {int(n) for n in re.findall(rb'Id="rId(\d+)"', content)}
                rel = f'<Relationship Id="rId{max(ids, default=0) + 1}" Type="{CUSTOM_REL}" Target="{CUSTOM_PART}"/>'
                content = content.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            target.writestr(item, content)
        target.writestr(CUSTOM_PART, custom_xml(properties))
    return out.getvalue()


def stamp(path: Path, identity: FormIdentity, printed: bool = True) -> None:
    """Mark a saved form: its custom properties and, unless the form's text already prints it, the
    表单码 in small type at the right of the page header (outside the text area: the form's one page
    is not moved). Written whole, in place."""
    from duban import atomic

    data = path.read_bytes()
    if printed and identity.code not in _body_text(data):
        data = _with_header_line(data, f"{CODE_LABEL} {identity.code}")
    atomic.write_bytes(path, with_properties(data, identity.properties()))


def _body_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8", "replace")
    return "".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml))


def _with_header_line(data: bytes, text: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document(io.BytesIO(data))
    for section in document.sections:
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        if paragraph.text.strip():
            paragraph = header.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(text)
        run.font.size = Pt(9)
        run.font.name = "宋体"
        fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), "宋体")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- reading ---------------------------------------------------------------------------------------


def read_properties(data: bytes) -> dict[str, str]:
    """A .docx's custom properties as text (any type read as its text); {} when it has none."""
    from lxml import etree  # type: ignore[import-untyped]

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if CUSTOM_PART not in archive.namelist():
                return {}
            root = etree.fromstring(archive.read(CUSTOM_PART))
    except (zipfile.BadZipFile, OSError, ValueError, etree.XMLSyntaxError):
        return {}
    out: dict[str, str] = {}
    for item in root:
        name = item.get("name")
        if name:
            out[name] = "".join(item.itertext()).strip()
    return out


def header_text(data: bytes) -> str:
    """The text of the file's page headers and footers (where the 表单码 is printed)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [n for n in archive.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n)]
            xml = "".join(archive.read(n).decode("utf-8", "replace") for n in parts)
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""
    return "".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml))
