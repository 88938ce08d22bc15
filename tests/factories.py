"""factory-boy factories shared by the tests of every app."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import DepartmentOfficer, SignupRole, User
from associations.models import (
    Association,
    AssociationStaff,
    Enterprise,
    EnterpriseRecruiter,
    Membership,
    Region,
)
from candidates.models import GraduateProfile

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.cn")
    full_name = factory.Faker("name", locale="zh_CN")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        self.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class GraduateFactory(UserFactory):
    signup_role = SignupRole.GRADUATE
    profile = factory.RelatedFactory(
        "tests.factories.GraduateProfileFactory", factory_related_name="user"
    )


class GraduateProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GraduateProfile

    user = factory.SubFactory(UserFactory, signup_role=SignupRole.GRADUATE)
    full_name = factory.LazyAttribute(lambda o: o.user.full_name)


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DepartmentOfficer

    user = factory.SubFactory(UserFactory)


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name = factory.Sequence(lambda n: f"山西省第{n}行业协会")
    short_name = factory.Sequence(lambda n: f"协会{n}")


class AssociationStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssociationStaff

    association = factory.SubFactory(AssociationFactory)
    user = factory.SubFactory(UserFactory)
    role = AssociationStaff.Role.ADMIN


def credit_code(n: int) -> str:
    """A unified social credit code with correct check characters (GB 32100 and GB 11714)."""
    from associations.credit_code import make_credit_code

    return make_credit_code(n)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "140100"
    name = "太原市"
    name_en = "Taiyuan"
    level = Region.Level.CITY


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"山西示例科技有限公司{n}")
    credit_code = factory.Sequence(credit_code)
    city = factory.SubFactory(RegionFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    enterprise = factory.SubFactory(EnterpriseFactory)
    association = factory.SubFactory(AssociationFactory)
    status = Membership.Status.APPROVED


class VerifiedEnterpriseFactory(EnterpriseFactory):
    """An enterprise that an association has approved as a member."""

    class Meta:
        skip_postgeneration_save = True

    membership = factory.RelatedFactory(MembershipFactory, factory_related_name="enterprise")


class RecruiterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseRecruiter

    enterprise = factory.SubFactory(EnterpriseFactory)
    user = factory.SubFactory(UserFactory, signup_role=SignupRole.RECRUITER)
    role = EnterpriseRecruiter.Role.OWNER
    status = EnterpriseRecruiter.Status.ACTIVE


# --- fairs ---------------------------------------------------------------------------------------


def _in_days(days: float, hours: float = 0) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days, hours=hours)


def local_day(days: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """Shanghai wall-clock time `days` after today, whatever day the suite runs."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def form_time(days: int, hour: int = 9, minute: int = 0) -> str:
    """`local_day` as a datetime-local form field writes it: 2027-03-01T09:00."""
    return f"{local_day(days, hour, minute):%Y-%m-%dT%H:%M}"


def api_time(days: int, hour: int = 9, minute: int = 0) -> str:
    """`local_day` as an API client sends it: 2027-03-01T09:00:00+08:00."""
    return local_day(days, hour, minute).isoformat()


class FairFactory(factory.django.DjangoModelFactory):
    """A published campus fair a week from now; both registration windows open now."""

    class Meta:
        model = "fairs.Fair"

    organiser = factory.SubFactory(AssociationFactory)
    title = factory.Sequence(lambda n: f"山西大学2026届毕业生双选会{n}")
    kind = "campus"
    format = "fair"
    host_university = "山西大学"
    venue = "坞城校区体育馆"
    starts_at = factory.LazyFunction(lambda: _in_days(7))
    ends_at = factory.LazyFunction(lambda: _in_days(7, 6))
    enterprise_registration_opens = factory.LazyFunction(lambda: _in_days(-1))
    enterprise_registration_closes = factory.LazyFunction(lambda: _in_days(6))
    graduate_registration_opens = factory.LazyFunction(lambda: _in_days(-1))
    graduate_registration_closes = factory.LazyFunction(lambda: _in_days(7, 5))
    booth_capacity = 10
    venue_capacity = 100
    status = "published"


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "fairs.Participation"

    fair = factory.SubFactory(FairFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    status = "approved"


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "fairs.Ticket"

    fair = factory.SubFactory(FairFactory)
    graduate = factory.SubFactory(GraduateFactory)


# --- jobs ----------------------------------------------------------------------------------------


class PositionFactory(factory.django.DjangoModelFactory):
    """A published position of a verified enterprise in Taiyuan (set status="draft" for a draft)."""

    class Meta:
        model = "jobs.Position"

    enterprise = factory.SubFactory(VerifiedEnterpriseFactory)
    title = factory.Sequence(lambda n: f"软件开发工程师{n}")
    category = "software"
    description = "负责企业管理系统的设计与开发。"
    requirements = "熟悉 Python 或 Java。"
    city = factory.SubFactory(RegionFactory)
    salary_min = 6000
    salary_max = 9000
    education = "bachelor"
    majors = factory.LazyFunction(lambda: ["计算机科学与技术", "软件工程"])
    headcount = 2
    job_type = "full_time"
    status = "published"
    published_at = factory.LazyFunction(lambda: _in_days(0))
