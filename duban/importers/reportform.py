"""A filled 政务督办报告 read back: the form's identity (its custom properties, the printed 表单码),
and its table read by its labels (督办编号, 办理情况, 办理结果, 第一责任人（签发）, 联系人, 报送日期),
whatever Word or WPS did to it: text typed in runs split anyhow, paragraphs pasted into a cell, a
merge undone or a label joined with its value, a row added or split; 办理结果 ticked with ☑ ■ √ ✓ ✔ ☒
(or a Wingdings symbol), or by deleting the other choice. A unit's answer in its own layout is
read from its text: 督办编号 or the notice's 文号 in the first lines, the unit in the first or last
lines, 签发人 and 联系人 where they are written. .doc and .wps go through LibreOffice."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

from duban.errors import InputError
from duban.records import NamedTuple
from duban.render.docprops import Code, FormIdentity, find_code, header_text, identity_from, read_properties

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FORM = "表单"
OWN = "自拟"
FINAL = "已办结"
ONGOING = "正在办理"
BOTH = "两项都勾选"

# The form's labels, as a unit may leave them (spaces, half-width brackets, a colon), and the field each names.
LABELS = {
    "督办编号": "case_id",
    "编号": "case_id",
    "督办文号": "doc_number",
    "文号": "doc_number",
    "事项名称": "title",
    "主办单位": "unit",
    "报送单位": "unit",
    "协办单位": "co_units",
    "办理时限": "deadline",
    "报送日期": "date",
    "办理情况": "text",
    "办理结果": "result",
    "第一责任人(签发)": "signer",
    "第一责任人": "signer",
    "签发人": "signer",
    "签发": "signer",
    "联系人": "contact",
    "联系电话": "phone",
    "电话": "phone",
}
_BY_LENGTH = sorted(LABELS, key=len, reverse=True)
TICKS = "☑■√✓✔☒✅●◼▣"
BOXES = "□☐◻▢"
# Word's Insert Symbol keeps a Wingdings character as <w:sym w:char="F0FE">: what each one shows.
WINGDINGS = {"F0FE": "☑", "F0FD": "☒", "F0FC": "✓", "F06E": "■", "F0A8": "□", "F06F": "□", "F078": "☒"}
PHONE = re.compile(r"(?:\+?86[-\s]?)?(?:1[3-9]\d{9}|0\d{2,3}[-－\s]?\d{7,8}(?:[-－转]\d{1,6})?|(?<!\d)\d{7,8}(?!\d))")
CASE_ID = re.compile(r"(?<!\d)(\d{4})\s*[-－—–]\s*(\d{4,5})(?!\d)")


class FilledForm(NamedTuple):
    """What one returned file says."""

    name: str  # the file's name, as messages give it
    layout: str  # 表单 (duban's form, its table found) or 自拟 (the unit's own layout)
    identity: FormIdentity | None  # from the custom properties
    code: Code | None  # the printed 表单码, where found
    case_id: str = ""
    doc_number: str = ""
    unit: str = ""
    text: str = ""  # 办理情况
    result: str = ""  # 已办结, 正在办理, 两项都勾选, or "" (nothing ticked)
    signer: str = ""
    contact: str = ""
    phone: str = ""
    date: str = ""  # 报送日期 as written (2026年10月9日), "" when left blank
    file_print: str = ""  # the file's content
    lines: tuple[str, ...] = ()  # the document's paragraphs, in order (own layout)

    @property
    def fields_print(self) -> str:
        """The filled fields: the same report saved again, or as another file, gives the same print;
        next month's progress report in the same words, dated anew, does not."""
        fields = (self.case_id, self.unit, self.signer, self.text, self.result, self.date)
        words = "|".join("".join(v.split()) for v in fields)
        return hashlib.sha256(words.encode()).hexdigest()[:16]


def read_form(path: Path, data: bytes) -> FilledForm:
    """A returned form (.docx, or .doc/.wps through LibreOffice) read: its identity and fields."""
    from duban.importers.wordfile import _converted, check_zip

    suffix = path.suffix.lower()
    file_print = hashlib.sha256(data).hexdigest()[:16]
    if suffix in (".doc", ".wps") and data[:4] != b"PK\x03\x04":
        data = _converted(path, data)
    elif suffix not in (".docx", ".doc", ".wps") and data[:4] != b"PK\x03\x04":
        raise InputError(f"{path.name} 不是 Word 文件（.docx、.doc 或 .wps），未登记任何报告")
    check_zip(data, path.name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise InputError(
            f"{path.name} 读不出来（不是完好的 Word 文件），请在 Word/WPS 里另存为 .docx 后再导入"
        ) from None
    from lxml import etree  # type: ignore[import-untyped]

    try:
        root = etree.fromstring(xml, etree.XMLParser(huge_tree=False, resolve_entities=False))
    except etree.XMLSyntaxError:
        raise InputError(f"{path.name} 的正文读不出来，请在 Word/WPS 里另存为 .docx 后再导入") from None
    identity = identity_from(read_properties(data))
    lines = _paragraph_lines(root)
    code = find_code(header_text(data)) or find_code("\n".join(lines))
    fields = _table_fields(root)
    name = path.name
    if sum(1 for key in ("case_id", "text", "result", "signer", "contact", "date") if key in fields) >= 3:
        text = fields.get("text", "").strip()
        after = _after_tables(root)
        if after and (not text or re.fullmatch(r"[（(]?(见|详见)附页[）)]?。?", "".join(text.split()))):
            text = "\n".join(after)
        contact, phone = split_contact(fields.get("contact", ""))
        phone = phone or _phone(fields.get("phone", ""))
        return FilledForm(
            name,
            FORM,
            identity,
            code,
            case_id=_case_id(fields.get("case_id", "")),
            doc_number=_one_line(fields.get("doc_number", "")),
            unit=_one_line(fields.get("unit", "")),
            text=text,
            result=read_result(fields.get("result", "")),
            signer=_name(fields.get("signer", "")),
            contact=contact,
            phone=phone,
            date=_date(fields.get("date", "")),
            file_print=file_print,
            lines=tuple(lines),
        )
    return own_layout(name, identity, code, lines, file_print)


# -- the document's text ---------------------------------------------------------------------------


def _paragraph_text(p: object) -> str:
    out: list[str] = []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}sym"):  # type: ignore[attr-defined]
        tag = node.tag
        if tag == f"{W}t":
            out.append(node.text or "")
        elif tag == f"{W}tab":
            out.append("\t")
        elif tag == f"{W}sym":
            out.append(WINGDINGS.get((node.get(f"{W}char") or "").upper(), ""))
        else:
            out.append("\n")
    return "".join(out)


def _cell_text(tc: object) -> str:
    return "\n".join(_paragraph_text(p) for p in tc.iter(f"{W}p"))  # type: ignore[attr-defined]


def _paragraph_lines(root: object) -> list[str]:
    """Every paragraph of the body, a table's included, in document order: non-empty, stripped."""
    body = root.find(f"{W}body")  # type: ignore[attr-defined]
    if body is None:
        return []
    out = []
    for p in body.iter(f"{W}p"):
        for line in _paragraph_text(p).splitlines():
            if line.strip():
                out.append(line.strip())
    return out


def _after_tables(root: object) -> list[str]:
    """Paragraphs after the form's table (text pasted below it), but the form's own 注 line."""
    body = root.find(f"{W}body")  # type: ignore[attr-defined]
    if body is None:
        return []
    children = list(body)
    last = max((i for i, child in enumerate(children) if child.tag == f"{W}tbl"), default=None)
    if last is None:
        return []
    out = []
    for child in children[last + 1 :]:
        if child.tag != f"{W}p":
            continue
        text = _paragraph_text(child).strip()
        if text and not text.startswith(("注：", "注:")):
            out.append(text)
    return out


def _label(text: str) -> tuple[str, str] | None:
    """A cell that is a label: (field, what follows the label in the same cell)."""
    flat = text.strip().replace("（", "(").replace("）", ")")
    squeezed = re.sub(r"[ \t\u3000]+", "", flat)
    for label in _BY_LENGTH:
        if squeezed.startswith(label):
            rest = squeezed[len(label) :]
            if not rest:
                return LABELS[label], ""
            if rest[0] in ":：\n":
                # The value keeps its own spaces and lines: cut it from the unsqueezed text.
                cut = _cut_after_label(flat, label)
                return LABELS[label], cut.lstrip(":： \t\u3000\n")
    return None


def _cut_after_label(text: str, label: str) -> str:
    seen = 0
    for position, char in enumerate(text):
        if char in " \t\u3000":
            continue
        seen += 1
        if seen == len(label):
            return text[position + 1 :]
    return ""


def _rows(root: object) -> list[list[str]]:
    rows = []
    for tbl in root.iter(f"{W}tbl"):  # type: ignore[attr-defined]
        for tr in tbl.iter(f"{W}tr"):
            if tr.getparent() is not tbl and tr.getparent().getparent() is not tbl:
                continue  # a nested table's row: read as its cell's text
            cells = []
            for tc in tr.iter(f"{W}tc"):
                if tc.getparent() is not tr and tc.getparent().getparent().getparent() is not tr:
                    continue
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                if merge is not None and merge.get(f"{W}val") != "restart":
                    continue  # the rest of a vertically merged cell: its text is above
                cells.append(_cell_text(tc))
            rows.append(cells)
    return rows


def _table_fields(root: object) -> dict[str, str]:
    """The form's fields read by their labels: a label's value is the cells right of it up to the
    next label (a value cell split by an undone merge: joined), or the rest of its own cell; a label
    with nothing after it in its row takes the next row when that row begins with no label."""
    fields: dict[str, str] = {}
    waiting = ""
    for cells in _rows(root):
        key = ""
        values: list[str] = []
        for text in cells:
            found = _label(text)
            if found is not None and found[0] not in fields:
                if key:
                    fields.setdefault(key, "\n".join(v for v in values if v.strip()))
                elif values and waiting:
                    fields.setdefault(waiting, "\n".join(v for v in values if v.strip()))
                key, values = found[0], [found[1]] if found[1].strip() else []
                waiting = ""
            else:
                values.append(text)
        if key:
            if any(v.strip() for v in values):
                fields.setdefault(key, "\n".join(v for v in values if v.strip()))
                waiting = ""
            else:
                waiting = key
        elif waiting and any(v.strip() for v in values):
            fields.setdefault(waiting, "\n".join(v for v in values if v.strip()))
            waiting = ""
    return {k: v for k, v in fields.items() if v.strip()}


# -- the fields ------------------------------------------------------------------------------------


def read_result(text: str) -> str:
    """办理结果 however it was ticked: one choice marked (☑ ■ √ ✓ ✔ ☒ before or after it), or the only
    choice left (the other deleted), or the only one whose box was taken away."""
    flat = "".join(text.split())
    marks: dict[str, str] = {}
    for option in (FINAL, ONGOING):
        at = flat.find(option)
        if at < 0:
            continue
        before = flat[at - 1] if at > 0 else ""
        end = at + len(option)
        after = flat[end] if end < len(flat) else ""
        if flat[end + 1 :].startswith((FINAL, ONGOING)):
            after = ""  # the mark before the next choice, not after this one
        if (before and before in TICKS) or (after and after in TICKS):
            marks[option] = "ticked"
        elif before and before in BOXES:
            marks[option] = "box"
        else:
            marks[option] = "bare"
    ticked = [o for o, m in marks.items() if m == "ticked"]
    if len(ticked) == 2:
        return BOTH
    if ticked:
        return ticked[0]
    if len(marks) == 1:
        return next(iter(marks))
    bare = [o for o, m in marks.items() if m == "bare"]
    if len(bare) == 1:
        return bare[0]
    return ""


def split_contact(text: str) -> tuple[str, str]:
    """联系人 张敏 13800001111, 张敏（电话：0571-8888888）: the name and the phone."""
    phone = _phone(text)
    rest = PHONE.sub(" ", text)
    rest = re.sub(r"(联系)?电话|手机|办公室|[:：,，;；()（）/、]", " ", rest)
    return _name(rest), phone


def _phone(text: str) -> str:
    match = PHONE.search(text)
    return re.sub(r"\s", "", match.group(0)) if match else ""


def _name(text: str) -> str:
    """A person's name as written (签发人 王强; a stamp's 签发：王强 同志), one line."""
    words = " ".join(text.split())
    words = re.sub(r"^(签发人?|第一责任人)[:：]?", "", words).strip()
    return words.removesuffix("同志").strip()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _case_id(text: str) -> str:
    match = CASE_ID.search(text)
    return f"{match.group(1)}-{match.group(2)}" if match else _one_line(text)


def _date(text: str) -> str:
    """报送日期 as written: 2026年10月9日, 2026-10-09, 2026.10.9; "" when the blanks were left."""
    flat = "".join(text.split())
    match = re.search(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})", flat)
    if match:
        return f"{int(match.group(1))}年{int(match.group(2))}月{int(match.group(3))}日"
    return "" if re.fullmatch(r"年?月?日?", flat.replace("年", "").replace("月", "").replace("日", "")) else flat


# -- a unit's own layout ---------------------------------------------------------------------------

_LINE_KEYS = re.compile(r"^(督办编号|督办文号|编号|签发人?|第一责任人|联系人|联系电话|电话|报送日期|办理结果)")
DOC_NUMBER = re.compile(r"[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]\s*(\d+)\s*号")
FIRST_LINES = 10


def own_layout(
    name: str, identity: FormIdentity | None, code: Code | None, lines: list[str], file_print: str
) -> FilledForm:
    """A report in the unit's own layout: its identity from its text where it can be read."""
    text = "\n".join(lines)
    case_id = ""
    match = re.search(r"督办编号[:：\s]*(\d{4})\s*[-－—–]\s*(\d{4,5})", text)
    if match:
        case_id = f"{match.group(1)}-{match.group(2)}"
    doc_number = ""
    for line in lines[:FIRST_LINES]:
        found = DOC_NUMBER.search(line)
        if found:
            doc_number = found.group(0)
            head = line[: found.start()].strip().rsplit(" ", 1)[-1]
            doc_number = re.sub(r"^.*?(\S*)$", r"\1", head) + found.group(0) if head else found.group(0)
            break
    signer = _after_key(text, r"(?:签发人?|第一责任人[（(]?签发[）)]?)")
    contact_line = _after_key(text, r"联系人", whole=True)
    contact, phone = split_contact(contact_line)
    phone = phone or _phone(_after_key(text, r"(?:联系)?电话", whole=True))
    result_line = _after_key(text, r"办理结果", whole=True)
    result = read_result(result_line) if result_line else ""
    if not result:
        title = "".join(lines[:FIRST_LINES])
        result = FINAL if "办结报告" in title or "办结情况" in title else ONGOING
    date = _date(_after_key(text, r"报送日期", whole=True))
    # The body: after the 主送 line (ending in a colon), without the lines that say who or when.
    start = next((i + 1 for i, line in enumerate(lines[:FIRST_LINES]) if line.endswith(("：", ":"))), 0)
    body = [line for line in lines[start:] if not _LINE_KEYS.match(line)]
    while body and (
        re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", body[-1]) or (len(body[-1]) <= 20 and _unitlike(body[-1]))
    ):
        body.pop()
    if not date:
        tail = [line for line in lines[-4:] if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", line)]
        date = tail[-1] if tail else ""
    return FilledForm(
        name,
        OWN,
        identity,
        code,
        case_id=case_id,
        doc_number=doc_number,
        unit="",
        text="\n".join(body),
        result=result,
        signer=_name(signer),
        contact=contact,
        phone=phone,
        date=date,
        file_print=file_print,
        lines=tuple(lines),
    )


def _unitlike(line: str) -> bool:
    return bool(re.search(r"(局|委|办|委员会|政府|公司|中心|街道|镇|乡|院|所|队)$", line))


def _after_key(text: str, key: str, whole: bool = False) -> str:
    """What follows `key：` on its line (a name: up to the next space when not whole)."""
    match = re.search(rf"(?m)^\s*{key}\s*[:：]\s*(.*)$", text) or re.search(rf"{key}\s*[:：]\s*([^\n]*)", text)
    if not match:
        return ""
    value = match.group(1).strip()
    return value if whole else (value.split()[0] if value.split() else "")


def doc_number_pattern(doc_format: str) -> re.Pattern[str]:
    """The office's 文号格式 (督〔{年}〕{序号}号) as a pattern giving the year and the serial."""
    pattern = re.escape(doc_format).replace(re.escape("{年}"), r"(?P<year>\d{4})")
    pattern = pattern.replace(re.escape("{序号}"), r"(?P<serial>\d+)")
    pattern = pattern.replace("〔", "[〔\\[［(（]").replace("〕", "[〕\\]］)）]")
    pattern = pattern.replace("\\〔", "[〔\\[［(（]").replace("\\〕", "[〕\\]］)）]")
    return re.compile(pattern)


def units_named(lines: tuple[str, ...], names: dict[str, str]) -> list[str]:
    """The units (full names) a text names in its first and last lines, the 落款 first: names maps every
    full and short name to the full name."""
    near = [*reversed(lines[-6:]), *lines[:FIRST_LINES]]
    found: list[str] = []
    for line in near:
        for name in sorted(names, key=len, reverse=True):
            if name in line and names[name] not in found:
                found.append(names[name])
    return found
