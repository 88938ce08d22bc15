"""URLs of the fairs pages."""

app_name = "fairs"

urlpatterns: list = []
