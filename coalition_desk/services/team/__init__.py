"""Team mode: one register on a PostgreSQL server for a cell of officers."""
