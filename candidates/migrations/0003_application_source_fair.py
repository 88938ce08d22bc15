"""The fair an application came through becomes a foreign key (the column keeps its name)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0002_profile_resumes_applications"),
        ("fairs", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(
            model_name="application", old_name="source_fair_id", new_name="source_fair"
        ),
        migrations.AlterField(
            model_name="application",
            name="source_fair",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="fairs.fair",
                verbose_name="fair",
            ),
        ),
    ]
