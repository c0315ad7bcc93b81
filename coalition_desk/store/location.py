"""Where the register lives when nobody names one: $COALITION_DESK_DB, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "COALITION_DESK_DB"


def default_database() -> str:
    override = os.environ.get(DB_ENV)
    if override:
        return override
    import platformdirs

    folder = Path(platformdirs.user_data_dir("coalition-desk", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / "coalition-desk.sqlite3")
