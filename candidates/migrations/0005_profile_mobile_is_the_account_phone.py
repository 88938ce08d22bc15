"""The graduate's profile mobile becomes the account's number (User.phone), one field.

Each typed number moves to its account, not yet proved (no code was ever sent to it): the
graduate verifies it from the profile to sign in with it and get SMS. A number is kept on the
account whose profile changed last when several typed the same one (the others add theirs).
"""

from django.db import migrations, models


def move_mobiles(apps, schema_editor):
    GraduateProfile = apps.get_model("candidates", "GraduateProfile")
    User = apps.get_model("accounts", "User")
    profiles = (
        GraduateProfile.objects.exclude(mobile="")
        .order_by("-updated_at", "-pk")
        .values_list("user_id", "mobile")
    )
    seen = set()
    for user_id, mobile in profiles.iterator():
        digits = "".join(ch for ch in mobile if ch.isdigit())
        if len(digits) != 11 or digits in seen:
            continue
        seen.add(digits)
        User.objects.filter(pk=user_id, phone__isnull=True).update(
            phone="+86" + digits, phone_verified=False
        )


def restore_mobiles(apps, schema_editor):
    GraduateProfile = apps.get_model("candidates", "GraduateProfile")
    for profile in GraduateProfile.objects.select_related("user").exclude(user__phone=None):
        profile.mobile = profile.user.phone.removeprefix("+86")
        profile.save(update_fields=["mobile"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_phone_and_sms"),
        ("candidates", "0004_matching_and_invitations"),
    ]

    operations = [
        migrations.RunPython(move_mobiles, restore_mobiles),
        # Two steps for a rolling deploy: the code forgets the field now, while the column stays
        # (with a database default, so this release's inserts need not name it) for the release
        # before, which still reads and writes it; a later release drops it.
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="graduateprofile", name="mobile")],
            database_operations=[
                migrations.AlterField(
                    model_name="graduateprofile",
                    name="mobile",
                    field=models.CharField(
                        blank=True, db_default="", default="", max_length=11
                    ),
                )
            ],
        ),
    ]
