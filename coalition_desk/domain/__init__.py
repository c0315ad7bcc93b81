"""Plain types and rules of the negotiation register; no database, no Qt."""
