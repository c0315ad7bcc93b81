"""Pledges: what each nation offers, how much and how firmly, all or the selected nation's."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from coalition_desk.domain.views import PledgeView
from coalition_desk.services.pledges import list_pledges
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.models.pledges import PledgesModel
from coalition_desk.ui.panes.list_pane import ListPane

SHOWS = ("pledge", "nation", "meeting")


class PledgesPane(ListPane):
    title = "Pledges"
    noun = ("pledge", "pledges")
    filter_mnemonic = "Filter pled&ges:"

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(hub, parent, "pledge", SHOWS, PledgesModel(), stretch=6)

    def read_rows(self, nation_uuid: str | None) -> Callable[[], list[PledgeView]]:
        database = self._hub.database
        return lambda: list_pledges(database, nation_uuid=nation_uuid)
