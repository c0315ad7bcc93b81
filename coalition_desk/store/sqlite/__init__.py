"""What only an SQLite register file needs: its files beside it, its shared-memory index, and
why SQLite refused it."""
