"""How names sort and counts read wherever an officer sees a list or a total."""

from __future__ import annotations

import unicodedata


def name_key(name: str) -> str:
    """A name's place in a list, as an officer expects it: case and accents ignored.

    "Åland", "austria" and "Azerbaijan" sort as a, a, a; "Österreich" by its O. Ties
    between names that differ only so are broken by the caller's own order.
    """
    if name.isascii():
        # Most names: no accents to take off (and a table sorts 200,000 of them).
        return name.casefold()
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold()


def plural(count: int, singular: str, many: str | None = None) -> str:
    """``count`` with the word it counts: "1 nation", "2 nations", "1,200 people"."""
    word = singular if count == 1 else (many or f"{singular}s")
    return f"{count:,} {word}"
