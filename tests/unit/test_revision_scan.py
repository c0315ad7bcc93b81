"""The revisions read from the migration scripts' text are exactly alembic's own."""

from coalition_desk.store import migrate


def test_revision_scan_agrees_with_alembic() -> None:
    scripts = migrate._scripts()
    alembic_graph = {
        script.revision: script.down_revision for script in scripts.walk_revisions()
    }
    assert migrate.revision_graph() == alembic_graph
    assert migrate.head_revision() == scripts.get_current_head()
    assert migrate.known_revisions() == frozenset(alembic_graph)
