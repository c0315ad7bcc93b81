"""Capture: turn a pasted readout, press release or meeting minute into proposed records.

No Qt and no network. ``capture_text`` reads the text; ``apply.save`` writes the
proposals an officer kept through services, in one transaction.
"""

from coalition_desk.capture.proposals import Capture
from coalition_desk.capture.reading import capture_text

__all__ = ["Capture", "capture_text"]
