"""The window's side of a merge: the preview of File → Merge Register… and a stale save
shown as a merge of one record (both decided in ui/dialogs/conflicts_dialog.py)."""
