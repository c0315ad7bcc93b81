"""Picture of the conflicts dialog for docs/merge.md, on issue 15's Alice and Bob example.

    xvfb-run -a -s "-screen 0 1600x1000x24" \
        python tools/merge_screenshot.py docs/merge-conflicts.png

Two copies of the demo; Alice and Bob each edit Poland's notes (and Bob Latvia's), then
Alice runs File → Merge Register… on Bob's register, exactly as an officer would, and the
conflicts dialog is saved as it is drawn on the screen.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path


def _edit(path: Path, code: str, notes: str) -> None:
    import dataclasses

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--preview", type=Path, help="also save the merge preview here")
    args = parser.parse_args()

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from coalition_desk.services import demo
    from coalition_desk.store.engine import open_database
    from coalition_desk.ui.actions import merge_actions
    from coalition_desk.ui.app import build_window

    folder = Path(tempfile.mkdtemp(prefix="merge-screenshot-"))
    alice, bob = folder / "alice.sqlite3", folder / "bob.sqlite3"
    database = open_database(alice)
    demo.install_demo(database)
    database.dispose()
    shutil.copy(alice, bob)
    _edit(alice, "POL", "Alice (Warsaw, 14 May): wants a written US backstop before "
                        "committing troops.")
    _edit(bob, "POL", "Bob (Brussels, 15 May): Warsaw will send logistics only; no "
                      "troops on Ukrainian soil.")
    _edit(bob, "LVA", "Bob: Riga offers to host the next coordination round.")
    _edit(alice, "FRA", "Alice: Paris will lead the planning cell.")
    _edit(bob, "FRA", "Bob: Paris wants a UN mandate first.")
    _edit(alice, "FIN", "Alice: Helsinki offers air policing.")
    _edit(bob, "FIN", "Bob: Helsinki sends engineers, not jets.")

    application = QApplication(sys.argv[:1])
    window = build_window(open_database(alice),
                          QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat))
    window.resize(1500, 940)
    window.show()
    merge_actions.ask_merge_path = lambda parent: str(bob)  # type: ignore[assignment]
    flow = merge_actions.merge_register(window)
    assert flow is not None

    def settle(until: object, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        while not until() and time.monotonic() < deadline:  # type: ignore[operator]
            application.processEvents()
            time.sleep(0.02)

    settle(lambda: flow.dialog is not None and flow.dialog.isVisible())
    assert flow.dialog is not None, "the merge preview did not open"
    flow.dialog.merge_button.click()
    settle(lambda: flow.dialog.conflicts_dialog is not None)
    conflicts = flow.dialog.conflicts_dialog
    assert conflicts is not None
    conflicts.resize(1200, 620)
    # As the officer leaves it: Poland's two notes both kept, marked.
    conflicts.choose(conflicts.conflicts[0].key, "both")
    conflicts.choose(conflicts.conflicts[1].key, "theirs")
    settle(lambda: False, 1.5)
    if not conflicts.grab().save(str(args.output)):
        print(f"could not write {args.output}", file=sys.stderr)
        return 1
    print(f"saved {args.output}")
    if args.preview is not None:
        flow.dialog.grab().save(str(args.preview))
    conflicts.reject()
    flow.dialog.reject()
    window.close()
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
