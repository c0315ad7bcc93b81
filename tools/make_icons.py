"""Render the application icon from resources/icons/coalition-desk.svg.

    python tools/make_icons.py

Writes coalition-desk-{16..512}.png (Linux desktop files, macOS, Qt window icon) and
coalition-desk.ico (Windows executable and installer). Qt draws the SVG, Pillow packs
the .ico. Run it again after editing the SVG and commit the results.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SOURCE = ICONS / "coalition-desk.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_pngs() -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _application = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG")
    written = []
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = ICONS / f"coalition-desk-{size}.png"
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"could not write {target}")
        written.append(target)
    return written


def write_ico() -> Path:
    from PIL import Image

    largest = Image.open(ICONS / f"coalition-desk-{max(ICO_SIZES)}.png")
    target = ICONS / "coalition-desk.ico"
    # Pillow keeps each size's own rendering when given them all, rather than scaling one.
    others = [Image.open(ICONS / f"coalition-desk-{size}.png") for size in ICO_SIZES[:-1]]
    largest.save(target, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=others)
    return target


def main() -> int:
    for path in [*render_pngs(), write_ico()]:
        print(f"wrote {path.relative_to(ICONS.parent.parent)} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
