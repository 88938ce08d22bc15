"""Associations, enterprises, their staff and recruiters, membership and verification."""
