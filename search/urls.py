"""URLs of the search pages."""

app_name = "search"

urlpatterns: list = []
