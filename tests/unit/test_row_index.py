"""The panes' index finds exactly the rows their pass over every row found, in order."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from coalition_desk.services import questions
from coalition_desk.ui.panes.questions_pane import ISSUE, OWNER, _owner_and_issue
from coalition_desk.ui.panes.row_index import KEPT_SETS, RowIndex

NATIONS = ["n1", "n2", "n3", None]
ISSUES = ["i1", "i2", "i3", "i4", None]


@dataclass(frozen=True)
class Question:
    uuid: str
    owner_nation_uuid: str | None
    issue_uuid: str | None


@dataclass(frozen=True)
class Meeting:
    uuid: str


questions_lists = st.lists(
    st.builds(
        Question, st.text(min_size=1, max_size=3), st.sampled_from(NATIONS), st.sampled_from(ISSUES)
    ),
    max_size=40,
)


@given(questions_lists, st.sampled_from(NATIONS[:-1]), st.frozensets(st.sampled_from(ISSUES[:-1])))
def test_a_nations_questions_by_the_index_are_those_of_the_pass(
    rows: list[Question], nation: str, stake: frozenset[str]
) -> None:
    index = RowIndex(rows, _owner_and_issue)  # type: ignore[arg-type]
    expected = [id(row) for row in questions.concerning(rows, nation, stake)]  # type: ignore[arg-type]
    found = index.having_any([(OWNER, nation), *((ISSUE, issue) for issue in stake)])
    assert [id(row) for row in found] == expected
    # As the pane asks: the stake's rows kept, the nation's own put in among them; asked
    # twice (the second time from what was kept), and after another nation's.
    for other in (nation, "n2", nation):
        found = index.having_any_of_shared([(ISSUE, issue) for issue in stake], [(OWNER, other)])
        wanted = questions.concerning(rows, other, stake)  # type: ignore[arg-type]
        assert [id(row) for row in found] == [id(row) for row in wanted]


@given(st.lists(st.builds(Meeting, st.sampled_from("abcdefgh")), max_size=30),
       st.sets(st.sampled_from("abcdefghxyz")))  # fmt: skip
def test_meetings_by_uuid_are_those_of_the_pass_in_order_duplicates_kept(
    rows: list[Meeting], involving: set[str]
) -> None:
    index = RowIndex(rows, lambda meeting: (meeting.uuid,))
    found = index.having_any(involving)
    assert [id(row) for row in found] == [id(m) for m in rows if m.uuid in involving]


def test_no_key_found_is_no_rows() -> None:
    index = RowIndex([Meeting("a")], lambda meeting: (meeting.uuid,))
    assert index.having_any([]) == []
    assert index.having_any(["b"]) == []
    assert index.having_any_of_shared([], ["b"]) == []
    assert index.having_any_of_shared(["b"], []) == []


def test_the_kept_sets_stay_few_and_still_answer_right() -> None:
    rows = [Meeting(letter) for letter in "abcdefghijklmnop"]
    index = RowIndex(rows, lambda meeting: (meeting.uuid,))
    for letter in "abcdefghijklmnop":
        assert index.having_any_of_shared([letter, "p"], ["a"]) == sorted(
            {rows[0], rows[15], rows["abcdefghijklmnop".index(letter)]}, key=rows.index
        )
    assert len(index._kept) <= KEPT_SETS
