"""The merge preview's progress: it moves record chunk by record chunk, not in a few
big steps, and a cancel mid-way stops the comparison with nothing written."""

from __future__ import annotations

import pytest

from coalition_desk.reports.merge_preview import STEPS, preview_merge
from coalition_desk.services.entities import SPECS
from coalition_desk.store.engine import open_database
from tests.gui.merge_helpers import two_copies_of_the_demo
from tests.merge.helpers import digest, edit_nation


class Stop(Exception):
    """What the window's worker raises from its progress call once Cancel is pressed."""


def test_the_preview_reports_progress_kind_by_kind_up_to_the_end(tmp_path) -> None:
    alice, bob = two_copies_of_the_demo(tmp_path)
    edit_nation(bob, "LVA", notes="Bob: Riga will host the next round")
    reported: list[tuple[int, int]] = []
    database = open_database(alice)
    try:
        preview = preview_merge(database, bob, lambda done, total: reported.append(
            (done, total)))
    finally:
        database.dispose()
    assert len(preview.plan.changed) == 1
    values = [done for done, _total in reported]
    assert {total for _done, total in reported} == {STEPS}
    assert values == sorted(values), "the bar never moves back"
    assert values[0] == 0 and values[-1] == STEPS
    # Each kind of record is read on both sides, each read reporting: many small moves.
    assert len(set(values)) > 2 * len(SPECS), values


def test_cancel_mid_comparison_stops_it_and_changes_nothing(tmp_path) -> None:
    alice, bob = two_copies_of_the_demo(tmp_path)
    edit_nation(bob, "LVA", notes="Bob: Riga will host the next round")
    before = digest(alice)
    reported: list[int] = []

    def cancel_half_way(done: int, total: int) -> None:
        reported.append(done)
        if done >= total // 2:
            raise Stop

    database = open_database(alice)
    try:
        with pytest.raises(Stop):
            preview_merge(database, bob, cancel_half_way)
    finally:
        database.dispose()
    assert 0 < reported[-1] < STEPS, "stopped before the comparison ended"
    assert max(reported) < STEPS
    assert digest(alice) == before
