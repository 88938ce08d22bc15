"""URLs of the candidates pages."""

app_name = "candidates"

urlpatterns: list = []
