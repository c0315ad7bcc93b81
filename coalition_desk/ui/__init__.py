"""The Qt window. Everything here talks to data only through coalition_desk.services."""
