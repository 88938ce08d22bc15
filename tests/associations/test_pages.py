"""Pages: directory filters and pagination, profiles, workspaces and their forms."""

import pytest
from django.utils import timezone

from associations.credit_code import make_credit_code
from associations.models import Association, Enterprise, Membership, Region
from tests.factories import AssociationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_directory_filters_by_kind_level_industry_and_name(client, world):
    AssociationFactory(name="山西浙江商会", kind=Association.Kind.CHAMBER, industries="FL")
    AssociationFactory(name="太原市餐饮协会", level=Association.Level.CITY, industries="H")
    world.association_a.industries = "I"
    world.association_a.save()

    def names(query):
        page = client.get("/associations/" + query).context["page_obj"]
        return [a.name for a in page]

    assert names("?kind=chamber") == ["山西浙江商会"]
    assert names("?level=city") == ["太原市餐饮协会"]
    assert names("?industry=I") == ["山西省软件行业协会"]
    assert names("?q=煤炭") == ["山西省煤炭工业协会"]
    assert names("?q=不存在") == []


def test_directory_shows_an_empty_state_and_paginates(client, db):
    response = client.get("/associations/?q=没有这个协会")
    assert "empty-state" in response.content.decode()
    for n in range(25):
        AssociationFactory(name=f"山西省测试协会{n:02d}")
    first = client.get("/associations/")
    assert len(first.context["page_obj"]) == 20
    assert 'rel="next"' in first.content.decode()
    assert len(client.get("/associations/?page=2").context["page_obj"]) == 5


def test_paging_keeps_the_search_and_the_filters(client, db):
    for n in range(25):
        AssociationFactory(name=f"山西省测试协会{n:02d}", kind=Association.Kind.CHAMBER)
    AssociationFactory(name="山西省其他协会", kind=Association.Kind.INDUSTRY)
    first = client.get("/associations/", {"q": "测试", "kind": "chamber", "page": "1"})
    html = first.content.decode()
    assert 'href="?q=%E6%B5%8B%E8%AF%95&amp;kind=chamber&amp;page=2" rel="next"' in html
    second = client.get("/associations/?q=%E6%B5%8B%E8%AF%95&kind=chamber&page=2")
    assert len(second.context["page_obj"]) == 5
    assert 'href="?q=%E6%B5%8B%E8%AF%95&amp;kind=chamber&amp;page=1" rel="prev"' in (
        second.content.decode()
    )


def test_association_page_lists_approved_members_only(client, world):
    MembershipFactory(association=world.association_a, status=Membership.Status.APPROVED)
    page = client.get(f"/associations/{world.association_a.pk}/").content.decode()
    assert world.enterprise_x.name not in page  # only requested
    assert "山西示例科技有限公司" in page


def test_enterprise_page_shows_verification_and_open_positions_only(client, world):
    from jobs.models import Position

    city = Region.objects.get(code="140100")
    common = {"enterprise": world.enterprise_y, "category": "logistics", "city": city}
    Position.objects.create(title="仓储主管", description="…", status="published", **common)
    Position.objects.create(title="草稿职位", description="…", status="draft", **common)
    Position.objects.create(
        title="被下架职位",
        description="…",
        status="published",
        suspended_at=timezone.now(),
        **common,
    )
    page = client.get(f"/associations/enterprises/{world.enterprise_y.pk}/").content.decode()
    assert 'data-verified="yes"' in page
    assert "仓储主管" in page
    assert "草稿职位" not in page
    assert "被下架职位" not in page
    other = client.get(f"/associations/enterprises/{world.enterprise_x.pk}/").content.decode()
    assert 'data-verified="no"' in other
    assert "empty-state" in other


def test_recruiter_registers_an_enterprise_through_the_form(client, new_recruiter):
    client.force_login(new_recruiter)
    city = Region.objects.get(code="140700")
    response = client.post(
        "/associations/enterprises/new/",
        {
            "name": "平遥古城文旅有限公司",
            "credit_code": make_credit_code(5150),
            "industry": "R",
            "city": city.pk,
            "district": Region.objects.get(code="140728").pk,
            "size": "small",
            "ownership": "private",
            "website": "pingyao.example.cn",
        },
    )
    assert response.status_code == 302
    enterprise = Enterprise.objects.get()
    assert enterprise.website == "https://pingyao.example.cn"
    assert response["Location"].endswith(f"?enterprise={enterprise.pk}")


def test_wrong_code_in_the_form_names_the_check_and_creates_nothing(client, new_recruiter):
    client.force_login(new_recruiter)
    code = make_credit_code(5150)
    bad = code[:17] + ("0" if code[17] != "0" else "1")
    response = client.post(
        "/associations/enterprises/new/",
        {"name": "某公司", "credit_code": bad, "industry": "C", "city": Region.objects.first().pk},
    )
    assert response.status_code == 200
    assert "18" in str(response.context["form"].errors["credit_code"])
    assert not Enterprise.objects.exists()


def test_duplicate_code_in_the_form_is_refused(client, world, new_recruiter):
    client.force_login(new_recruiter)
    response = client.post(
        "/associations/enterprises/new/",
        {
            "name": "仿冒公司",
            "credit_code": world.enterprise_x.credit_code,
            "industry": "C",
            "city": Region.objects.get(code="140100").pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"]
    assert Enterprise.objects.count() == 2


def test_second_request_through_the_page_shows_an_error_and_changes_nothing(client, world):
    client.force_login(world.recruiter_x)
    url = f"/associations/enterprises/{world.enterprise_x.pk}/memberships/request/"
    response = client.post(url, {"association": world.association_a.pk}, follow=True)
    # A has a live request already, so it is not offered; posting it anyway is refused.
    assert Membership.objects.filter(enterprise=world.enterprise_x).count() == 1
    assert response.status_code == 200


def test_staff_approve_from_the_workspace_and_the_enterprise_becomes_verified(client, world):
    client.force_login(world.staff_a)
    workspace = client.get("/associations/workspace/")
    assert workspace.context["counts"]["requested"] == 1
    response = client.post(
        f"/associations/memberships/{world.request_x_to_a.pk}/approve/", follow=True
    )
    assert response.status_code == 200
    assert response.context["counts"]["approved"] == 1
    client.force_login(world.recruiter_x)
    page = client.get("/associations/enterprises/workspace/").content.decode()
    assert 'data-verified="yes"' in page


def test_associations_serving_the_enterprises_industry_come_first_in_the_request_form(
    client, world
):
    world.enterprise_x.industry = "I"
    world.enterprise_x.save()
    AssociationFactory(name="三晋餐饮协会", industries="H")
    AssociationFactory(name="北京软件协会", industries="IM")
    client.force_login(world.recruiter_x)
    response = client.get(
        f"/associations/enterprises/workspace/?enterprise={world.enterprise_x.pk}"
    )
    offered = [a.name for a in response.context["request_form"].fields["association"].queryset]
    serving = [name for name in offered if name in ("北京软件协会", "山西省软件行业协会")]
    assert offered[: len(serving)] == serving  # by name among those serving its industry
    assert offered.index("北京软件协会") < offered.index("三晋餐饮协会")


def test_reject_without_reason_shows_the_error(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        f"/associations/memberships/{world.request_x_to_a.pk}/reject/", {"reason": ""}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Membership.objects.get(pk=world.request_x_to_a.pk).status == "requested"


def test_recruiter_edits_the_profile_but_not_the_code(client, world):
    client.force_login(world.recruiter_x)
    url = f"/associations/enterprises/workspace/?enterprise={world.enterprise_x.pk}"
    response = client.post(
        url,
        {
            "name": "太原云图软件股份有限公司",
            "credit_code": "91350100M000100Y43",
            "industry": "I",
            "city": Region.objects.get(code="140100").pk,
        },
    )
    assert response.status_code == 302
    world.enterprise_x.refresh_from_db()
    assert world.enterprise_x.name == "太原云图软件股份有限公司"
    assert world.enterprise_x.credit_code != "91350100M000100Y43"


def test_recruiter_without_enterprise_is_sent_to_onboarding(client, new_recruiter):
    client.force_login(new_recruiter)
    response = client.get("/associations/enterprises/workspace/")
    assert response["Location"] == "/accounts/welcome/"
    onboarding = client.get("/accounts/welcome/").content.decode()
    assert "/associations/enterprises/new/" in onboarding
    assert "/associations/enterprises/join/" in onboarding


def test_officer_creates_an_association_through_the_page(client, world):
    client.force_login(world.officer)
    response = client.post(
        "/associations/new/",
        {
            "name": "山西省旅游协会",
            "short_name": "省旅协",
            "kind": "industry",
            "level": "provincial",
            "industries": ["H", "R"],
            "admin_email": world.staff_b.email,
        },
    )
    assert response.status_code == 302
    association = Association.objects.get(name="山西省旅游协会")
    assert association.industries == "HR"
    assert association.staff.get().user == world.staff_b
