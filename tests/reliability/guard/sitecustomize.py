"""Puts the no-network guard into every Python the test suite starts (CLI, crash trials).

The suite adds this folder to PYTHONPATH and sets COALITION_DESK_NO_NETWORK=1 for its
children; outside the test suite this file is never on the path.
"""

import os

if os.environ.get("COALITION_DESK_NO_NETWORK") == "1":
    try:
        from no_network import install
    except ImportError:  # another program's Python that happens to inherit the path
        pass
    else:
        install()
