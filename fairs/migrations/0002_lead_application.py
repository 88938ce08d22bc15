"""A lead's application becomes a foreign key (the column keeps its name)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("fairs", "0001_initial"),
        ("candidates", "0003_application_source_fair"),
    ]

    operations = [
        migrations.RenameField(model_name="lead", old_name="application_id", new_name="application"),
        migrations.AlterField(
            model_name="lead",
            name="application",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="leads",
                to="candidates.application",
                verbose_name="application",
            ),
        ),
    ]
