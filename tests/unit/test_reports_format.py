"""The register format follows the data model, and its help page documents every column."""

from __future__ import annotations

import dataclasses

from coalition_desk.domain import enums
from coalition_desk.reports.register_format import CHOICES, SHEETS, ColumnKind
from coalition_desk.reports.safety import decode_text, encode_text, needs_protection
from coalition_desk.resources import resource_path
from coalition_desk.services.entities import SPECS


def test_every_record_kind_has_a_sheet_with_every_field() -> None:
    assert [s.spec for s in SHEETS] == list(SPECS)
    for sheet in SHEETS:
        assert set(sheet.headers) == {f.name for f in dataclasses.fields(sheet.spec.record_type)}
        assert sheet.headers[0] == "uuid"


def test_closed_vocabularies_are_choices() -> None:
    vocabulary_fields = {"kind", "role", "format", "level", "confidence", "capability",
                         "status", "date_precision"}
    for sheet in SHEETS:
        for column in sheet.columns:
            if column.field in vocabulary_fields and column.kind is not ColumnKind.INTEGER:
                assert column.kind is ColumnKind.CHOICE, (sheet.title, column.field)
    assert CHOICES[("pledge", "capability")] is enums.Capability


def test_the_help_page_documents_every_sheet_and_column() -> None:
    page = resource_path("help", "register-format.html").read_text(encoding="utf-8")
    for sheet in SHEETS:
        assert f">{sheet.title}</h3>" in page
        for column in sheet.columns:
            assert f"<code>{column.field}</code>" in page, (sheet.title, column.field)


def test_risky_first_characters_and_the_carriage_return_escape() -> None:
    for text in ("=1", "+1", "-1", "@x", "\tx", "\rx"):
        assert needs_protection(text)
    assert not needs_protection("Poland")
    for text in ("a\rb", "a\r\nb", "_x000D_", "_x005F_x000D_", "plain", "_x12", "__x0041__"):
        assert decode_text(encode_text(text)) == text
    assert encode_text("a\rb") == "a_x000D_b"
