"""The only way the window and the reports touch data.

Reads return plain frozen values; every write is one validated, audited transaction
that returns the ChangeSet it made.
"""
