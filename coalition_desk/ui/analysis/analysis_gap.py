"""The capability gap section: a scenario's requirements against the pledges."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coalition_desk.domain.analysis import GapRow
from coalition_desk.domain.records import CapabilityRequirement, ChangeSet
from coalition_desk.services.analysis import capability_gap as gaps
from coalition_desk.store.engine import Database
from coalition_desk.ui.analysis.analysis_chart import LazyChart
from coalition_desk.ui.analysis.analysis_section import (
    AnalysisReads,
    section_splitter,
    section_table,
    start_read,
)
from coalition_desk.ui.dialogs.confirm import confirm_delete
from coalition_desk.ui.dialogs.requirements_dialog import RequirementDialog
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.loading import PaneLoader
from coalition_desk.ui.models.analysis_base import ROW_ROLE
from coalition_desk.ui.models.analysis_gap_model import GapModel, RequirementsModel

RecordWrite = Callable[[str, Callable[[], ChangeSet]], ChangeSet]
NO_SCENARIO = "(no scenario yet: pledges only)"


@dataclass(frozen=True)
class GapRead:
    scenario: str
    rows: list[GapRow]
    # None when only the gap of another scenario was read.
    requirements: list[CapabilityRequirement] | None


def read_gap(database: Database, scenario: str, *, with_requirements: bool) -> GapRead:
    """The gap of a scenario (and the requirements, if asked); runs on a pool thread."""
    requirements = gaps.list_requirements(database) if with_requirements else None
    return GapRead(scenario, gaps.gap_for_scenario(database, scenario), requirements)


def gap_label(row: GapRow) -> str:
    unit = f" ({row.unit})" if row.unit else ""
    return f"{gaps.capability_label(row.capability)}{unit}"


class GapSection(QWidget):
    def __init__(self, hub: Hub, record_write: RecordWrite, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.record_write = record_write
        # Tests replace these to fill dialogs and answer questions without running them.
        self.present: Callable[[RequirementDialog], None] = self._present
        self.confirm: Callable[[str], bool] = lambda label: confirm_delete(
            self, "capability requirement", label, []
        )
        self.rows: list[GapRow] = []
        # Waiting for a read: the section shows no result yet.
        self.computing = False
        self.reads: AnalysisReads | None = None
        self._requirements: list[CapabilityRequirement] = []
        self._requirements_pending = False
        self._loader = PaneLoader(hub, self)
        self.scenario_combo = QComboBox(self)
        self.scenario_combo.setAccessibleName("Scenario")
        self.scenario_combo.setMinimumContentsLength(24)
        self.scenario_combo.currentIndexChanged.connect(lambda _i: self.refresh_gap())
        self.add_button = QPushButton("&Add requirement…", self)
        self.edit_button = QPushButton("&Edit…", self)
        self.delete_button = QPushButton("&Delete…", self)
        self.add_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(self._edit_selected)
        self.delete_button.clicked.connect(self._delete_selected)
        top = QHBoxLayout()
        top.addWidget(QLabel("&Scenario:", self, buddy=self.scenario_combo))
        top.addWidget(self.scenario_combo, 1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            top.addWidget(button)
        self.requirements_model = RequirementsModel(self)
        self.requirements_view = section_table(self, "Requirements", self.requirements_model)
        self.requirements_view.doubleClicked.connect(lambda _i: self._edit_selected())
        self.gap_model = GapModel(self)
        self.gap_view = section_table(self, "Capability gap", self.gap_model)
        self.chart = LazyChart(self._draw, "Capability gap chart", self)
        splitter = section_splitter(
            self, [self.requirements_view, self.gap_view, self.chart],
            sizes=[130, 170, 420], stretch={2: 2},
        )  # fmt: skip
        self.note = QLabel(
            "Only confirmed and offered pledges in the requirement's unit are added up; "
            "pledges under consideration or with no amount are listed, never counted.",
            self,
        )
        self.note.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setAccessibleName("Capability gap status")
        self.status.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

    def scenario(self) -> str:
        data = self.scenario_combo.currentData()
        return data if isinstance(data, str) else ""

    def refresh(self) -> None:
        """Read the requirements and the gap on a pool thread; until then say so."""
        database = self.hub.database
        wanted = self.scenario()
        self._requirements_pending = True
        self._computing()
        start_read(
            self.reads, self._loader, ("gap", wanted, True),
            lambda: read_gap(database, wanted, with_requirements=True), self._show,
        )  # fmt: skip

    def refresh_gap(self) -> None:
        database = self.hub.database
        scenario = self.scenario()
        # A newer read replaces one in flight: it brings the requirements if that one did.
        with_requirements = self._requirements_pending
        self._computing()
        start_read(
            self.reads, self._loader, ("gap", scenario, with_requirements),
            lambda: read_gap(database, scenario, with_requirements=with_requirements),
            self._show,
        )  # fmt: skip

    def _computing(self) -> None:
        self.computing = True
        self.status.setText("Computing the capability gap…")
        self.status.show()
        self.rows = []
        self.gap_model.set_rows([])
        self.chart.redraw(len(self.rows))

    def _show(self, read: GapRead) -> None:
        if read.requirements is not None:
            self._requirements_pending = False
            self._requirements = read.requirements
            names = gaps.scenarios(self._requirements)
            self.scenario_combo.blockSignals(True)
            self.scenario_combo.clear()
            for name in names:
                self.scenario_combo.addItem(name, name)
            if not names:
                self.scenario_combo.addItem(NO_SCENARIO, "")
            index = self.scenario_combo.findData(read.scenario)
            self.scenario_combo.setCurrentIndex(max(0, index))
            self.scenario_combo.blockSignals(False)
        scenario = self.scenario()
        if scenario != read.scenario:
            # The scenario read is gone (deleted or renamed): read the one now chosen.
            self.refresh_gap()
            return
        self.status.hide()
        self.computing = False
        self.requirements_model.set_rows([r for r in self._requirements if r.scenario == scenario])
        self.rows = read.rows
        self.gap_model.set_rows(self.rows)
        self.edit_button.setEnabled(bool(scenario))
        self.delete_button.setEnabled(bool(scenario))
        self.chart.redraw(len(self.rows))

    def _draw(self, figure: Any) -> None:
        from coalition_desk.charts.analysis_gap import draw_gap_bars

        figure.clear()
        draw_gap_bars(figure.add_subplot(), self.rows, [gap_label(r) for r in self.rows])

    # -- editing -----------------------------------------------------------------------

    def _selected(self) -> CapabilityRequirement | None:
        rows = self.requirements_view.selectionModel().selectedRows()
        if not rows:
            self.hub.status_message.emit("Select a requirement in the upper table first.")
            return None
        return self.requirements_model.data(rows[0], ROW_ROLE)

    def _edit_selected(self) -> None:
        requirement = self._selected()
        if requirement is not None:
            self.open_dialog(requirement)

    def open_dialog(self, original: CapabilityRequirement | None) -> RequirementDialog:
        dialog = RequirementDialog(
            self.hub,
            original,
            self,
            scenario=self.scenario(),
            known_scenarios=gaps.scenarios(self._requirements),
        )
        dialog.submit = lambda request, dialog=dialog: self.record_write(
            dialog.describe(), lambda: dialog.write(self.hub.writer, request)
        )
        self.present(dialog)
        return dialog

    def _present(self, dialog: RequirementDialog) -> None:
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _delete_selected(self) -> None:
        requirement = self._selected()
        if requirement is None:
            return
        label = f"{gaps.capability_label(requirement.capability)} for {requirement.scenario}"
        if not self.confirm(label):
            return
        self.record_write(
            f"Delete requirement '{label}'",
            lambda: self.hub.writer.delete("requirement", requirement.uuid),
        )
