"""One file per pane of the main window. A pane reads through services on the pool thread
(ui/loading.py) and shows a table model from ui/models."""
