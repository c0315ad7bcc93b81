"""The help's contents page reaches every help page, and its links lead somewhere."""

from __future__ import annotations

import re

from coalition_desk.resources import resource_path

HELP = resource_path("help")


def test_every_help_page_is_linked_from_the_contents() -> None:
    index = (HELP / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'href="([^"#]+)"', index))
    pages = {page.name for page in HELP.glob("*.html")} - {"index.html"}
    assert "register-format.html" in pages
    assert pages <= linked, f"not in the contents: {sorted(pages - linked)}"
    assert all((HELP / target).is_file() for target in linked), sorted(linked)
