"""The rows the window keeps share one copy of each text many of them hold, and show
exactly what reading each record alone shows (docs/performance.md, "Round 2, branch
chunk6": 3.3 MB of copies at scale L)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from coalition_desk.domain.records import Issue
from coalition_desk.domain.views import OneCopy
from coalition_desk.services import meetings, nations, questions, records
from coalition_desk.services.questions import QuestionFilter
from coalition_desk.store.engine import Database, open_database
from tests.benchmarks import synth


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = Path(tmp_path_factory.mktemp("shared_texts")) / "s.sqlite3"
    synth.build("S", path)
    database = open_database(path)
    yield database
    database.dispose()


@pytest.fixture(params=["demo", "synthetic"])
def register(request: pytest.FixtureRequest) -> Database:
    # The demo on both backends (demo_db), and a generated register of scale S.
    name = "demo_db" if request.param == "demo" else "synthetic"
    return request.getfixturevalue(name)


def one_object_per_text(texts: Iterable[str | None]) -> bool:
    held = [text for text in texts if text is not None]
    return len({id(text) for text in held}) == len(set(held))


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
