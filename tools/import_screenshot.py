"""Picture of the import preview for docs/screenshots/README.md (issue 16, point 5).

    xvfb-run -a -s "-screen 0 1600x1000x24" \
        python tools/import_screenshot.py docs/import-preview.png

Two copies of the demo; Bob edits Latvia's and Poland's notes and adds a person, exports
his register to a workbook; Alice, who edited Poland's notes too, runs File → Import
register… on it, exactly as an officer would, and the preview is saved as drawn.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
import tempfile
import time
from pathlib import Path


def _edit(path: Path, code: str, notes: str) -> None:
    from coalition_desk.domain import records as rec
    from coalition_desk.services import demo, records
    from coalition_desk.services.crud import Writer
    from coalition_desk.store.engine import open_database

    database = open_database(path)
    try:
        nation = records.get(database, rec.Nation, demo.demo_uuid("nation", code))
        Writer(database, origin="window").update(dataclasses.replace(nation, notes=notes))
    finally:
        database.dispose()


def _bobs_workbook(bob: Path, workbook: Path) -> None:
    from coalition_desk.domain import records as rec
    from coalition_desk.reports import export_register
    from coalition_desk.services import demo
    from coalition_desk.services.crud import Writer
    from coalition_desk.store.engine import open_database

    database = open_database(bob)
    try:
        Writer(database, origin="window").create(rec.Person(
            name="Inga Ozola", office="Deputy State Secretary",
            nation_uuid=demo.demo_uuid("nation", "LVA")))
        export_register(database, workbook)
    finally:
        database.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    args = parser.parse_args()

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from coalition_desk.services import demo
    from coalition_desk.store.engine import open_database
    from coalition_desk.ui.actions import import_actions
    from coalition_desk.ui.app import build_window

    folder = Path(tempfile.mkdtemp(prefix="import-screenshot-"))
    alice, bob = folder / "alice.sqlite3", folder / "bob.sqlite3"
    database = open_database(alice)
    demo.install_demo(database)
    database.dispose()
    shutil.copy(alice, bob)
    _edit(alice, "POL", "Alice (Warsaw, 14 May): wants a written US backstop before "
                        "committing troops.")
    _edit(bob, "POL", "Bob (Brussels, 15 May): Warsaw will send logistics only.")
    _edit(bob, "LVA", "Bob: Riga offers to host the next coordination round.")
    workbook = folder / "register-bob-2025-05-15.xlsx"
    _bobs_workbook(bob, workbook)

    application = QApplication(sys.argv[:1])
    window = build_window(open_database(alice),
                          QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat))
    window.resize(1500, 940)
    window.show()
    import_actions.ask_workbook_path = lambda parent: str(workbook)  # type: ignore[assignment]
    flow = import_actions.import_register(window)
    assert flow is not None

    def settle(until: object, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        while not until() and time.monotonic() < deadline:  # type: ignore[operator]
            application.processEvents()
            time.sleep(0.02)

    settle(lambda: flow.dialog is not None and flow.dialog.isVisible())
    dialog = flow.dialog
    assert dialog is not None, "the import preview did not open"
    dialog.tabs.setCurrentIndex(0)
    settle(lambda: False, 1.5)
    if not dialog.grab().save(str(args.output)):
        print(f"could not write {args.output}", file=sys.stderr)
        return 1
    print(f"saved {args.output}")
    dialog.reject()
    window.close()
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
