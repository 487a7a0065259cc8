"""A filled 政务督办报告 saved through LibreOffice as .doc (as a unit on WPS or old Word sends it back)
and imported: the report a clerk would have typed, found exactly. Needs LibreOffice."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from conftest import Duban  # noqa: E402
from reportfill import fill  # noqa: E402
from test_report_import import TEXT, form, new_office, reports  # noqa: E402

pytestmark = pytest.mark.print_check
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if not SOFFICE and not os.environ.get("DUBAN_PRINT_REQUIRED"):
    pytestmark = [pytestmark, pytest.mark.skip(reason="需要 LibreOffice")]


def test_a_form_saved_as_doc_and_imported(tmp_path: Path) -> None:
    from duban.render.docprops import read_properties
    from duban.render.pdf import convert

    office: Duban = new_office(tmp_path / "office")
    filled = fill(form(office, tmp_path), tmp_path / "住建局.docx", TEXT, "王强", mark="√")
    doc = tmp_path / "住建局.doc"
    doc.write_bytes(convert(filled, "doc"))
    assert doc.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # an OLE2 Word 97 file, not a zip
    # LibreOffice keeps the custom properties through .doc and back.
    back = tmp_path / "back"
    back.mkdir()
    (back / "住建局.doc").write_bytes(doc.read_bytes())
    assert read_properties(convert(back / "住建局.doc", "docx")).get("DubanCase") == "2026-0001"
    office.today = "2026-10-09"
    office("import", "report", str(doc))
    clerk = new_office(tmp_path / "clerk")
    clerk.today = "2026-10-09"
    clerk("report", "2026-0001", "--unit", "住建局", "--signer", "王强", "--text", TEXT, "--final")
    assert reports(office) == reports(clerk)
    event = json.loads(office("show", "2026-0001", "--json").stdout)["办理过程"][-1]
    assert event["报告文件"] == "住建局.doc" and event["联系电话"] == "13800001111"
