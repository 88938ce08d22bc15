"""The REST API's router and shared pieces."""
