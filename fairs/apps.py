"""App configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FairsConfig(AppConfig):
    name = "fairs"
    verbose_name = _("Fairs")
