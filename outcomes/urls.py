"""URLs of the outcomes pages."""

app_name = "outcomes"

urlpatterns: list = []
