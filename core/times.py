"""How a moment is written in messages, e-mails and exports: local time (Asia/Shanghai), minutes."""

from datetime import datetime

from django.utils import timezone


def local_minute(moment: datetime) -> str:
    """`2026-11-25 09:30` in the site's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
