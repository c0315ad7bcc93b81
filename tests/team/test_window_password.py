"""The window asks for a server's password when libpq finds none, and keeps it nowhere."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from coalition_desk.services import records
from coalition_desk.ui import app as app_module
from tests.team.conftest import OFFICER_PASSWORD

pytestmark = pytest.mark.gui


def test_a_password_typed_in_opens_the_register(qtbot, secured_server, monkeypatch, tmp_path):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    asked: list[str] = []

    def type_password(_parent, _title, label, _echo):
        asked.append(label)
        return OFFICER_PASSWORD, True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(type_password))
    url = secured_server.officer_url(
        sslmode="verify-full", sslrootcert=str(secured_server.ca_cert)
    )
    database = app_module.open_with_dialogs(url)
    assert database is not None
    try:
        assert asked and "asks a password for user officer" in asked[0]
        assert OFFICER_PASSWORD not in database.display_name
        records.is_empty(database)
    finally:
        database.dispose()


def test_a_wrong_password_typed_in_is_a_dialog(qtbot, secured_server, monkeypatch, tmp_path):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a: ("nope", True)))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    url = secured_server.officer_url(
        sslmode="verify-full", sslrootcert=str(secured_server.ca_cert)
    )
    assert app_module.open_with_dialogs(url) is None
    assert len(shown) == 1 and "wrong password" in shown[0]
