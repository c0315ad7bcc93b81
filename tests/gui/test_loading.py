"""The window paints at once and its tables fill from a pool thread just after."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from coalition_desk.services import records
from coalition_desk.store.engine import Database
from coalition_desk.ui.app import build_window
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.loading import PaneFill, PaneLoader
from coalition_desk.ui.panes import meetings_pane, nations_pane, questions_pane


def test_tables_say_they_are_reading_then_fill_off_the_gui_thread(
    qtbot, demo_db: Database, settings_path, monkeypatch
) -> None:
    readers: list[str] = []
    real_read = nations_pane.read_nations

    def read_and_note_thread(database: Database) -> nations_pane.NationsSnapshot:
        readers.append(threading.current_thread().name)
        return real_read(database)

    monkeypatch.setattr(nations_pane, "read_nations", read_and_note_thread)
    window = build_window(demo_db, QSettings(str(settings_path), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    # Before the first paint nothing has been read: each table says what it waits for.
    assert window.nations_pane.view.empty_message == nations_pane.LOADING
    assert window.meetings_pane.view.empty_message == meetings_pane.LOADING
    assert window.questions_pane.view.empty_message == questions_pane.LOADING
    assert window.nations_pane.model.rowCount() == 0
    assert window.counts_label.text() == "Counting records…"

    window.show()
    qtbot.waitUntil(window.is_filled, timeout=10_000)

    counts = records.counts(demo_db)
    assert readers and readers[0] != threading.main_thread().name
    assert window.nations_pane.model.rowCount() == counts["nations"] > 0
    assert window.meetings_pane.model.rowCount() == counts["meetings"] > 0
    assert window.questions_pane.model.rowCount() > 0
    assert window.nations_pane.count_label.text() == f"{counts['nations']} nations"
    assert window.nations_pane.view.empty_message != nations_pane.LOADING
    assert window.counts_label.text().startswith(f"{counts['nations']} nations · ")


def test_a_slow_background_read_never_overwrites_a_newer_refresh(qtbot, demo_db) -> None:
    pane = QWidget()
    qtbot.addWidget(pane)
    hub = Hub(demo_db, pane)
    loader = PaneLoader(hub, pane)
    release = threading.Event()
    shown: list[str] = []

    def slow_old_read() -> str:
        release.wait(10)
        return "rows read before the edit"

    loader.start(slow_old_read, shown.append)
    qtbot.waitUntil(lambda: hub.loading)
    # An edit refreshes the pane at once, on the GUI thread.
    loader.invalidate()
    shown.append("rows read after the edit")
    with qtbot.waitSignal(hub.loads_settled, timeout=10_000):
        release.set()

    assert shown == ["rows read after the edit"]
    assert not hub.loading


def test_a_failed_background_read_is_reported_not_swallowed(qtbot, demo_db) -> None:
    pane = QWidget()
    qtbot.addWidget(pane)
    hub = Hub(demo_db, pane)
    loader = PaneLoader(hub, pane)

    def broken_read() -> None:
        raise OSError("disk unreadable")

    with qtbot.waitSignal(hub.status_message, timeout=10_000) as message:
        loader.start(broken_read, lambda _rows: None)
    assert "disk unreadable" in message.args[0]
    qtbot.waitUntil(lambda: not hub.loading)


def test_a_pane_fill_is_loaded_once_shown_and_an_edit_overtakes_its_slow_first_read(
    qtbot, demo_db
) -> None:
    pane = QWidget()
    qtbot.addWidget(pane)
    hub = Hub(demo_db, pane)
    release = threading.Event()
    reads = iter(["rows read before the edit", "rows read after the edit"])
    shown: list[str] = []

    def read() -> Callable[[], str]:
        rows = next(reads)
        slow = rows.endswith("before the edit")
        return lambda: (release.wait(10) if slow else None, rows)[1]

    fill = PaneFill(hub, pane, read, shown.append)
    fill.in_background()
    qtbot.waitUntil(lambda: hub.loading)
    assert not fill.is_loaded
    fill.now()
    assert fill.is_loaded
    with qtbot.waitSignal(hub.loads_settled, timeout=10_000):
        release.set()

    assert shown == ["rows read after the edit"]


def test_the_source_text_pyside_read_of_every_module_is_let_go() -> None:
    import linecache

    from coalition_desk.ui import heap

    linecache.getlines(heap.__file__)
    linecache.cache["<generated wrapper>"] = (1, None, ["x\n"], "<generated wrapper>")
    assert heap.__file__ in linecache.cache
    heap.forget_imported_sources()
    assert heap.__file__ not in linecache.cache
    # Generated code cannot be read again: its lines stay for its tracebacks.
    assert linecache.cache.pop("<generated wrapper>")[2] == ["x\n"]
    assert linecache.getlines(heap.__file__)  # read again when a traceback needs it


def test_the_source_text_read_of_earlier_modules_is_let_go_at_the_next_import(
    tmp_path, monkeypatch
) -> None:
    # Kept until the window was filled, ~250,000 lines of the libraries' sources left
    # holes among the modules' code and the panes' rows that stayed resident (~16 MB
    # at scale L, docs/performance.md "Round 2, branch chunk6").
    import importlib
    import linecache
    import sys

    from coalition_desk.ui import app, heap

    def installed() -> int:
        return sum(isinstance(finder, heap.SourcesLetGo) for finder in sys.meta_path)

    assert installed() == 1  # by the window's start module
    (tmp_path / "chunk6_fresh_module.py").write_text("ANSWER = 42\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "chunk6_fresh_module", raising=False)
    linecache.getlines(app.__file__)
    linecache.cache["<generated wrapper>"] = (1, None, ["x\n"], "<generated wrapper>")

    fresh = importlib.import_module("chunk6_fresh_module")

    assert fresh.ANSWER == 42  # found and loaded as before, by the finders after it
    assert app.__file__ not in linecache.cache
    assert linecache.cache["<generated wrapper>"][2] == ["x\n"]

    # Emptied meanwhile (as linecache.clearcache does) and read again: let go of too.
    linecache.cache.clear()
    linecache.getlines(app.__file__)
    (tmp_path / "chunk6_second_module.py").write_text("ANSWER = 43\n", encoding="utf-8")
    monkeypatch.delitem(sys.modules, "chunk6_second_module", raising=False)
    importlib.invalidate_caches()
    assert importlib.import_module("chunk6_second_module").ANSWER == 43
    assert app.__file__ not in linecache.cache
    heap.SourcesLetGo.install()
    assert installed() == 1


def test_a_pane_is_read_on_the_turn_after_its_first_paint_not_inside_it(
    qtbot, demo_db
) -> None:
    # A read on a pool thread holds the interpreter: started inside the first paint, it
    # made the rest of the window's paint wait for it (ui/loading.PaneFill.after_paint).
    pane = QWidget()
    qtbot.addWidget(pane)
    hub = Hub(demo_db, pane)
    shown: list[str] = []
    fill = PaneFill(hub, pane, lambda: lambda: "rows", shown.append)

    fill.after_paint()  # what the pane's paintEvent calls
    assert not hub.loading and not fill.is_loaded
    fill.after_paint()  # a second paint starts no second read
    with qtbot.waitSignal(hub.loads_settled, timeout=10_000):
        pass
    assert fill.is_loaded and shown == ["rows"]
