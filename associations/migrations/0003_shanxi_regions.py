"""Load Shanxi's 11 prefecture-level cities and their districts and counties (extend in the admin)."""

from django.db import migrations


def load(apps, schema_editor):
    from associations.data.shanxi_regions import SHANXI

    Region = apps.get_model("associations", "Region")
    for code, name, name_en, districts in SHANXI:
        city, _ = Region.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "level": "city", "parent": None}
        )
        for d_code, d_name, d_name_en in districts:
            Region.objects.update_or_create(
                code=d_code,
                defaults={"name": d_name, "name_en": d_name_en, "level": "district", "parent": city},
            )


def unload(apps, schema_editor):
    from associations.data.shanxi_regions import SHANXI

    Region = apps.get_model("associations", "Region")
    codes = [d[0] for _c, _n, _e, ds in SHANXI for d in ds]
    Region.objects.filter(code__in=codes).delete()
    Region.objects.filter(code__in=[c[0] for c in SHANXI], children=None).delete()


class Migration(migrations.Migration):
    dependencies = [("associations", "0002_enterprise_and_association_profiles")]

    operations = [migrations.RunPython(load, unload)]
