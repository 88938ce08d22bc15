"""Registration of every app's viewsets on the API router."""
