"""The migration that makes the profile's mobile the account's number moves existing data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BEFORE = [("accounts", "0002_user_language"), ("candidates", "0004_matching_and_invitations")]
AFTER = [("candidates", "0005_profile_mobile_is_the_account_phone")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_typed_mobiles_move_to_their_accounts_unproved_and_a_shared_one_to_the_last_editor():
    try:
        apps = migrate(BEFORE)
        User = apps.get_model("accounts", "User")
        Profile = apps.get_model("candidates", "GraduateProfile")
        people = {}
        for n, mobile in enumerate(["13812345678", "13912345678", "13912345678", ""]):
            user = User.objects.create(email=f"g{n}@example.cn")
            people[n] = Profile.objects.create(user=user, mobile=mobile).user_id
        # The second sharer edited the profile last: the number stays with them.
        later = timezone.now() + timedelta(days=1)
        Profile.objects.filter(user_id=people[2]).update(updated_at=later)

        apps = migrate(AFTER)
        User = apps.get_model("accounts", "User")
        phones = dict(User.objects.values_list("pk", "phone"))
        assert phones[people[0]] == "+8613812345678"
        assert phones[people[1]] is None
        assert phones[people[2]] == "+8613912345678"
        assert phones[people[3]] is None
        assert not User.objects.filter(phone_verified=True).exists()
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
