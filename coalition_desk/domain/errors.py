"""Input the user can correct, whichever layer finds it wrong; a read told to stop."""

from __future__ import annotations


class BadInput(Exception):
    """Input the user can put right (a file name, a record that does not exist).

    The command line reports it in one line with exit code 2, and nothing was changed.
    """


class ReadCancelled(Exception):
    """A read was told to stop (whoever wanted it wants another now) and stopped between
    two of its chunks. It returns nothing: nothing it had read so far is kept or shown."""
