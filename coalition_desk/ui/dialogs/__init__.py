"""One edit dialog per kind of record, on a shared form frame (form.py, fields.py)."""
