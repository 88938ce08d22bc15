"""Add the related terms shipped since 0002 (search/data/synonyms.txt grew by about 160 lines:
more occupations and English job words). A line already present, as shipped, is left alone."""

from pathlib import Path

from django.db import migrations

SYNONYMS = Path(__file__).resolve().parent.parent / "data" / "synonyms.txt"


def add_missing(apps, schema_editor):
    RelatedTerms = apps.get_model("search", "RelatedTerms")
    present = set(RelatedTerms.objects.values_list("words", "targets"))
    rows = []
    for line in SYNONYMS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words, _arrow, targets = line.partition("=>")
        key = (words.strip().lower(), targets.strip().lower())
        if key not in present:
            present.add(key)
            rows.append(RelatedTerms(words=key[0], targets=key[1]))
    RelatedTerms.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_related_terms_revised")]
    operations = [migrations.RunPython(add_missing, migrations.RunPython.noop)]
