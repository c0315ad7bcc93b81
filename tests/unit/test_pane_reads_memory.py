"""The panes' reads at a start, made lighter (docs/performance.md, "Round 2, branch
chunk6"): their rows stream from the driver instead of being read into a list first, and
the rows kept share one copy of each text many of them hold (3.3 MB of copies at scale
L). Either way they show exactly what they showed before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from coalition_desk.domain.records import Issue
from coalition_desk.domain.views import OneCopy
from coalition_desk.services import meetings, nations, people, pledges, questions, records
from coalition_desk.services.questions import QuestionFilter
from coalition_desk.store.engine import Database
from tests.benchmarks import synth


@pytest.fixture(scope="module")
def synthetic_rows() -> dict[str, list[dict]]:
    return synth.generate(synth.SCALES["S"])


@pytest.fixture(params=["demo", "synthetic"])
def register(
    request: pytest.FixtureRequest, backend: str, synthetic_rows: dict[str, list[dict]]
) -> Database:
    # The demo, and a generated register of scale S, on both backends.
    if request.param == "demo":
        return request.getfixturevalue("demo_db")
    database = request.getfixturevalue("empty_db")
    synth.write(database, synthetic_rows)
    return database


def one_object_per_text(texts: Iterable[str | None]) -> bool:
    held = [text for text in texts if text is not None]
    return len({id(text) for text in held}) == len(set(held))


STREAMED = (meetings, nations, people, pledges, questions)
TODAY = dt.date(2025, 6, 1)


def every_pane_read(database: Database) -> dict[str, Any]:
    return {
        "nations": nations.list_nations(database, today=TODAY),
        "meetings": meetings.list_meetings(database),
        "headings": meetings.meeting_headings(database),
        "involving": meetings.meetings_involving_each_nation(database),
        "questions": questions.list_questions(database, today=TODAY),
        "unresolved": questions.list_questions(
            database, QuestionFilter(statuses=questions.UNRESOLVED), today=TODAY
        ),
        "stakes": questions.stake_issue_uuids_of_each_nation(database),
        "people": people.list_people(database),
        "pledges": pledges.list_pledges(database),
    }


def as_plain(value: Any) -> Any:
    """Views as nested tuples, so that == also compares the stance cells' order."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(as_plain(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, dict):
        return tuple((key, as_plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(as_plain(item) for item in value)
    return value


def test_the_streamed_reads_show_what_the_sessions_reads_showed(
    register, monkeypatch: pytest.MonkeyPatch
) -> None:
    streamed = every_pane_read(register)
    for module in STREAMED:
        # The reads as they were: every row through Session.execute, all of them at once.
        monkeypatch.setattr(module, "rows_of", Session.execute)
    read_whole = every_pane_read(register)
    assert all(read_whole.values())
    assert as_plain(streamed) == as_plain(read_whole)


def test_one_copy_hands_back_the_first_of_equal_texts() -> None:
    one_copy = OneCopy()
    first = "".join(["Gen", "eva"])
    second = "".join(["Ge", "neva"])
    assert first is not second
    assert one_copy(first) is first
    assert one_copy(second) is first
    assert one_copy("Brussels") == "Brussels"
    assert one_copy(None) is None


def test_meetings_read_together_show_what_each_read_alone_shows(register) -> None:
    every = meetings.list_meetings(register)
    assert len(every) > 1
    assert every == [meetings.get_meeting(register, meeting.uuid) for meeting in every]
    for field in ("place", "format", "chair", "date_precision"):
        texts = [getattr(meeting, field) for meeting in every]
        assert one_object_per_text(texts), field
    assert len({m.format for m in every}) < len(every)  # something was there to share


def test_questions_read_together_show_what_narrower_reads_show(register) -> None:
    every = questions.list_questions(register)
    assert len(every) > 1
    issues = [i for i in records.list_all(register, Issue) if isinstance(i, Issue)]
    per_issue = [
        view
        for issue in issues
        for view in questions.list_questions(register, QuestionFilter(issue_uuid=issue.uuid))
    ]
    without_issue = [view for view in every if view.issue_uuid is None]
    key = lambda view: view.uuid  # noqa: E731 - the same order for both
    assert sorted(per_issue + without_issue, key=key) == sorted(every, key=key)
    for field in ("status", "issue_uuid", "issue_name", "owner_nation_uuid", "owner_label",
                  "raised_at_uuid", "raised_at_label"):  # fmt: skip
        assert one_object_per_text(getattr(view, field) for view in every), field


def test_every_nations_stance_cells_share_the_issue_and_the_stance(register) -> None:
    # What each cell says is compared with the full reads in test_nation_overview_reads.
    overviews = nations.list_nations(register)
    cells = [cell for nation in overviews for cell in nation.stances.values()]
    assert len(cells) > len({cell.issue_uuid for cell in cells})
    assert one_object_per_text(cell.issue_uuid for cell in cells)
    assert one_object_per_text(cell.stance for cell in cells)
    assert all(key is cell.issue_uuid for n in overviews for key, cell in n.stances.items())
