"""One log file per user that an officer can attach to a support request."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
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


class OneLineFormatter(logging.Formatter):
    """The console gets the message only; the traceback goes to the log file."""

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


def _log_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """An error in a finaliser (a zip archive closed on a full disk after its save had
    already failed and been reported) goes to the log file, not the officer's console."""
    error = unraisable.exc_value
    logging.getLogger("coalition_desk.unraisable").info(
        "Exception ignored in %r: %s",
        unraisable.object,
        error,
        exc_info=(unraisable.exc_type, error, unraisable.exc_traceback)
        if error is not None
        else None,
    )


def configure_logging(verbose: bool = False) -> Path | None:
    """Warnings to stderr; everything from INFO up to a rotating file, if it can be written."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    formatter = logging.Formatter if verbose else OneLineFormatter
    if not verbose:
        sys.unraisablehook = _log_unraisable
    console.setFormatter(formatter("%(levelname)s %(name)s: %(message)s"))
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
