"""A second window on a register that another copy writes is offered it read-only."""

from __future__ import annotations

import pytest

from coalition_desk.store.lock import DatabaseInUse, open_for_writing
from coalition_desk.ui import app as app_module

pytestmark = pytest.mark.gui


def test_a_second_window_opens_the_register_read_only(db_path, monkeypatch, qapp) -> None:
    asked = []
    monkeypatch.setattr(
        app_module, "ask_read_only", lambda parent, error: asked.append(error) or True
    )
    first = open_for_writing(db_path)
    try:
        second = app_module.open_with_dialogs(db_path)
        assert second is not None
        try:
            assert second.read_only
            assert len(asked) == 1 and isinstance(asked[0], DatabaseInUse)
        finally:
            second.dispose()
    finally:
        first.dispose()


def test_a_second_window_can_decline(db_path, monkeypatch, qapp) -> None:
    monkeypatch.setattr(app_module, "ask_read_only", lambda parent, error: False)
    first = open_for_writing(db_path)
    try:
        assert app_module.open_with_dialogs(db_path) is None
    finally:
        first.dispose()
