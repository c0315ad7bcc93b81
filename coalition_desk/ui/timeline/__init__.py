"""The positions timeline beside its pane: its picture, its drawing jobs, its menu, its reads."""
