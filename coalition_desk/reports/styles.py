"""Named styles and print settings shared by every workbook Coalition Desk writes."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.workbook import Workbook

HEADER = "Desk header"
TITLE = "Desk title"
BODY = "Desk body"
WRAPPED = "Desk wrapped"
NOTE = "Desk note"

_THIN = Side(style="thin", color="A6A6A6")


def add_named_styles(workbook: Workbook) -> None:
    """Register the house styles once per workbook (cells then refer to them by name)."""
    styles = [
        NamedStyle(
            HEADER,
            font=Font(bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor="1F3864"),
            alignment=Alignment(vertical="center", wrap_text=True),
            border=Border(bottom=_THIN),
        ),
        NamedStyle(TITLE, font=Font(bold=True, size=14, color="1F3864")),
        NamedStyle(BODY, alignment=Alignment(vertical="top")),
        NamedStyle(WRAPPED, alignment=Alignment(vertical="top", wrap_text=True)),
        NamedStyle(NOTE, font=Font(italic=True, color="595959"),
                   alignment=Alignment(vertical="top", wrap_text=True)),
    ]
    existing = set(workbook.named_styles)
    for style in styles:
        if style.name not in existing:
            workbook.add_named_style(style)


def mark_pages(sheet: object, marking: str, title: str) -> None:
    """Protective marking at the top and bottom of every printed page, with page N of M."""
    for header_footer in (sheet.oddHeader, sheet.evenHeader, sheet.firstHeader):  # type: ignore[attr-defined]
        header_footer.center.text = _escape(marking)
        header_footer.center.font = "Arial,Bold"
        header_footer.center.size = 11
        header_footer.left.text = _escape(title)
        header_footer.left.size = 8
    for header_footer in (sheet.oddFooter, sheet.evenFooter, sheet.firstFooter):  # type: ignore[attr-defined]
        header_footer.center.text = _escape(marking)
        header_footer.center.font = "Arial,Bold"
        header_footer.center.size = 11
        header_footer.right.text = "Page &P of &N"
        header_footer.right.size = 8


def landscape_fit_to_width(sheet: object, title_rows: str | None = None) -> None:
    setup = sheet.page_setup  # type: ignore[attr-defined]
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4  # type: ignore[attr-defined]
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[attr-defined]
    sheet.print_options.horizontalCentered = True  # type: ignore[attr-defined]
    margins = sheet.page_margins  # type: ignore[attr-defined]
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.7
    margins.header = margins.footer = 0.3
    if title_rows:
        sheet.print_title_rows = title_rows  # type: ignore[attr-defined]


def _escape(text: str) -> str:
    # "&" starts a header/footer code; a literal one is written "&&".
    return text.replace("&", "&&")
