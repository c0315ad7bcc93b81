"""Coalition Desk: a negotiation register for liaison officers, offline."""

from __future__ import annotations

APP_NAME = "Coalition Desk"


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("coalition-desk")
    except metadata.PackageNotFoundError:
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    # Read when first asked for (the About box, the CLI's --version, an export's cover):
    # finding the installed package's metadata scans every folder on sys.path, a few
    # milliseconds of every cold start that never shows it.
    if name == "__version__":
        version = globals()["__version__"] = _version()
        return version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
