"""The Analysis tab: its pane, its four sections and the lazily drawn charts they share."""
