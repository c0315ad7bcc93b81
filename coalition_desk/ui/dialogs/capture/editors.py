"""The small form under the capture checklist that edits the selected proposal.

Each proposal kind has its fields; a change replaces the proposal (they are frozen
values) and tells the review dialog, which relabels the checklist row. Nothing is
written here: the review dialog saves on Accept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from coalition_desk.capture.proposals import (
    MeetingProposal,
    NationProposal,
    PersonProposal,
    PledgeProposal,
    QuestionProposal,
    StatementProposal,
)
from coalition_desk.capture.register import KnownRegister
from coalition_desk.domain.enums import Capability, MeetingFormat, NationKind, PledgeStatus

Proposal = (
    MeetingProposal | NationProposal | PersonProposal | StatementProposal | QuestionProposal
    | PledgeProposal
)
NO_STANCE = "No stance taken"
NO_ISSUE = "Unsorted: choose the issue later"
NOBODY = "(not stated)"


class ProposalEditor(QWidget):
    """Fields of one proposal; ``changed(new_proposal)`` after every edit."""

    def __init__(
        self,
        proposal: Proposal,
        register: KnownRegister,
        *,
        nations: Sequence[tuple[str, str]],  # (code, name) the capture and register know
        people: Sequence[str],
        changed: Callable[[Proposal], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("capture_editor")
        self._proposal = proposal
        self._register = register
        self._nations = list(nations)
        self._people = list(people)
        self._changed = changed
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 4, 0, 0)
        self.problem = QLabel("")
        self.problem.setObjectName("capture_editor_problem")
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.setWordWrap(True)
        build = {
            MeetingProposal: self._meeting, NationProposal: self._nation,
            PersonProposal: self._person, StatementProposal: self._statement,
            QuestionProposal: self._question, PledgeProposal: self._pledge,
        }[type(proposal)]
        build(proposal)  # type: ignore[operator]
        self.form.addRow(self.problem)

    @property
    def proposal(self) -> Proposal:
        return self._proposal

    # -- field helpers -------------------------------------------------------------------
    def _replace(self, **changes: object) -> None:
        self._proposal = dataclasses.replace(self._proposal, **changes)  # type: ignore[type-var]
        self._changed(self._proposal)

    def _line(self, label: str, value: str, name: str, apply: Callable[[str], None]) -> QLineEdit:
        edit = QLineEdit(value, self)
        edit.setObjectName(name)
        edit.textEdited.connect(apply)
        self.form.addRow(label, edit)
        return edit

    def _combo(
        self, label: str, choices: Sequence[tuple[str, object]], current: object, name: str,
        apply: Callable[[object], None],
    ) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        for text, value in choices:
            combo.addItem(text, value)
        index = next((i for i, (_t, v) in enumerate(choices) if v == current), 0)
        combo.setCurrentIndex(index)
        combo.currentIndexChanged.connect(lambda i: apply(combo.itemData(i)))
        self.form.addRow(label, combo)
        return combo

    def _nation_choices(self) -> list[tuple[str, object]]:
        return [(NOBODY, None), *((f"{name} ({code})", code) for code, name in self._nations)]

    # -- one form per kind ----------------------------------------------------------------
    def _meeting(self, meeting: MeetingProposal) -> None:
        if meeting.known_uuid:
            self.form.addRow(QLabel("Matched to the register's meeting on this date; "
                                    "statements are filed under it."))
            return
        self._line("Title", meeting.title, "meeting_title", lambda t: self._replace(title=t))
        self._line("Date", meeting.date.isoformat() if meeting.date else "", "meeting_date",
                   self._set_date)
        self._line("Place", meeting.place, "meeting_place", lambda t: self._replace(place=t))
        self._combo("Format", [(f.label, f.value) for f in MeetingFormat], meeting.format,
                    "meeting_format", lambda v: self._replace(format=v))
        self._line("Countries", "" if meeting.headcount is None else str(meeting.headcount),
                   "meeting_headcount", self._set_headcount)

    def _set_date(self, text: str) -> None:
        try:
            day = dt.date.fromisoformat(text.strip()) if text.strip() else None
        except ValueError:
            self.problem.setText("The date must be YYYY-MM-DD, e.g. 2025-04-10.")
            return
        self.problem.setText("")
        self._replace(date=day)

    def _set_headcount(self, text: str) -> None:
        if text.strip() and not text.strip().isdigit():
            self.problem.setText("The number of countries must be a whole number.")
            return
        self.problem.setText("")
        self._replace(headcount=int(text) if text.strip() else None)

    def _nation(self, nation: NationProposal) -> None:
        if nation.known_uuid:
            self.form.addRow(QLabel(f"Matched to the register's {nation.name} ({nation.code})."))
            return
        self._line("Name", nation.name, "nation_name", lambda t: self._replace(name=t))
        self._line("Code", nation.code, "nation_code", lambda t: self._replace(code=t.strip()))
        self._combo("Kind", [(k.label, k.value) for k in NationKind], nation.kind,
                    "nation_kind", lambda v: self._replace(kind=v))
        self.form.addRow(QLabel(f"In the text: {nation.involvement}."))

    def _person(self, person: PersonProposal) -> None:
        if person.known_uuid:
            spelled = f" (the text spells it {person.name!r})" if person.known_name else ""
            self.form.addRow(QLabel(f"Matched to {person.known_name or person.name}{spelled}."))
            return
        self._line("Name", person.name, "person_name", lambda t: self._replace(name=t))
        self._line("Office", person.office, "person_office", lambda t: self._replace(office=t))
        self._combo("Nation", self._nation_choices(), person.nation_code, "person_nation",
                    lambda v: self._replace(nation_code=v))

    def _statement(self, statement: StatementProposal) -> None:
        if statement.quote:
            quote = QLabel(f"“{statement.quote}”")
            quote.setWordWrap(True)
            self.form.addRow("Quote", quote)
        self._combo("Nation", self._nation_choices(), statement.nation_code,
                    "statement_nation", lambda v: self._replace(nation_code=v))
        self._combo("Speaker", [(NOBODY, None), *((p, p) for p in self._people)],
                    statement.speaker, "statement_speaker", lambda v: self._replace(speaker=v))
        issues = [(NO_ISSUE, None), *((i.name, i.uuid) for i in self._register.issues)]
        self._combo("Issue", issues, statement.issue_uuid, "statement_issue", self._set_issue)
        self._stance = self._combo("Stance", self._stance_choices(statement.issue_uuid),
                                   statement.stance, "statement_stance",
                                   lambda v: self._replace(stance=v))
        summary = QPlainTextEdit(statement.summary, self)
        summary.setObjectName("statement_summary")
        summary.setFixedHeight(70)
        summary.textChanged.connect(lambda: self._replace(summary=summary.toPlainText()))
        self.form.addRow("Summary", summary)

    def _stance_choices(self, issue_uuid: str | None) -> list[tuple[str, object]]:
        issue = next((i for i in self._register.issues if i.uuid == issue_uuid), None)
        return [(NO_STANCE, None), *((s, s) for s in (issue.stances if issue else ()))]

    def _set_issue(self, issue_uuid: object) -> None:
        # A stance belongs to one issue's scale: a new issue starts at "no stance taken".
        self._replace(issue_uuid=issue_uuid, stance=None)
        self._stance.blockSignals(True)
        self._stance.clear()
        for text, value in self._stance_choices(issue_uuid):  # type: ignore[arg-type]
            self._stance.addItem(text, value)
        self._stance.blockSignals(False)

    def _question(self, question: QuestionProposal) -> None:
        text = QPlainTextEdit(question.text, self)
        text.setObjectName("question_text")
        text.setFixedHeight(70)
        text.textChanged.connect(lambda: self._replace(text=text.toPlainText()))
        self.form.addRow("Question", text)

    def _pledge(self, pledge: PledgeProposal) -> None:
        self._combo("Nation", self._nation_choices()[1:], pledge.nation_code, "pledge_nation",
                    lambda v: self._replace(nation_code=v))
        self._combo("Capability", [(c.label, c.value) for c in Capability], pledge.capability,
                    "pledge_capability", lambda v: self._replace(capability=v))
        self._line("Quantity", "" if pledge.quantity is None else f"{pledge.quantity:g}",
                   "pledge_quantity", self._set_quantity)
        self._line("Unit", pledge.unit, "pledge_unit", lambda t: self._replace(unit=t))
        self._combo("Status", [(s.label, s.value) for s in PledgeStatus], pledge.status,
                    "pledge_status", lambda v: self._replace(status=v))

    def _set_quantity(self, text: str) -> None:
        try:
            value = float(text) if text.strip() else None
        except ValueError:
            self.problem.setText("The quantity must be a number, e.g. 2 or 1.5.")
            return
        self.problem.setText("")
        self._replace(quantity=value)
