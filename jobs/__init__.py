"""Positions, their lifecycle and bulk import."""
