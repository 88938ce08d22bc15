"""The graduate profile: validation and the completeness indicator."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from candidates import services
from candidates.selectors import completeness
from tests.candidates.helpers import complete_graduate, taiyuan
from tests.factories import GraduateFactory

pytestmark = pytest.mark.django_db


def test_new_profile_lists_everything_missing_before_applying():
    profile = GraduateFactory().graduate_profile
    state = completeness(profile)
    assert not state.is_complete
    assert "university" in state.missing
    assert "resume" in state.missing
    assert "expected_cities" in state.missing


def test_complete_profile_with_resume_is_complete():
    state = completeness(complete_graduate())
    assert state.is_complete
    assert state.percent == 100


def test_the_mobile_number_is_not_a_profile_field_but_the_accounts():
    user = GraduateFactory(phone="+8613912345678", phone_verified=True)
    with pytest.raises(ValidationError) as error:
        services.update_profile(
            profile=user.graduate_profile, by=user, data={"mobile": "13700001111"}
        )
    assert "mobile" in error.value.message_dict
    profile = user.graduate_profile
    assert (profile.mobile, profile.masked_mobile) == ("13912345678", "139****5678")


def test_another_user_cannot_change_the_profile():
    owner, other = GraduateFactory(), GraduateFactory()
    with pytest.raises(services.PermissionDenied):
        services.update_profile(profile=owner.graduate_profile, by=other, data={"major": "会计"})


def test_profile_page_saves_the_form_with_a_free_university_name(client):
    user = GraduateFactory()
    client.force_login(user)
    city = taiyuan()
    response = client.post(
        reverse("candidates:profile"),
        {
            "full_name": "王芳",
            "university": "某某外省大学",
            "major": "会计学",
            "degree": "master",
            "graduation_year": "2026",
            "mobile": "13912345678",  # not a field of the form: ignored
            "expected_cities": [city.pk],
        },
    )
    assert response.status_code == 302
    profile = user.graduate_profile
    profile.refresh_from_db()
    assert profile.university == "某某外省大学"
    assert list(profile.expected_cities.all()) == [city]
    user.refresh_from_db()
    assert user.phone is None
    page = client.get(reverse("candidates:profile")).content.decode()
    assert "山西大学" in page  # the shipped list is offered as suggestions


def test_profile_page_shows_the_number_and_links_to_verifying_it(client):
    user = GraduateFactory(phone="+8613912345678")
    client.force_login(user)
    page = client.get(reverse("candidates:profile")).content.decode()
    assert "13912345678" in page
    assert reverse("account_change_phone") in page


def test_non_graduate_gets_404_for_the_profile_page(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("candidates:profile")).status_code == 404
