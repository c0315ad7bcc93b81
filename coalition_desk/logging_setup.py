"""One log file per user that an officer can attach to a support request."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_ENV = "COALITION_DESK_LOG_DIR"
MAX_BYTES = 1_000_000
BACKUPS = 3


def log_folder() -> Path:
    override = os.environ.get(LOG_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_log_dir("coalition-desk", appauthor=False))


def configure_logging(verbose: bool = False) -> Path | None:
    """Warnings to stderr; everything from INFO up to a rotating file, if it can be written."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(console)
    try:
        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "coalition-desk.log"
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        # A read-only profile must not stop the application; stderr still gets warnings.
        return None
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s")
    )
    root.addHandler(handler)
    return path
