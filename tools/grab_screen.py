"""Save a picture of the whole X screen once a window has been drawn on it.

    python tools/grab_screen.py OUT.png [--timeout SECONDS]

For checking a build under Xvfb (see tools/bundle_screenshot.sh): it waits until the
screen shows more than a blank background and has stopped changing, then saves it.
Uses Qt's own screen grab, so it needs no ImageMagick or xwd.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

BLANK_COLOURS = 4


def distinct_colours(image: object, step: int = 16) -> int:
    seen = set()
    for y in range(0, image.height(), step):  # type: ignore[attr-defined]
        for x in range(0, image.width(), step):  # type: ignore[attr-defined]
            seen.add(image.pixel(x, y))  # type: ignore[attr-defined]
    return len(seen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--timeout", type=float, default=90.0)
    args = parser.parse_args()

    from PySide6.QtGui import QGuiApplication

    application = QGuiApplication(sys.argv[:1])
    screen = application.primaryScreen()
    deadline = time.monotonic() + args.timeout
    previous: bytes | None = None
    while time.monotonic() < deadline:
        image = screen.grabWindow(0).toImage()
        if distinct_colours(image) > BLANK_COLOURS:
            current = bytes(image.constBits())
            if current == previous:
                if not image.save(str(args.output)):
                    print(f"could not write {args.output}", file=sys.stderr)
                    return 1
                print(f"saved {args.output} ({image.width()}x{image.height()})")
                return 0
            previous = current
        # A tool polling a display, not a test: waiting for another process to draw.
        time.sleep(1.0)
    print(f"nothing was drawn on the screen within {args.timeout:.0f} s", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
