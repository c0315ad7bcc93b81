"""An import lists every problem of a workbook at once, each message saying what is wrong."""

from __future__ import annotations

import pytest

from coalition_desk.reports import export_register, import_register
from tests.unit.reports_helpers import column_letter, edit_workbook, snapshot


@pytest.fixture
def exported(demo_db, tmp_path):
    path = tmp_path / "register.xlsx"
    export_register(demo_db, path)
    return path


def test_a_bad_date_does_not_hide_an_off_scale_stance(demo_db, exported, tmp_path) -> None:
    as_of = column_letter(exported, "Positions", "as_of")
    stance = column_letter(exported, "Positions", "stance")
    bad = tmp_path / "bad.xlsx"
    edit_workbook(exported, bad, {
        ("Positions", f"{as_of}3"): "2023-02-31",
        ("Positions", f"{stance}3"): "enthusiastic",
        ("Positions", f"{stance}4"): "lukewarm",
    })
    before = snapshot(demo_db)
    report = import_register(demo_db, bad)
    lines = report.problem_lines()
    assert any("row 3" in line and "(as_of)" in line and "there is no 31 February" in line
               for line in lines), lines
    assert any("row 3" in line and "'enthusiastic' is not on this issue's scale" in line
               for line in lines), lines
    assert any("row 4" in line and "'lukewarm'" in line for line in lines), lines
    assert len(lines) == 3, lines
    assert snapshot(demo_db) == before


def test_a_bad_cell_and_a_clash_on_other_sheets_come_together(demo_db, exported,
                                                              tmp_path) -> None:
    date = column_letter(exported, "Meetings", "date")
    code = column_letter(exported, "Nations", "code")
    bad = tmp_path / "bad.xlsx"
    edit_workbook(exported, bad, {("Meetings", f"{date}2"): "soon",
                                  ("Nations", f"{code}3"): "POL"})
    sheets = {p.sheet for p in import_register(demo_db, bad).problems}
    assert sheets == {"Meetings", "Nations"}


def test_a_formula_is_named_by_its_column_and_other_problems_still_listed(
        demo_db, exported, tmp_path) -> None:
    summary = column_letter(exported, "Meetings", "summary")
    stance = column_letter(exported, "Positions", "stance")
    bad = tmp_path / "bad.xlsx"
    edit_workbook(exported, bad, {("Meetings", f"{summary}2"): "=1+1",
                                  ("Positions", f"{stance}3"): "enthusiastic"})
    lines = import_register(demo_db, bad).problem_lines()
    assert any(f"column {summary} (summary): holds a formula" in line for line in lines), lines
    assert any("'enthusiastic'" in line for line in lines), lines
    assert len(lines) == 2, lines


def test_a_speaker_of_another_nation_is_refused_unless_on_behalf(demo_db, exported,
                                                                tmp_path) -> None:
    from tests.unit.reports_helpers import sheet_values

    people = sheet_values(exported, "People")
    positions = sheet_values(exported, "Positions")
    p_head, n_head = people[0], positions[0]
    speaker_row = next(i for i, row in enumerate(positions[1:], start=2)
                       if row[n_head.index("speaker_uuid")])
    own_nation = positions[speaker_row - 1][n_head.index("nation_uuid")]
    stranger = next(row for row in people[1:]
                    if row[p_head.index("nation_uuid")] not in (None, own_nation))
    speaker = column_letter(exported, "Positions", "speaker_uuid")
    capacity = column_letter(exported, "Positions", "speaker_capacity")
    bad = tmp_path / "bad.xlsx"
    edit_workbook(exported, bad, {("Positions", f"{speaker}{speaker_row}"):
                                  stranger[p_head.index("uuid")]})
    lines = import_register(demo_db, bad).problem_lines()
    assert len(lines) == 1 and "speaker belongs to another nation" in lines[0], lines
    assert f"row {speaker_row}" in lines[0]
    good = tmp_path / "good.xlsx"
    edit_workbook(exported, good, {
        ("Positions", f"{speaker}{speaker_row}"): stranger[p_head.index("uuid")],
        ("Positions", f"{capacity}{speaker_row}"): "on_behalf"})
    assert import_register(demo_db, good).committed
