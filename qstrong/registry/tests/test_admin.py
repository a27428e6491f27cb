"""Registry admin: edits through the services (audited), archive replaces delete, audit is final."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from qstrong.accounts.models import Role
from qstrong.accounts.tests import factories as people
from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record
from qstrong.registry.models import Chain, ChainMember, Enterprise, ImportBatch, Segment, Town
from qstrong.registry.tests.factories import (
    ChainFactory,
    EnterpriseFactory,
    SegmentFactory,
    TownFactory,
    make_uscc,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    """The system administrator: role admin, neither staff nor superuser."""
    admin = people.UserFactory(username="sysadmin", organisation=None, role=Role.ADMIN)
    client = Client()
    client.force_login(admin)
    return client


@pytest.fixture
def enterprise() -> Enterprise:
    return EnterpriseFactory(uscc=make_uscc(1), name="清徐老陈醋有限公司", employees=50)


def form_data(response: Any) -> dict[str, Any]:
    """What the browser would send back for an admin change form, unchanged."""
    data: dict[str, Any] = {}

    def add(form: Any, names: Any) -> None:
        for name in names:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is True:
                data[key] = "on"
            elif value is None or value is False:
                continue
            else:
                data[key] = value

    form = response.context["adminform"].form
    add(form, form.fields)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form, formset.management_form.fields)
        for child in formset.forms:
            add(child, child.fields)
    return data


def events(object_type: str, object_id: Any) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("id")
    )


# --- enterprises -----------------------------------------------------------------------------


def test_an_enterprise_edited_in_admin_leaves_an_audit_event(
    admin_client: Client, enterprise: Enterprise
) -> None:
    # Given the administrator opens the enterprise in the admin
    url = f"/admin/registry/enterprise/{enterprise.pk}/change/"
    data = form_data(admin_client.get(url))

    # When they change the employees and save
    data["employees"] = "60"
    response = admin_client.post(url, data)

    # Then the change is saved through the service, with an audit event naming them
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.employees == 60
    [event] = events("registry.enterprise", enterprise.pk)
    assert event.action == "update"
    assert event.actor is not None and event.actor.username == "sysadmin"
    assert event.changes == {"employees": [50, 60]}
    assert enterprise.updated_by == event.actor


def test_an_unchanged_save_records_nothing(admin_client: Client, enterprise: Enterprise) -> None:
    url = f"/admin/registry/enterprise/{enterprise.pk}/change/"

    response = admin_client.post(url, form_data(admin_client.get(url)))

    assert response.status_code == 302
    assert events("registry.enterprise", enterprise.pk) == []


def test_an_enterprise_added_in_admin_is_created_and_audited(admin_client: Client) -> None:
    data = form_data(admin_client.get("/admin/registry/enterprise/add/"))
    data.update(
        {"uscc": make_uscc(7).lower(), "name": "清徐新建公司", "region": "140121", "employees": "5"}
    )

    response = admin_client.post("/admin/registry/enterprise/add/", data)

    assert response.status_code == 302
    created = Enterprise.objects.get(uscc=make_uscc(7))
    assert (created.name, created.region_id, created.employees) == ("清徐新建公司", "140121", 5)
    [event] = events("registry.enterprise", created.pk)
    assert event.action == "create"
    assert event.changes["name"] == [None, "清徐新建公司"]


def test_a_bad_check_character_is_refused_in_chinese(admin_client: Client) -> None:
    good = make_uscc(8)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    data = form_data(admin_client.get("/admin/registry/enterprise/add/"))
    data.update({"uscc": bad, "name": "坏码公司", "region": "140121"})

    response = admin_client.post("/admin/registry/enterprise/add/", data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["uscc"] == [
        f"统一社会信用代码校验位错误（应为 {good[-1]}）"
    ]
    assert not Enterprise.objects.filter(name="坏码公司").exists()


def test_a_chain_membership_added_inline_is_audited(
    admin_client: Client, enterprise: Enterprise
) -> None:
    chain = ChainFactory(code="vinegar", name="醋产业链")
    segment = SegmentFactory(chain=chain, name="食醋酿造", position=1)
    url = f"/admin/registry/enterprise/{enterprise.pk}/change/"
    data = form_data(admin_client.get(url))
    data.update(
        {
            "chain_memberships-TOTAL_FORMS": "1",
            "chain_memberships-0-chain": str(chain.pk),
            "chain_memberships-0-segment": str(segment.pk),
            "chain_memberships-0-role": "leader",
            "chain_memberships-0-enterprise": str(enterprise.pk),
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    member = ChainMember.objects.get(enterprise=enterprise)
    assert (member.chain, member.segment, member.role) == (chain, segment, "leader")
    [event] = events("registry.enterprise", enterprise.pk)
    assert event.changes == {"chains": [[], ["vinegar:leader@食醋酿造"]]}


def test_a_segment_of_another_chain_is_refused(
    admin_client: Client, enterprise: Enterprise
) -> None:
    chain = ChainFactory(code="vinegar")
    other = SegmentFactory(chain=ChainFactory(code="coal"), name="采煤", position=1)
    url = f"/admin/registry/enterprise/{enterprise.pk}/change/"
    data = form_data(admin_client.get(url))
    data.update(
        {
            "chain_memberships-TOTAL_FORMS": "1",
            "chain_memberships-0-chain": str(chain.pk),
            "chain_memberships-0-segment": str(other.pk),
            "chain_memberships-0-role": "supplier",
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert not ChainMember.objects.exists()


def test_enterprises_are_archived_and_restored_not_deleted(
    admin_client: Client, enterprise: Enterprise
) -> None:
    changelist = "/admin/registry/enterprise/"

    archived = admin_client.post(
        changelist, {"action": "archive", "_selected_action": [enterprise.pk]}
    )
    enterprise.refresh_from_db()
    was_archived = enterprise.archived_at is not None
    admin_client.post(changelist, {"action": "restore", "_selected_action": [enterprise.pk]})
    enterprise.refresh_from_db()
    delete_page = admin_client.get(f"/admin/registry/enterprise/{enterprise.pk}/delete/")
    actions = admin_client.get(changelist).context["action_form"].fields["action"].choices

    assert archived.status_code == 302
    assert was_archived is True
    assert enterprise.archived_at is None
    assert [e.action for e in events("registry.enterprise", enterprise.pk)] == [
        "archive",
        "restore",
    ]
    assert delete_page.status_code == 403
    assert [name for name, _label in actions if name] == ["archive", "restore"]


# --- chains and towns ------------------------------------------------------------------------


def test_segments_reordered_in_admin_keep_their_members(admin_client: Client) -> None:
    # Given a chain 种植 → 酿造 with a member on 酿造
    chain = ChainFactory(code="vinegar", name="醋产业链")
    grow = SegmentFactory(chain=chain, name="种植", position=1, stage="upstream")
    brew = SegmentFactory(chain=chain, name="酿造", position=2, stage="downstream")
    ChainMember.objects.create(
        chain=chain, enterprise=EnterpriseFactory(uscc=make_uscc(2)), segment=brew, role="core"
    )
    url = f"/admin/registry/chain/{chain.pk}/change/"
    data = form_data(admin_client.get(url))

    # When the administrator swaps their positions
    for index in range(2):
        prefix = f"segments-{index}"
        data[f"{prefix}-position"] = "2" if data[f"{prefix}-id"] == grow.pk else "1"
    response = admin_client.post(url, data)

    # Then the order is 酿造 → 种植, stages follow it, the member stays, and it is audited
    assert response.status_code == 302
    order = list(chain.segments.order_by("position").values_list("name", "stage"))
    assert order == [("酿造", "upstream"), ("种植", "downstream")]
    assert ChainMember.objects.get().segment_id == brew.pk
    [event] = events("registry.chain", chain.pk)
    assert event.changes == {"segments": [["种植", "酿造"], ["酿造", "种植"]]}


def test_a_chain_and_a_town_are_archived_with_an_audit_event(admin_client: Client) -> None:
    chain = ChainFactory(code="vinegar")
    town = TownFactory(code="mengfeng")

    admin_client.post(
        "/admin/registry/chain/", {"action": "archive", "_selected_action": [chain.pk]}
    )
    admin_client.post("/admin/registry/town/", {"action": "archive", "_selected_action": [town.pk]})

    assert Chain.objects.get(pk=chain.pk).archived_at is not None
    assert Town.objects.get(pk=town.pk).archived_at is not None
    assert [e.action for e in events("registry.chain", chain.pk)] == ["archive"]
    assert [e.action for e in events("registry.town", town.pk)] == ["archive"]
    assert admin_client.get(f"/admin/registry/chain/{chain.pk}/delete/").status_code == 403
    assert admin_client.get(f"/admin/registry/town/{town.pk}/delete/").status_code == 403


def test_a_town_edited_in_admin_is_audited(admin_client: Client) -> None:
    town = TownFactory(code="mengfeng", name="孟封镇")
    url = f"/admin/registry/town/{town.pk}/change/"
    data = form_data(admin_client.get(url))
    data["leading_industry"] = "食醋"

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert Town.objects.get(pk=town.pk).leading_industry == "食醋"
    [event] = events("registry.town", town.pk)
    assert event.changes == {"leading_industry": ["", "食醋"]}


# --- the audit trail and import batches ------------------------------------------------------


def test_audit_rows_cannot_be_added_changed_or_deleted() -> None:
    admin_client = Client()
    admin_client.force_login(people.audit_admin())
    event = audit_record(
        actor=None, action="update", object_type="registry.enterprise", object_id="1"
    )
    url = f"/admin/core/auditevent/{event.pk}/"

    view = admin_client.get(f"{url}change/")
    change = admin_client.post(f"{url}change/", {"note": "edited"})
    delete = admin_client.post(f"{url}delete/", {"post": "yes"})
    add = admin_client.get("/admin/core/auditevent/add/")
    bulk = admin_client.post(
        "/admin/core/auditevent/", {"action": "delete_selected", "_selected_action": [event.pk]}
    )

    assert view.status_code == 200
    assert view.context["has_change_permission"] is False
    assert (change.status_code, delete.status_code, add.status_code) == (403, 403, 403)
    assert bulk.status_code == 200  # the action does not exist: the list is shown again
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_the_original_import_file_downloads_from_the_admin(admin_client: Client) -> None:
    batch = ImportBatch(kind="enterprises", filename="企业名单.csv", sha256="0" * 64)
    batch.file.save("企业名单.csv", ContentFile(b"uscc,name\n"), save=True)

    page = admin_client.get(f"/admin/registry/importbatch/{batch.pk}/change/")
    download = admin_client.get(f"/admin/registry/importbatch/{batch.pk}/download/")

    assert page.status_code == 200
    assert f"/admin/registry/importbatch/{batch.pk}/download/" in page.content.decode()
    assert b"".join(download.streaming_content) == b"uscc,name\n"
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/registry/enterprise/",
        "/admin/core/auditevent/",
        "/admin/registry/importbatch/1/download/",
    ],
)
def test_non_admin_staff_cannot_enter(url: str) -> None:
    # Given a county officer who was made staff and given every model permission by mistake
    officer = people.county_officer_qingxu()
    officer.is_staff = True
    officer.save()
    client = Client()
    client.force_login(officer)

    # When they open the admin / Then they end on a 403, never on an admin page
    response = client.get(url, follow=True)

    assert response.status_code == 403


def test_segments_are_shown_in_position_order(admin_client: Client) -> None:
    chain = ChainFactory(code="vinegar")
    SegmentFactory(chain=chain, name="酿造", position=2)
    SegmentFactory(chain=chain, name="种植", position=1)

    response = admin_client.get(f"/admin/registry/chain/{chain.pk}/change/")

    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.name for form in formset.forms] == ["种植", "酿造"]
    assert Segment.objects.count() == 2


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/registry/region/?q=清徐",
        "/admin/registry/industry/?level__exact=section",
        "/admin/registry/enterprise/?city=140100&archived=no",
        "/admin/registry/enterprise/add/",
        "/admin/registry/chain/",
        "/admin/registry/chain/add/",
        "/admin/registry/town/",
        "/admin/registry/town/add/",
        "/admin/registry/supplylink/",
        "/admin/registry/supplylink/add/",
        "/admin/registry/importbatch/",
        "/admin/core/job/",
        "/admin/accounts/organisation/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
    ],
)
def test_every_admin_page_opens(admin_client: Client, enterprise: Enterprise, url: str) -> None:
    town = TownFactory(code="mengfeng")
    ChainFactory(code="vinegar")
    audit_record(actor=None, action="create", object_type="registry.town", object_id=town.pk)

    response = admin_client.get(url)

    assert response.status_code == 200


def test_change_pages_open(admin_client: Client, enterprise: Enterprise) -> None:
    town = TownFactory(code="mengfeng")
    chain = ChainFactory(code="vinegar")

    for url in [
        f"/admin/registry/enterprise/{enterprise.pk}/change/",
        f"/admin/registry/chain/{chain.pk}/change/",
        f"/admin/registry/town/{town.pk}/change/",
        "/admin/registry/region/140121/change/",
        "/admin/registry/industry/C1462/change/",
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_the_city_filter_keeps_the_counties_of_the_city(
    admin_client: Client, enterprise: Enterprise
) -> None:
    EnterpriseFactory(uscc=make_uscc(3, "140703"), region_id="140703", name="太谷企业")

    response = admin_client.get("/admin/registry/enterprise/", {"city": "140100"})

    assert [e.name for e in response.context["cl"].result_list] == ["清徐老陈醋有限公司"]
