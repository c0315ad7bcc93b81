"""Full-text search on PostgreSQL, matching what SQLite's FTS5 index finds.

FTS5 (tokenizer unicode61, diacritics removed) splits text into runs of letters and
digits, folds case and accents, and the search asks for every word the officer typed as
the prefix of some token. PostgreSQL's own text search parses differently (``nato.int``
is one host token, ``3.5`` one number), so the same query would find other records.
Here the index keeps, per record, its tokens folded the same way (``lower(unaccent())``,
split on anything that is not a letter or a digit) as one space-separated string, and a
word matches where `` word`` occurs in it: the prefix of a token. A trigram (pg_trgm)
GIN index answers those LIKEs. Triggers keep it in step with every write, as on SQLite.

Ranking is simpler than FTS5's bm25: records with the words in their title first, then
shorter records. The hits are the same; their order may differ among near ties.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

INDEX_TABLE = "search_index"
WORDS_FUNCTION = "coalition_desk_search_words"
SNIPPET_TOKENS = 12


def schema_statements(
    sources: Sequence[tuple[str, str, int, str, str]], rowid_block: int
) -> list[str]:
    statements = [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        # unaccent() is only STABLE (its dictionary could change), which a function body
        # may call freely; the words are stored, so no index depends on it.
        f"CREATE OR REPLACE FUNCTION {WORDS_FUNCTION}(value text) RETURNS text "
        "LANGUAGE sql STABLE AS $$ SELECT ' ' || btrim(regexp_replace("
        "lower(unaccent(coalesce(value, ''))), '[^[:alnum:]]+', ' ', 'g')) || ' ' $$",
        f"CREATE TABLE {INDEX_TABLE} ("
        "id bigint PRIMARY KEY, kind varchar(20) NOT NULL, uuid varchar(36) NOT NULL, "
        "title text NOT NULL, body text NOT NULL, words text NOT NULL)",
        f"CREATE INDEX ix_{INDEX_TABLE}_words ON {INDEX_TABLE} USING gin (words gin_trgm_ops)",
    ]
    for kind, table, block, title, body in sources:
        new_title, new_body = title.format(t="NEW"), body.format(t="NEW")
        function = f"{table}_search_sync"
        statements += [
            f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_OP <> 'INSERT' THEN "
            f"DELETE FROM {INDEX_TABLE} WHERE id = {block} * {rowid_block}::bigint + OLD.id; "
            "END IF; "
            "IF TG_OP <> 'DELETE' THEN "
            f"INSERT INTO {INDEX_TABLE} (id, kind, uuid, title, body, words) VALUES ("
            f"{block} * {rowid_block}::bigint + NEW.id, '{kind}', NEW.uuid, "
            f"coalesce({new_title}, ''), coalesce({new_body}, ''), "
            f"{WORDS_FUNCTION}(coalesce({new_title}, '') || ' ' || coalesce({new_body}, ''))); "
            "END IF; RETURN NULL; END $$",
            f"CREATE TRIGGER {table}_search AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        ]
    return statements


def rebuild_statements(
    sources: Sequence[tuple[str, str, int, str, str]], rowid_block: int
) -> list[str]:
    statements = [f"DELETE FROM {INDEX_TABLE}"]
    for kind, table, block, title, body in sources:
        t_title, t_body = title.format(t=table), body.format(t=table)
        statements.append(
            f"INSERT INTO {INDEX_TABLE} (id, kind, uuid, title, body, words) "
            f"SELECT {block} * {rowid_block}::bigint + {table}.id, '{kind}', {table}.uuid, "
            f"coalesce({t_title}, ''), coalesce({t_body}, ''), "
            f"{WORDS_FUNCTION}(coalesce({t_title}, '') || ' ' || coalesce({t_body}, '')) "
            f"FROM {table}"
        )
    return statements


def drop_statements(sources: Sequence[tuple[str, str, int, str, str]]) -> list[str]:
    statements = []
    for _kind, table, *_ in sources:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_search ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_search_sync()",
        ]
    return [
        *statements,
        f"DROP TABLE IF EXISTS {INDEX_TABLE}",
        f"DROP FUNCTION IF EXISTS {WORDS_FUNCTION}(text)",
    ]


def search(session: Session, words: list[str], limit: int) -> list[tuple[str, str, str, str]]:
    """(kind, uuid, title, snippet) of the records holding every word as a token prefix."""
    folded = session.execute(
        text(f"SELECT {WORDS_FUNCTION}(:value)"), {"value": " ".join(words)}
    ).scalar_one()
    tokens = list(dict.fromkeys(folded.split()))
    if not tokens:
        return []
    # Folded tokens hold letters and digits only: nothing LIKE would read as a wildcard.
    params: dict[str, object] = {"n": limit}
    conditions, in_title = [], []
    for number, token in enumerate(tokens):
        params[f"w{number}"] = f"% {token}%"
        conditions.append(f"words LIKE :w{number}")
        in_title.append(f"(CASE WHEN {WORDS_FUNCTION}(title) LIKE :w{number} THEN 1 ELSE 0 END)")
    rows = session.execute(
        text(
            f"SELECT kind, uuid, title, body FROM {INDEX_TABLE} "
            f"WHERE {' AND '.join(conditions)} "
            f"ORDER BY {' + '.join(in_title)} DESC, length(words), id LIMIT :n"
        ),
        params,
    )
    return [(kind, uuid, title, snippet(body, tokens)) for kind, uuid, title, body in rows]


_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def snippet(body: str, tokens: list[str]) -> str:
    """FTS5's snippet(): up to 12 tokens of the body around the first match, the matching
    tokens in [brackets], `` … `` where the text was cut."""
    found = list(_TOKEN.finditer(body))
    if not found:
        return ""
    matches = [i for i, m in enumerate(found) if any(fold(m[0]).startswith(t) for t in tokens)]
    first = matches[0] if matches else 0
    # As FTS5: the match in the middle of the window, or a sentence's start just before it.
    start = max(0, min(first - (SNIPPET_TOKENS - 1) // 2, len(found) - SNIPPET_TOKENS))
    for candidate in range(start, first + 1):
        gap = body[found[candidate - 1].end() : found[candidate].start()] if candidate else "."
        if any(mark in gap for mark in ".!?"):
            start = candidate
            break
    end = min(len(found), start + SNIPPET_TOKENS)
    pieces: list[str] = []
    cursor = found[start].start() if start > 0 else 0
    for index in range(start, end):
        match = found[index]
        pieces.append(body[cursor : match.start()])
        word = match[0]
        pieces.append(f"[{word}]" if index in matches else word)
        cursor = match.end()
    pieces.append(body[cursor:] if end == len(found) else "")
    result = "".join(pieces)
    # FTS5 writes its ellipsis text as given, spaces and all.
    return (" … " if start > 0 else "") + result.strip() + (" … " if end < len(found) else "")
