"""Alembic, driven from code: the migration scripts ship inside this package.

Alembic itself is imported only to upgrade: opening an up-to-date database needs just the
revision ids, read from the scripts' ``revision = ...`` lines, and importing alembic cost
0.3-0.6 s of every start of the window (measured by tests/benchmarks, cold start).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION_LINE = re.compile(
    r"""^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(?:["']([^"']+)["']|None)\s*$""", re.M
)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@cache
def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


@cache
def revision_graph() -> dict[str, str | None]:
    """Each shipped revision and the one it revises, read without importing alembic."""
    graph: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found = dict(_REVISION_LINE.findall(script.read_text(encoding="utf-8")))
        if "revision" in found:
            graph[found["revision"]] = found.get("down_revision") or None
    return graph


def known_revisions() -> frozenset[str]:
    return frozenset(revision_graph())


def head_revision() -> str:
    graph = revision_graph()
    heads = set(graph) - set(graph.values())
    assert len(heads) == 1, f"the package must ship one migration head, not {sorted(heads)}"
    return heads.pop()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade in one transaction, so a failed step leaves the database as it was."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
