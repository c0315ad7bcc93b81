"""Dialogs: one edit dialog per kind of record on a shared form frame (form.py, fields.py),
and the window's other dialogs (find, history, settings, about, help, confirm delete)."""
