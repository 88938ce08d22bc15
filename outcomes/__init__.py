"""Placements, the campaign tally, the department dashboard and reports."""
