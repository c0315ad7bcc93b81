"""A start shows the timeline picture kept at the last start only when it is exactly what
would be drawn now, and the real chart drawn behind it has the same pixels."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from coalition_desk.store import kept_pictures
from coalition_desk.store.check import check_database
from coalition_desk.store.engine import Database, open_database
from coalition_desk.ui.app import build_window
from coalition_desk.ui.main_window import MainWindow
from coalition_desk.ui.timeline.kept_chart import START_SLOT
from coalition_desk.ui.timeline.start_picture import KEPT_HINT, StartPicture


class Starts:
    """Windows started on one register file, one at a time, as an officer does."""

    def __init__(self, qtbot, path: Path, settings: Path, monkeypatch) -> None:
        self.qtbot, self.path, self.settings = qtbot, path, settings
        self.behind: list[tuple[StartPicture, object]] = []
        real = StartPicture._draw_behind
        self.real_draw_behind = real
        # The real chart behind a kept picture is held back until the test lets it go,
        # so that what the window showed first can be looked at.
        monkeypatch.setattr(StartPicture, "_draw_behind",
                            lambda pane, data: self.behind.append((pane, data)))  # fmt: skip

    def start(self, *, size: tuple[int, int] = (1400, 900), read_only: bool = False,
              database: Database | None = None) -> MainWindow:  # fmt: skip
        database = database or open_database(self.path, read_only=read_only)
        window = build_window(database, QSettings(str(self.settings), QSettings.Format.IniFormat))
        self.qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        pane = window.timeline_pane
        self.qtbot.waitUntil(lambda: window.is_filled() and pane.shows_chart_of_selection,
                             timeout=20_000)  # fmt: skip
        return window

    def let_the_real_chart_land(self, window: MainWindow) -> None:
        pane = window.timeline_pane
        # Drawn behind the picture only once the window is filled.
        self.qtbot.waitUntil(lambda: any(held is pane for held, _ in self.behind))
        assert window.is_filled()
        for held, data in self.behind:
            if held is pane:
                self.real_draw_behind(pane, data)
        self.qtbot.waitUntil(lambda: pane.drawing is not None and not pane.shows_kept_picture
                             and pane.shows_chart_of_selection, timeout=20_000)  # fmt: skip

    def stop(self, window: MainWindow) -> None:
        """The officer closes the window: the start's picture, made ready on the pool,
        is kept now."""
        from PySide6.QtCore import QThreadPool

        database = window.hub.database
        self.qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0)
        self.qtbot.wait(20)
        window.close()
        database.dispose()


def picture(window: MainWindow) -> QImage:
    canvas = window.timeline_pane.canvas
    assert canvas is not None
    image = canvas.image()
    assert image is not None
    return image


def kept_row(path: Path) -> tuple | None:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT picture_key, width, height FROM kept_pictures WHERE slot = ?", (START_SLOT,)
        ).fetchone()


def wait_for_kept(qtbot, path: Path, other_than: tuple | None = None) -> tuple:
    qtbot.waitUntil(lambda: kept_row(path) not in (None, other_than), timeout=20_000)
    row = kept_row(path)
    assert row is not None
    return row


@pytest.fixture
def register(demo_db: Database, tmp_path: Path) -> Path:
    if demo_db.on_server:
        pytest.skip("a server register keeps no picture (test_a_server_register_keeps_none)")
    assert demo_db.path is not None
    path = demo_db.path
    demo_db.dispose()
    return path


@pytest.fixture
def starts(qtbot, register: Path, tmp_path: Path, monkeypatch) -> Starts:
    return Starts(qtbot, register, tmp_path / "window.ini", monkeypatch)


def test_a_second_start_shows_the_kept_picture_the_real_chart_then_draws_alike(
    starts: Starts, register: Path, qtbot
) -> None:
    first = starts.start()
    assert not first.timeline_pane.shows_kept_picture  # nothing was kept yet
    drawn_first, first_title = picture(first), first.timeline_pane.title.text()
    assert kept_row(register) is None  # kept when the window closes, not while it runs
    starts.stop(first)
    wait_for_kept(qtbot, register)

    second = starts.start()
    pane = second.timeline_pane
    assert pane.shows_kept_picture and pane.shows_chart_of_selection
    kept = picture(second)
    assert kept == drawn_first
    # Nothing under the pointer is known yet: no tooltip, no click, rather than wrong ones.
    assert pane.drawing is None and pane.point_at(300, 150) is None
    assert pane.hint.text() == KEPT_HINT
    title = pane.title.text()

    starts.let_the_real_chart_land(second)
    assert picture(second) == kept
    assert pane.title.text() == title == first_title
    assert pane.hint.text() != KEPT_HINT
    point = pane.data.points[0]
    x, y = pane.drawing.display_position(point.uuid)
    assert pane.point_at(x, y) == point  # the real chart answers the pointer
    starts.stop(second)


def edit_a_nation_from_another_process(path: Path) -> None:
    """What the command line, a merge or an import from another process amounts to."""
    script = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute(\"UPDATE nations SET name = name || ' (renamed)' WHERE id = "
        "(SELECT min(id) FROM nations)\"); c.commit()"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, timeout=60)


def rename_a_nation(database: Database) -> None:
    """A write through the services, as the window's edit forms and the CLI make."""
    import dataclasses

    from coalition_desk.domain.records import Nation
    from coalition_desk.services import crud, records

    nation = next(n for n in records.list_all(database, Nation) if isinstance(n, Nation))
    with database.session() as session:
        crud.update_in(session, dataclasses.replace(nation, name=nation.name + " (renamed)"),
                       "test")  # fmt: skip


def merge_a_colleagues_workbook(path: Path, tmp_path: Path) -> None:
    """A colleague's copy of the register, with a nation added, exported and imported."""
    import shutil

    from coalition_desk.domain import records as rec
    from coalition_desk.reports import export_register, import_register
    from coalition_desk.services.crud import Writer

    colleague = tmp_path / "colleague.sqlite3"
    shutil.copy(path, colleague)
    source = open_database(colleague)
    try:
        Writer(source, origin="window").create(rec.Nation(name="Atlantis", code="ATL"))
        export_register(source, tmp_path / "colleague.xlsx")
    finally:
        source.dispose()
    database = open_database(path)
    try:
        import_register(database, tmp_path / "colleague.xlsx")
    finally:
        database.dispose()


@pytest.mark.parametrize(
    "change", ["another process", "a second Database", "a merge", "window resized"]
)
def test_a_start_after_a_change_draws_the_chart_instead(
    starts: Starts, register: Path, qtbot, change: str, tmp_path: Path
) -> None:
    first = starts.start()
    starts.stop(first)
    kept = wait_for_kept(qtbot, register)
    size = (1400, 900)
    if change == "another process":
        edit_a_nation_from_another_process(register)
    elif change == "a merge":
        merge_a_colleagues_workbook(register, tmp_path)
    elif change == "a second Database":
        second_database = open_database(register)
        rename_a_nation(second_database)
        second_database.dispose()
    else:
        size = (1200, 800)

    second = starts.start(size=size)
    pane = second.timeline_pane
    assert not pane.shows_kept_picture
    assert pane.drawing is not None  # drawn for real, not taken from the register
    assert starts.behind == []
    # And the chart of this start is kept for the next one.
    starts.stop(second)
    assert wait_for_kept(qtbot, register, other_than=kept) != kept


def test_an_edit_in_the_window_is_never_covered_by_the_kept_picture(
    starts: Starts, register: Path, qtbot
) -> None:
    first = starts.start()
    starts.stop(first)
    kept = wait_for_kept(qtbot, register)
    second = starts.start()
    assert second.timeline_pane.shows_kept_picture
    # The officer renames a nation in this window: the picture kept is of the data it
    # was drawn from, so the next start draws anew.
    rename_a_nation(second.hub.database)
    starts.stop(second)
    third = starts.start()
    assert not third.timeline_pane.shows_kept_picture
    starts.stop(third)
    assert wait_for_kept(qtbot, register, other_than=kept) != kept


def test_a_selection_made_before_the_start_lands_is_drawn_not_kept(
    starts: Starts, register: Path, qtbot
) -> None:
    first = starts.start()
    starts.stop(first)
    wait_for_kept(qtbot, register)
    database = open_database(register)
    from coalition_desk.services.nations import nation_names

    uuid = nation_names(database)[0][0]
    window = build_window(database, QSettings(str(starts.settings), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.hub.select_nation(uuid)
    pane = window.timeline_pane
    qtbot.waitUntil(lambda: window.is_filled() and pane.shows_chart_of_selection, timeout=20_000)
    assert not pane.shows_kept_picture
    assert pane.drawing is not None and window.hub.context.nation_uuid == uuid
    starts.stop(window)


def test_a_read_only_register_keeps_none_and_says_nothing(
    starts: Starts, register: Path, qtbot
) -> None:
    window = starts.start(read_only=True)
    messages: list[str] = []
    window.hub.status_message.connect(messages.append)
    assert window.timeline_pane.drawing is not None
    qtbot.wait(300)
    assert kept_row(register) is None
    assert not [m for m in messages if "picture" in m.lower() or "timeline" in m.lower()]
    starts.stop(window)


def test_a_busy_register_makes_the_keeping_give_up_at_once(register: Path) -> None:
    """The officer's save holds the register's write lock: the picture is dropped, the
    save is not kept waiting and the keeping does not wait either."""
    database = open_database(register)
    holder = sqlite3.connect(register, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        began = time.monotonic()
        picture = kept_pictures.KeptPicture("k" * 64, "t", 2, 1, 1.0, b"\xff" * 8)
        assert kept_pictures.keep(database, START_SLOT, picture) is False
        assert time.monotonic() - began < 1.0
        holder.execute("ROLLBACK")
        assert kept_pictures.keep(database, START_SLOT, picture) is True
        assert kept_pictures.find(database, START_SLOT, "k" * 64) == picture
        assert kept_pictures.find(database, START_SLOT, "other") is None
        # A register holding a kept picture is as sound as before to the damage check.
        assert check_database(database) == []
    finally:
        holder.close()
        database.dispose()


def test_a_failing_write_keeps_nothing_and_says_nothing(register: Path, monkeypatch) -> None:
    from sqlalchemy.exc import OperationalError

    database = open_database(register)

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(kept_pictures, "insert", full_disk)
    try:
        picture = kept_pictures.KeptPicture("k" * 64, "t", 2, 1, 1.0, b"\xff" * 8)
        assert kept_pictures.keep(database, START_SLOT, picture) is False
        assert kept_pictures.find(database, START_SLOT, "k" * 64) is None
    finally:
        database.dispose()
