"""manage.py tally: the campaign figures for a period (and a campaign), as one JSON object."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from fairs.models import Campaign
from outcomes import tally
from outcomes.tally import Scope


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = "Print the campaign figures (the keys of GET /api/v1/outcomes/summary/)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--from", dest="date_from", type=_date, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", type=_date, help="YYYY-MM-DD")
        parser.add_argument("--campaign", help="Scope the figures to this campaign (its name).")

    def handle(self, *args, json: bool, date_from, date_to, campaign, **options):
        scope = Scope(date_from=date_from, date_to=date_to)
        if campaign:
            found = Campaign.objects.filter(name=campaign).first()
            if found is None:
                raise CommandError(f"No campaign is named {campaign!r}.")
            scope = Scope(
                date_from=date_from or found.starts_on,
                date_to=date_to or found.ends_on,
                campaign_id=found.pk,
            )
        figures = tally.summary(scope)
        if json:
            self.stdout.write(_dumps(figures))
            return
        for key, label in tally.FIGURES.items():
            self.stdout.write(f"{label}: {figures[key]}")


def _dumps(figures: dict) -> str:
    return json.dumps(figures, ensure_ascii=False)
