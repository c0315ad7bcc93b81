"""Coalition Desk: a negotiation register for liaison officers, offline."""

from __future__ import annotations

from importlib import metadata

APP_NAME = "Coalition Desk"


def _version() -> str:
    try:
        return metadata.version("coalition-desk")
    except metadata.PackageNotFoundError:
        return "0.0.0+source"


__version__ = _version()
