"""README's command table lists every command the program accepts."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from coalition_desk import cli

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_lists_every_command() -> None:
    parser = cli.build_parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    table = [line for line in README.read_text(encoding="utf-8").splitlines()
             if line.startswith("| `")]
    listed = {re.match(r"\| `([a-z-]+)", line).group(1) for line in table}
    assert set(sub.choices) <= listed, set(sub.choices) - listed
    for name, command in sub.choices.items():
        row = next(line for line in table if line.startswith(f"| `{name}"))
        for option in command._option_string_actions:
            if option.startswith("--") and option != "--help":
                assert option in row, (name, option)
