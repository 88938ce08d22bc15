"""Campaigns, fairs, participations, tickets, check-in and interview slots."""
