"""App configuration: registers the position source with the search app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "listings"
    verbose_name = _("Position listings")

    def ready(self) -> None:
        # Models can be imported only once the app registry is ready.
        from listings.source import PositionListings
        from search.source import register_source

        register_source(PositionListings())
