"""`coalition-desk --selftest`: prove that this installation works, offline, in a minute.

A sequence of named steps, each exercising one part the way the application uses it: the
schema migrations (loaded by path, so a bundle that lost them fails here), the demo, the
integrity check, Qt with its platform, image and icon plugins, the main window on the
demo, the positions timeline, a meeting pack written and read back, and a capture of
the demo's own news report (resources/demo/readout.txt). The first step
that fails stops the run and is named in the message; exit code 0 means every step passed.

Nothing here may touch the network: while the steps run, opening an internet socket is
itself a failure. Without a display the Qt steps run on Qt's offscreen platform.
Set COALITION_DESK_SELFTEST_SCREENSHOT=FILE.png to keep a picture of the main window.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coalition_desk import APP_NAME, __version__

EXIT_PASSED, EXIT_FAILED = 0, 1
SCREENSHOT_ENV = "COALITION_DESK_SELFTEST_SCREENSHOT"
WINDOW_FILL_SECONDS = 30
LOCAL_NAMES = frozenset({"", "localhost", "127.0.0.1", "::1"})


class SelftestFailure(Exception):
    """A step found the installation broken; the message says what a user should know."""


class NetworkAttempt(OSError):
    """Raised in place of a connection; an OSError so that callers close their socket."""


@dataclass
class Context:
    """What the steps hand on to each other."""

    folder: Path
    database: Any = None
    application: Any = None
    cleanups: list[Callable[[], None]] = field(default_factory=list)


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Context], str]


def step_migrations(context: Context) -> str:
    from coalition_desk.store import migrate
    from coalition_desk.store.engine import open_database

    scripts = sorted(p.name for p in (migrate.MIGRATIONS_DIR / "versions").glob("*.py"))
    if not scripts:
        raise SelftestFailure(f"no migration scripts in {migrate.MIGRATIONS_DIR}")
    database = open_database(context.folder / "selftest.sqlite3")
    context.database = database
    context.cleanups.append(database.dispose)
    head = migrate.head_revision()
    if database.revision != head:
        raise SelftestFailure(f"new database is at schema {database.revision}, not {head}")
    return f"new database upgraded to schema {head} by {len(scripts)} migration scripts"


def step_demo(context: Context) -> str:
    from coalition_desk.services import demo, records

    demo.install_demo(context.database, origin="selftest")
    counts = records.counts(context.database)
    empty = sorted(kind for kind, count in counts.items() if count == 0 and kind != "audit")
    if records.is_empty(context.database):
        raise SelftestFailure("the demo left the database empty")
    summary = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
    return summary + (f" (none of: {', '.join(empty)})" if empty else "")


def step_integrity(context: Context) -> str:
    from coalition_desk.store.check import check_database

    findings = check_database(context.database)
    if findings:
        listed = "; ".join(str(finding) for finding in findings[:5])
        raise SelftestFailure(f"{len(findings)} problem(s): {listed}")
    return "no problems found"


def step_postgresql_driver(_context: Context) -> str:
    """Team mode's driver is importable with its compiled libpq wrapper (a bundle that
    left psycopg_binary out fails here, not at an officer's first connection)."""
    import psycopg

    implementation = psycopg.pq.__impl__
    if implementation != "binary":
        raise SelftestFailure(f"psycopg uses its {implementation!r} libpq wrapper, not 'binary'")
    libpq = psycopg.pq.version()
    return f"psycopg {psycopg.__version__}, libpq {libpq // 10000}.{libpq % 10000}"


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


# Qt's offscreen platform says this for every top-level window; it is no fault of ours.
KNOWN_QT_NOISE = ("This plugin does not support propagateSizeHints()",)


def _quiet_known_qt_noise() -> None:
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    def handler(_kind: QtMsgType, _where: QMessageLogContext, message: str) -> None:
        if message not in KNOWN_QT_NOISE:
            print(f"Qt: {message}", file=sys.stderr)

    # Held here as well as by Qt, so that the handler outlives this function for sure.
    _MESSAGE_HANDLERS.append(handler)
    qInstallMessageHandler(handler)


_MESSAGE_HANDLERS: list[Callable[..., None]] = []


def step_qt(context: Context) -> str:
    if not os.environ.get("QT_QPA_PLATFORM") and not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QFontDatabase, QIcon, QImage
    from PySide6.QtWidgets import QApplication

    from coalition_desk.resources import resource_path

    _quiet_known_qt_noise()
    application = QApplication.instance() or QApplication([sys.argv[0]])
    context.application = application
    icon_file = resource_path("icons", "coalition-desk.svg")
    icon = QIcon(str(icon_file))
    if icon.isNull() or icon.pixmap(64, 64).isNull():
        raise SelftestFailure(f"Qt cannot draw the application icon {icon_file} (SVG plugin)")
    for image_name in ("coalition-desk-32.png", "coalition-desk.ico"):
        image = QImage(str(resource_path("icons", image_name)))
        if image.isNull():
            raise SelftestFailure(f"Qt cannot read {image_name} (image format plugins)")
    families = QFontDatabase.families()
    if not families:
        raise SelftestFailure("Qt finds no fonts: text would not render (fontconfig, fonts)")
    return f"platform {application.platformName()}, {len(families)} font families, icons load"


def step_qtagg(context: Context) -> str:
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(4, 3), dpi=100)
    axes = figure.add_subplot()
    axes.plot([0, 1, 2], [2, 0, 1], marker="o")
    axes.set_title("selftest")
    canvas = FigureCanvasQTAgg(figure)
    canvas.resize(400, 300)
    canvas.draw()
    image = canvas.grab().toImage()
    if image.isNull() or image.width() < 100:
        raise SelftestFailure("matplotlib's QtAgg canvas drew nothing")
    canvas.deleteLater()
    return f"matplotlib QtAgg canvas drew {image.width()}x{image.height()}"


def step_window(context: Context) -> str:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QAbstractItemView

    from coalition_desk.ui.app import build_window

    # The window remembers its layout; the selftest's goes to a scratch file, not the user's.
    settings = QSettings(str(context.folder / "window.ini"), QSettings.Format.IniFormat)
    window = build_window(context.database, settings)
    context.cleanups.append(window.close)
    window.resize(1400, 900)
    window.show()
    # The tables are filled from a pool thread just after the first paint.
    deadline = time.monotonic() + WINDOW_FILL_SECONDS
    while not window.is_filled() and time.monotonic() < deadline:
        context.application.processEvents()
        time.sleep(0.01)  # lets the pool thread have the interpreter
    if not window.isVisible():
        raise SelftestFailure("the main window did not show")
    rows = {
        view.objectName() or type(view).__name__: view.model().rowCount()
        for view in window.findChildren(QAbstractItemView)
        if view.model() is not None and view.isVisible()
    }
    if not any(rows.values()):
        raise SelftestFailure(f"the window shows no demo records (tables: {rows})")
    picture = window.grab()
    if picture.isNull():
        raise SelftestFailure("the window could not be drawn")
    target = os.environ.get(SCREENSHOT_ENV)
    if target and not picture.save(target):
        raise SelftestFailure(f"could not save the window picture to {target}")
    shown = sum(1 for count in rows.values() if count)
    saved = f", picture saved to {target}" if target else ""
    return f"{window.windowTitle()!r}: {shown} tables with demo rows{saved}"


def step_timeline(context: Context) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from coalition_desk.charts.timeline_data import TimelineRequest, build_timeline_data
    from coalition_desk.charts.timeline_draw import draw_timeline
    from coalition_desk.domain.records import Issue, Meeting, Nation
    from coalition_desk.services import positions, records, settings

    database = context.database
    stale_days = settings.stale_after_days(database)
    nations = sorted(
        ((n.uuid, n.name) for n in records.list_all(database, Nation)),
        key=lambda pair: pair[1].lower(),
    )
    views = positions.list_positions(database, stale_days=stale_days)
    data = build_timeline_data(
        TimelineRequest(stale_after_days=stale_days),
        views,
        records.list_all(database, Issue),
        records.list_all(database, Meeting),
        nations,
    )
    figure = Figure(figsize=(10, 6), dpi=100)
    canvas = FigureCanvasAgg(figure)
    drawing = draw_timeline(figure.add_subplot(), data)
    target = context.folder / "timeline.png"
    figure.savefig(target)
    if len(drawing.point_uuids) != len(views) or not views:
        raise SelftestFailure(
            f"the timeline drew {len(drawing.point_uuids)} markers for {len(views)} positions"
        )
    width, height = canvas.get_width_height()
    return f"{len(views)} positions on {len(nations)} rows, {width}x{height} PNG"


PACK_MEETING_DATE = "2025-04-10"  # the demo's defence ministers' meeting in Brussels


def step_meeting_pack(context: Context) -> str:
    from openpyxl import load_workbook

    from coalition_desk.reports.pack import PACK_SHEETS, write_meeting_pack
    from coalition_desk.reports.pack import cover as cover_sheet
    from coalition_desk.reports.pack import timeline as timeline_sheet
    from coalition_desk.services.meetings import find_meeting

    meeting = find_meeting(context.database, PACK_MEETING_DATE)
    written = write_meeting_pack(context.database, meeting.uuid, context.folder / "pack.xlsx")
    workbook = load_workbook(written)
    try:
        expected = [cover_sheet.TITLE_TEXT, *(sheet.TITLE_TEXT for sheet in PACK_SHEETS)]
        if workbook.sheetnames != expected:
            raise SelftestFailure(f"the pack reads back with sheets {workbook.sheetnames}")
        cover_text = {
            str(cell.value)
            for row in workbook[cover_sheet.TITLE_TEXT].iter_rows()
            for cell in row
            if cell.value is not None
        }
        if not any(meeting.title in text for text in cover_text):
            raise SelftestFailure(f"the cover does not name the meeting {meeting.title!r}")
        dots = sum(
            1
            for row in workbook[timeline_sheet.TITLE_TEXT].iter_rows()
            for cell in row
            if isinstance(cell.value, str) and cell.value.startswith(timeline_sheet.DOT)
        )
        if dots < 1:
            raise SelftestFailure("the pack's Timeline sheet shows no statement")
    finally:
        workbook.close()
    size_kb = written.stat().st_size / 1000
    return f"{len(expected)} sheets for {meeting.title!r}, read back ({size_kb:.0f} kB)"


def step_capture(context: Context) -> str:
    from coalition_desk.capture.selfcheck import CaptureCheckFailed, check_demo_capture

    try:
        return check_demo_capture(context.database)
    except CaptureCheckFailed as failure:
        raise SelftestFailure(str(failure)) from None


STEPS: tuple[Step, ...] = (
    Step("schema migrations", step_migrations),
    Step("demo scenario", step_demo),
    Step("integrity check", step_integrity),
    Step("PostgreSQL driver (team mode)", step_postgresql_driver),
    Step("Qt platform, fonts and icons", step_qt),
    Step("matplotlib QtAgg canvas", step_qtagg),
    Step("main window on the demo", step_window),
    Step("positions timeline", step_timeline),
    Step("meeting pack written and read back", step_meeting_pack),
    Step("capture from the demo's news report", step_capture),
)


@contextlib.contextmanager
def no_network() -> Iterator[list[str]]:
    """Any internet connection or datagram attempted while the steps run is refused."""
    attempts: list[str] = []
    names = ("connect", "connect_ex", "sendto", "sendmsg")
    real = {name: getattr(socket.socket, name) for name in names}

    def guarded(name: str) -> Callable[..., Any]:
        original = real[name]

        def refuse(self: socket.socket, *args: Any) -> Any:
            if self.family in (socket.AF_INET, socket.AF_INET6):
                attempts.append(f"{name}{args!r}")
                raise NetworkAttempt(f"something tried socket.{name}{args!r}")
            return original(self, *args)

        return refuse

    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        # A name lookup for anything but this machine may ask a DNS server.
        text = host.decode() if isinstance(host, bytes) else str(host or "")
        if text.lower() not in LOCAL_NAMES:
            attempts.append(f"getaddrinfo({host!r})")
            raise NetworkAttempt(f"something tried to look up {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    for name in names:
        setattr(socket.socket, name, guarded(name))
    socket.getaddrinfo = getaddrinfo
    try:
        yield attempts
    finally:
        for name, original in real.items():
            setattr(socket.socket, name, original)
        socket.getaddrinfo = real_getaddrinfo


def run_steps(steps: tuple[Step, ...], folder: Path) -> tuple[bool, list[str]]:
    """Run the steps in order, stopping at the first failure; a line per step run."""
    context = Context(folder=folder)
    lines: list[str] = []
    passed = True
    with no_network() as attempts:
        try:
            for number, step in enumerate(steps, start=1):
                started = time.perf_counter()
                label = f"[{number}/{len(steps)}] {step.name}"
                try:
                    detail = step.run(context)
                    if attempts:
                        raise NetworkAttempt(f"network connection attempted: {attempts}")
                except Exception as error:  # noqa: BLE001 - any failure is the step's verdict
                    lines.append(f"FAIL {label}: {type(error).__name__}: {error}")
                    print(lines[-1], file=sys.stderr, flush=True)
                    traceback.print_exc(file=sys.stderr)
                    passed = False
                    break
                lines.append(f"ok   {label} ({time.perf_counter() - started:.1f} s): {detail}")
                print(lines[-1], flush=True)
        finally:
            for cleanup in reversed(context.cleanups):
                with contextlib.suppress(Exception):
                    cleanup()
    return passed, lines


def run_selftest(steps: tuple[Step, ...] = STEPS) -> int:
    print(f"{APP_NAME} {__version__} selftest ({'bundle' if _frozen() else 'source'})")
    with tempfile.TemporaryDirectory(prefix="coalition-desk-selftest-") as folder:
        passed, lines = run_steps(steps, Path(folder))
    if passed:
        print(f"selftest passed: {len(lines)} steps.")
        return EXIT_PASSED
    failed = lines[-1].split(":", 1)[0].removeprefix("FAIL ").strip()
    print(f"coalition-desk: selftest FAILED at step {failed}; see above.", file=sys.stderr)
    return EXIT_FAILED


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))
