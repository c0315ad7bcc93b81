"""live updates: every committed write on a server notifies the other windows

Revision ID: 0009_live_updates
Revises: 0005_versions_tombstones_redirects
Create Date: 2026-12-01

In team mode several windows show one register; each listens on the channel
``coalition_desk`` (store/live.py) and reads again what another officer changed.
The NOTIFY is sent by triggers, not by the services: every write path (the window, the
command line, an import's or a merge's bulk statements, `copy`, an administrator's psql)
notifies, inside the transaction that writes, so a notification arrives exactly when
the write is committed and never for one rolled back.

NOTIFY payloads are visible to every user of the database, readers too, whatever their
rights on the tables: a payload carries the table, what happened and the records'
UUIDs, never their content. One notification per statement (transition tables), with
at most MAX_UUIDS UUIDs: a bulk statement beyond that says only its table ("uuids":
null, read the table again), as a payload must stay under 8000 bytes.
Nothing changes on SQLite: a register file has one window.
"""

from __future__ import annotations

from alembic import op

revision = "0009_live_updates"
down_revision = "0005_versions_tombstones_redirects"
branch_labels = None
depends_on = None

CHANNEL = "coalition_desk"
MAX_UUIDS = 150
RECORD_TABLES = (
    "nations", "people", "meetings", "attendance", "issues", "positions", "pledges",
    "questions", "capability_requirements",
)  # fmt: skip
# (trigger suffix, event, transition table, what the payload calls it)
EVENTS = (
    ("insert", "INSERT", "NEW", "create"),
    ("update", "UPDATE", "NEW", "update"),
    ("delete", "DELETE", "OLD", "delete"),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION coalition_desk_notify_rows() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE uuids jsonb; "
        "BEGIN "
        f"  SELECT jsonb_agg(uuid) INTO uuids FROM (SELECT uuid FROM changed_rows "
        f"    LIMIT {MAX_UUIDS + 1}) few; "
        "  IF uuids IS NULL THEN RETURN NULL; END IF; "
        f"  IF jsonb_array_length(uuids) > {MAX_UUIDS} THEN uuids := 'null'::jsonb; END IF; "
        f"  PERFORM pg_notify('{CHANNEL}', jsonb_build_object('table', TG_TABLE_NAME, "
        "    'action', TG_ARGV[0], 'uuids', uuids)::text); "
        "  RETURN NULL; "
        "END $$"
    )
    # Settings have keys, not UUIDs: the payload names the table only.
    op.execute(
        "CREATE FUNCTION coalition_desk_notify_table() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN PERFORM pg_notify('{CHANNEL}', jsonb_build_object('table', TG_TABLE_NAME, "
        "'action', 'update', 'uuids', 'null'::jsonb)::text); RETURN NULL; END $$"
    )
    for table in RECORD_TABLES:
        for suffix, event, transition, action in EVENTS:
            op.execute(
                f"CREATE TRIGGER {table}_notify_{suffix} AFTER {event} ON {table} "
                f"REFERENCING {transition} TABLE AS changed_rows FOR EACH STATEMENT "
                f"EXECUTE FUNCTION coalition_desk_notify_rows('{action}')"
            )
    op.execute(
        "CREATE TRIGGER settings_notify AFTER INSERT OR UPDATE OR DELETE ON settings "
        "FOR EACH STATEMENT EXECUTE FUNCTION coalition_desk_notify_table()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in RECORD_TABLES:
        for suffix, *_rest in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_notify_{suffix} ON {table}")
    op.execute("DROP TRIGGER IF EXISTS settings_notify ON settings")
    op.execute("DROP FUNCTION IF EXISTS coalition_desk_notify_rows()")
    op.execute("DROP FUNCTION IF EXISTS coalition_desk_notify_table()")
