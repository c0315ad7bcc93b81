"""Workbooks as a spreadsheet program renders them: LibreOffice headless → PDF → text.

LibreOffice is installed by .ci/setup, so in CI a missing soffice fails the test; on a
developer machine without it the test is skipped and says why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from coalition_desk.domain import records as rec
from coalition_desk.reports import export_register, write_meeting_pack
from coalition_desk.services import meetings
from coalition_desk.services.crud import Writer

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf_text(workbook: Path, folder: Path) -> list[str]:
    if SOFFICE is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice and poppler must be installed in CI (.ci/setup)")
        pytest.skip("LibreOffice (soffice) or pdftotext is not installed here")
    profile = folder / "lo-profile"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), str(workbook)],
        capture_output=True, text=True, timeout=240, check=False,
    )
    pdf = folder / (workbook.stem + ".pdf")
    assert result.returncode == 0 and pdf.exists(), result.stdout + result.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, timeout=60, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def test_pack_and_export_render_in_libreoffice_marked_and_inert(demo_db, tmp_path) -> None:
    brussels = meetings.find_meeting(demo_db, "2025-04-10")
    nation = Writer(demo_db, "test").create(
        rec.Nation(name="Testland", code="TST", notes='=HYPERLINK("http://x","y")'))
    assert nation.changes
    pack = write_meeting_pack(demo_db, brussels.uuid, tmp_path / "pack.xlsx")
    export = tmp_path / "register.xlsx"
    export_register(demo_db, export)
    # One LibreOffice run per file keeps the test to about 20 seconds.
    pages = to_pdf_text(pack, tmp_path)
    assert len(pages) >= 8
    for number, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL") >= 2, f"page {number} lacks the marking top and bottom"
        assert f"Page {number} of {len(pages)}" in page
    whole = "\n".join(pages)
    for title in ("Brief:", "Attendance:", "Positions:", "Changes / what moved:", "Pledges:",
                  "Capability gap:", "Open questions:", "Timeline:"):
        assert title in whole
    register_pages = to_pdf_text(export, tmp_path)
    assert '=HYPERLINK("http://x","y")' in "\n".join(register_pages)
