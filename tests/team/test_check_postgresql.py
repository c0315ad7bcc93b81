"""`check` on a server finds what an interrupted administration leaves behind."""

from __future__ import annotations

from sqlalchemy import text

from coalition_desk.store.check import check_database
from coalition_desk.store.engine import Database


def test_check_names_an_invalid_index_an_unvalidated_constraint_and_a_disabled_trigger(
    pg_demo_db: Database,
) -> None:
    assert check_database(pg_demo_db) == []
    with pg_demo_db.engine.begin() as connection:
        connection.execute(text("CREATE INDEX half_built ON nations (name)"))
        # What a failed CREATE INDEX CONCURRENTLY leaves: the test server's user is a superuser.
        connection.execute(
            text("UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'half_built'::regclass")
        )
        connection.execute(
            text("ALTER TABLE pledges ADD CONSTRAINT never_checked CHECK (id > 0) NOT VALID")
        )
        trigger = connection.execute(
            text(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'positions'::regclass "
                "AND NOT tgisinternal LIMIT 1"
            )
        ).scalar_one()
        connection.execute(text(f'ALTER TABLE positions DISABLE TRIGGER "{trigger}"'))

    found = {(f.check, f.message) for f in check_database(pg_demo_db)}

    assert ("indexes", "index half_built on nations is invalid; REINDEX it") in found
    assert ("constraints", "constraint never_checked on pledges was never validated") in found
    assert ("triggers", f"trigger {trigger} on positions is disabled") in found
