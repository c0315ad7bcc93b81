"""People: the delegates and speakers, all or the selected nation's."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from coalition_desk.domain.views import PersonView
from coalition_desk.services.people import list_people
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.models.people import PeopleModel
from coalition_desk.ui.panes.list_pane import ListPane

SHOWS = ("person", "nation", "position")


class PeoplePane(ListPane):
    title = "People"
    noun = ("person", "people")
    filter_mnemonic = "Filter peo&ple:"

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(hub, parent, "person", SHOWS, PeopleModel(), stretch=4)

    def read_rows(self, nation_uuid: str | None) -> Callable[[], list[PersonView]]:
        database = self._hub.database
        return lambda: list_people(database, nation_uuid=nation_uuid)
