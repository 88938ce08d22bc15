"""App configuration: core has no models; it is installed so Celery finds core.tasks."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"
