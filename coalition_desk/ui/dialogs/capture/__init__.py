"""File → Capture from Text…: the paste dialog, the review dialog and its proposal form."""
