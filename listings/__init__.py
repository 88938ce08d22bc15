"""Positions as the search index sees them: the bridge between the apps and `search`."""
