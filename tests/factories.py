"""factory-boy factories shared by the tests of every app."""

import factory
from allauth.account.models import EmailAddress

from accounts.models import DepartmentOfficer, SignupRole, User
from associations.models import Association, AssociationStaff, Enterprise, EnterpriseRecruiter
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


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"山西示例科技有限公司{n}")
    credit_code = factory.Sequence(lambda n: f"91140100MA0{n:07d}")


class RecruiterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseRecruiter

    enterprise = factory.SubFactory(EnterpriseFactory)
    user = factory.SubFactory(UserFactory, signup_role=SignupRole.RECRUITER)
    role = EnterpriseRecruiter.Role.OWNER
    status = EnterpriseRecruiter.Status.ACTIVE
