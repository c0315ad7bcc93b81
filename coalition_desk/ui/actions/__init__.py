"""What the menus do: file actions (open, new, backup), report actions (pack, export,
import) and edit actions with their undo commands."""
