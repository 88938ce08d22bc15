"""Load the shipped related-terms dictionary (search/data/synonyms.txt) into the database."""

from pathlib import Path

from django.db import migrations

SYNONYMS = Path(__file__).resolve().parent.parent / "data" / "synonyms.txt"


def load(apps, schema_editor):
    RelatedTerms = apps.get_model("search", "RelatedTerms")
    rows = []
    for line in SYNONYMS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words, _arrow, targets = line.partition("=>")
        rows.append(RelatedTerms(words=words.strip().lower(), targets=targets.strip().lower()))
    RelatedTerms.objects.bulk_create(rows)


def unload(apps, schema_editor):
    apps.get_model("search", "RelatedTerms").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
