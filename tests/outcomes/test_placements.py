"""Placement tiers: confirming, disputing, evidence, cancellations, internships, permissions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from outcomes import services
from outcomes.models import Placement, PlacementEvent

pytestmark = pytest.mark.django_db


def pdf_upload():
    return SimpleUploadedFile("合同.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def test_staff_confirming_on_behalf_must_give_a_reason(world):
    placement = world.placements[2]
    placement.status = "declared"
    placement.save()
    with pytest.raises(ValidationError):
        services.confirm_placement(placement=placement, by=world.staff[1], reason="")
    done = services.confirm_placement(placement=placement, by=world.staff[1], reason="电话核实")
    assert done.status == "confirmed"
    assert done.confirmation_reason == "电话核实"


def test_staff_of_an_unrelated_association_cannot_confirm(world):
    with pytest.raises(PermissionDenied):
        services.confirm_placement(
            placement=world.placements[3], by=world.staff[2], reason="不相关"
        )


def test_a_contract_accepted_by_staff_makes_the_placement_evidenced(world, settings):
    placement = world.placements[1]
    services.attach_contract(placement=placement, by=placement.graduate.user, upload=pdf_upload())
    done = services.accept_evidence(placement=placement, by=world.staff[1])
    assert done.status == "evidenced"
    assert str(settings.PRIVATE_MEDIA_ROOT) in done.contract.path


def test_a_contract_must_be_a_pdf(world):
    bad = SimpleUploadedFile("合同.docx", b"PK\x03\x04", content_type="application/msword")
    with pytest.raises(ValidationError):
        services.attach_contract(placement=world.placements[1], by=world.staff[1], upload=bad)


def test_evidence_cannot_be_accepted_without_a_contract(world):
    with pytest.raises(ValidationError):
        services.accept_evidence(placement=world.placements[1], by=world.staff[1])


def test_only_the_graduate_disputes_and_only_a_declared_placement(world):
    with pytest.raises(PermissionDenied):
        services.dispute_placement(placement=world.placements[1], by=world.staff[1], reason="x")
    with pytest.raises(ValidationError):
        services.dispute_placement(
            placement=world.placements[1], by=world.placements[1].graduate.user, reason="x"
        )


def test_a_cancellation_is_kept_with_its_reason_and_every_change_is_an_event(world):
    placement = services.cancel_placement(
        placement=world.placements[3], by=world.recruiters[2], reason="试用期解约"
    )
    assert placement.status == Placement.Status.CANCELLED
    actions = list(
        PlacementEvent.objects.filter(placement=placement).values_list("action", flat=True)
    )
    assert actions == ["declared", "confirmed_on_behalf", "cancelled"]


def test_the_database_refuses_two_live_placements_for_one_graduate(world):
    from django.db import IntegrityError, transaction

    second = world.placements["4a"]  # cancelled when the graduate was hired again
    second.status = "declared"
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_the_graduate_confirms_on_the_page(world, client):
    placement = world.placements[2]
    client.force_login(placement.graduate.user)
    response = client.post(reverse("outcomes:placement_step", args=[placement.pk, "confirm"]))
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == "confirmed"


def test_a_placement_page_is_not_found_for_strangers(world, client):
    client.force_login(world.placements[3].graduate.user)
    url = reverse("outcomes:placement", args=[world.placements[1].pk])
    assert client.get(url).status_code == 404


def test_staff_see_the_placements_they_can_verify(world, client):
    client.force_login(world.staff[4])
    response = client.get(reverse("outcomes:verify_list"))
    shown = {p.pk for p in response.context["page"]}
    assert world.placements[3].pk not in shown or world.placements[3].status == "declared"
    assert world.placements[1].pk not in shown


def test_the_api_lets_the_graduate_dispute(world, client):
    placement = world.placements[2]
    placement.status = "declared"
    placement.save()
    client.force_login(placement.graduate.user)
    response = client.post(
        f"/api/v1/outcomes/placements/{placement.pk}/dispute/", {"reason": "没有入职"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "disputed"
