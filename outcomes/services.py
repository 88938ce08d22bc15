"""Use cases of outcomes: declaring a placement when an enterprise records a hire."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import JobType
from outcomes.models import ContractType, Placement, PlacementEvent


def declare_placement(
    *,
    application,
    by: User,
    hire_date: datetime.date,
    contract_type: str,
    monthly_salary: int | None = None,
) -> Placement | None:
    """Record the hire behind `application` as a *declared* placement; internships never count.

    Called by the candidates pipeline when an application moves to hired (the caller checked the
    recruiter's permission). Idempotent: a second call returns the existing placement.
    """
    position = application.position
    if position.job_type == JobType.INTERNSHIP:
        return None
    if contract_type not in ContractType.values:
        raise ValidationError({"contract_type": _("Choose a contract type.")})
    if monthly_salary is not None and monthly_salary < 0:
        raise ValidationError({"monthly_salary": _("The salary cannot be negative.")})
    with transaction.atomic():
        placement, created = Placement.objects.get_or_create(
            application=application,
            defaults={
                "graduate_id": application.graduate_id,
                "enterprise_id": position.enterprise_id,
                "position": position,
                "hire_date": hire_date,
                "contract_type": contract_type,
                "monthly_salary": monthly_salary,
                "declared_by": by,
            },
        )
        if created:
            PlacementEvent.objects.create(
                placement=placement, actor=by, from_status="", to_status=placement.status
            )
    return placement
