"""The window answers the keyboard: menus by Alt, reports by shortcut, a visible focus."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMenu

from coalition_desk.ui.panes import timeline_pane


def mnemonic(text: str) -> str | None:
    cleaned = text.replace("&&", "")
    index = cleaned.find("&")
    return cleaned[index + 1].lower() if index >= 0 and index + 1 < len(cleaned) else None


def test_every_menu_entry_has_its_own_alt_key(window) -> None:
    for menu in window.menu_bar.findChildren(QMenu):
        entries = [a for a in menu.actions() if not a.isSeparator() and a.text()]
        if menu.title() == "Open &recent":
            continue
        keys = [mnemonic(a.text()) for a in entries]
        assert None not in keys, (menu.title(), [a.text() for a in entries])
        assert len(keys) == len(set(keys)), (menu.title(), sorted(k or "" for k in keys))


def test_alt_f_is_the_file_menu_alone(window) -> None:
    window.show()
    taken = [mnemonic(a.text()) for a in window.menu_bar.actions()]
    assert "f" in taken
    in_window = [w for w in window.findChildren(QLabel) if w.buddy() is not None]
    in_window += window.findChildren(QAbstractButton)
    clashes = [w.text() for w in in_window
               if w.isVisibleTo(window) and mnemonic(w.text()) in set(taken)]
    assert clashes == []


def test_pack_export_and_import_have_shortcuts(window) -> None:
    keys = {a.objectName(): a.shortcut().toString() for a in window.report_actions}
    # A merge is rare and deliberate: File → Merge Register… has no shortcut of its own.
    assert keys == {"meeting_pack": "Ctrl+P", "export_register": "Ctrl+E",
                    "import_register": "Ctrl+I", "merge_register": ""}
    every = [a.shortcut().toString() for a in window.findChildren(type(window.find_action))
             if a.shortcut().toString()]
    for key in filter(None, keys.values()):
        assert every.count(key) == 1, key


def test_the_timeline_shows_when_it_has_the_keyboard(window, qtbot) -> None:
    window.show()
    pane = window.timeline_pane
    pane.ensure_built()
    window.activateWindow()
    pane.canvas.setFocus()
    QApplication.processEvents()
    qtbot.waitUntil(pane.canvas.hasFocus, timeout=2000)
    assert pane.has_visible_focus
    assert pane.frame.styleSheet() == timeline_pane.FOCUS_STYLE
    window.nations_pane.view.setFocus()
    qtbot.waitUntil(lambda: not pane.has_visible_focus, timeout=2000)


def test_a_stray_alt_key_types_nothing_into_a_filter_box(window, qtbot) -> None:
    from PySide6.QtCore import Qt

    window.show()
    box = window.nations_pane.filter_box
    box.setFocus()
    qtbot.keyClicks(box, "po")
    qtbot.keyClick(box, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)
    assert box.text() == "po"
