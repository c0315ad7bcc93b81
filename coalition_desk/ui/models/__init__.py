"""One table model per table: plain rows from services, sorted and filtered in Python."""
