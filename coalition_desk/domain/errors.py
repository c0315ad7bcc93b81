"""Input the user can correct, whichever layer finds it wrong."""

from __future__ import annotations


class BadInput(Exception):
    """Input the user can put right (a file name, a record that does not exist).

    The command line reports it in one line with exit code 2, and nothing was changed.
    """
