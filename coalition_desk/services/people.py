"""The people of the register: delegates, ministers, spokespeople, with their nation."""

from __future__ import annotations

from sqlalchemy import func, select

from coalition_desk.domain.views import PersonView
from coalition_desk.domain.wording import name_key
from coalition_desk.store import models
from coalition_desk.store.engine import Database
from coalition_desk.store.reads import rows_of

Pe, N, P = models.PersonRow, models.NationRow, models.PositionRow


def list_people(database: Database, *, nation_uuid: str | None = None) -> list[PersonView]:
    """Everyone (or one nation's people), by name as a reader expects it."""
    spoken = (
        select(P.speaker_id, func.count().label("statements"))
        .where(P.speaker_id.is_not(None))
        .group_by(P.speaker_id)
        .subquery()
    )
    query = (
        select(Pe.uuid, Pe.name, Pe.office, N.uuid, N.name, Pe.notes, spoken.c.statements)
        .outerjoin(N, N.id == Pe.nation_id)
        .outerjoin(spoken, spoken.c.speaker_id == Pe.id)
    )
    if nation_uuid:
        query = query.where(N.uuid == nation_uuid)
    with database.session() as session:
        people = [
            PersonView(uuid, name, office, nation, nation_name or "", notes, statements or 0)
            for uuid, name, office, nation, nation_name, notes, statements
            in rows_of(session, query)
        ]
    return sorted(people, key=lambda person: name_key(person.name))
