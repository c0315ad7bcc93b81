"""The panes' headings, drawn with fonts instead of rich text, show what the labels showed.

Bold words stay bold, the count stays plain, a heading takes the room its rich-text label
took (so the panes are laid out as before), and a heading the window cannot fit is cut
at the right with its whole text in the tooltip.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QWidget

from coalition_desk.ui.panes.heading import Heading

TITLE = "Meetings attended by or with statements from Poland"


def _same_size_grabs(qtbot, first: QWidget, second: QWidget) -> tuple[QImage, QImage]:
    size = first.sizeHint().expandedTo(second.sizeHint())
    for widget in (first, second):
        qtbot.addWidget(widget)
        widget.resize(size)
        widget.show()
        qtbot.waitExposed(widget)
    return first.grab().toImage(), second.grab().toImage()


def _ink_extent(image: QImage) -> tuple[int, int]:
    background = QColor(image.pixel(image.width() - 1, 0)).lightness()
    columns = [
        x for x in range(image.width())
        if any(abs(QColor(image.pixel(x, y)).lightness() - background) > 90
               for y in range(image.height()))
    ]  # fmt: skip
    return (columns[0], columns[-1]) if columns else (-1, -1)


def test_a_bold_heading_looks_as_the_rich_text_label_did(qtbot) -> None:
    heading, label = Heading(), QLabel(f"<b>{TITLE}</b>")
    heading.set_text(TITLE, bold=True)
    assert abs(heading.sizeHint().width() - label.sizeHint().width()) <= 2
    assert heading.sizeHint().height() == label.sizeHint().height()
    ours, theirs = _same_size_grabs(qtbot, heading, label)
    assert ours == theirs
    assert heading.text() == TITLE


def test_a_bold_title_with_a_plain_count_takes_the_labels_room(qtbot) -> None:
    heading, label = Heading(), QLabel(f"<b>{TITLE}</b> (286)")
    heading.set_runs((TITLE, True), (" (286)", False))
    assert heading.text() == f"{TITLE} (286)"
    assert abs(heading.sizeHint().width() - label.sizeHint().width()) <= 2
    ours, theirs = _same_size_grabs(qtbot, heading, label)
    # The same words over the same width: the ink starts and ends where the label's did.
    (our_start, our_end), (their_start, their_end) = _ink_extent(ours), _ink_extent(theirs)
    assert abs(our_start - their_start) <= 1 and abs(our_end - their_end) <= 2
    # The title is bold and the count is not: a bold count would be wider.
    bold_count = Heading()
    bold_count.set_runs((TITLE, True), (" (286)", True))
    assert bold_count.sizeHint().width() > heading.sizeHint().width()


def test_a_heading_the_window_cannot_fit_is_cut_at_the_right_and_says_itself_whole(
    qtbot,
) -> None:
    heading = Heading()
    qtbot.addWidget(heading)
    heading.set_runs((TITLE, True), (" (286)", False))
    heading.resize(heading.sizeHint())
    heading.show()
    qtbot.waitExposed(heading)
    assert heading.toolTip() == ""
    heading.resize(heading.sizeHint().width() // 2, heading.sizeHint().height())
    qtbot.waitUntil(lambda: heading.toolTip() == f"{TITLE} (286)")
    start, end = _ink_extent(heading.grab().toImage())
    assert start <= 2 and end < heading.width() - 1  # the start in sight, an ellipsis last
    heading.resize(heading.sizeHint())
    qtbot.waitUntil(lambda: heading.toolTip() == "")
