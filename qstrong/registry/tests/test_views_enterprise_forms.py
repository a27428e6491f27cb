"""The enterprise create and edit pages: fields, memberships, errors, jurisdiction, audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from qstrong.accounts.tests import factories as people
from qstrong.core.models import AuditEvent
from qstrong.registry.models import ChainMember, Enterprise, TownMember
from qstrong.registry.tests.factories import (
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    SegmentFactory,
    TownFactory,
    make_uscc,
)

pytestmark = pytest.mark.django_db

NEW = "/registry/enterprises/new/"
NEW_USCC = make_uscc(77)


class _FormFields(HTMLParser):
    """The values a browser would post from the page's enterprise form, as they are served."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._in_form = False
        self._in_template = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and "data-testid" in a and a["data-testid"] == "enterprise-form":
            self._in_form = True
        if tag == "template":
            self._in_template += 1
        if not self._in_form or self._in_template or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.values[a["name"]] = a.get("value") or "on"
            else:
                self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
            self.values.setdefault(self._select or "", "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "template":
            self._in_template -= 1
        elif tag == "form":
            self._in_form = False


def served_form(client: Client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    parser = _FormFields()
    parser.feed(response.content.decode())
    parser.values.pop("csrfmiddlewaretoken", None)
    return parser.values


def edit_url(enterprise: Enterprise) -> str:
    return f"/registry/enterprises/{enterprise.pk}/edit/"


@pytest.fixture
def officer(client: Client) -> Any:
    """A county officer in 清徐, signed in."""
    user = people.county_officer_qingxu()
    client.force_login(user)
    return user


@pytest.fixture
def registry() -> dict[str, Any]:
    chain = ChainFactory(code="vinegar", name="醋产业链")
    brewing = SegmentFactory(chain=chain, name="食醋酿造", position=1)
    medicine = ChainFactory(code="medicine", name="现代医药")
    herbs = SegmentFactory(chain=medicine, name="中药材种植", position=1)
    town = TownFactory(code="mengfeng", name="清徐县孟封镇", county_id="140121")
    vinegar = EnterpriseFactory(
        uscc=make_uscc(1),
        name="清徐老陈醋有限公司",
        industry_id="C1462",
        employees=50,
        revenue=Decimal("1200.00"),
        scale="small",
        contact_name="王经理",
        contact_phone="13812345678",
    )
    ChainMemberFactory(enterprise=vinegar, chain=chain, role="supplier", segment=brewing)
    taigu = EnterpriseFactory(
        uscc=make_uscc(2, "140703"), name="广誉远中药股份有限公司", region_id="140703"
    )
    return {
        "chain": chain,
        "brewing": brewing,
        "medicine": medicine,
        "herbs": herbs,
        "town": town,
        "vinegar": vinegar,
        "taigu": taigu,
    }


def new_enterprise(**changes: str) -> dict[str, str]:
    data = {
        "uscc": NEW_USCC,
        "name": "清徐新醋业有限公司",
        "region": "140121",
        "industry": "C1462",
        "established": "2019-06-30",
        "employees": "120",
        "revenue": "3000",
        "registered_capital": "500.5",
        "scale": "",
        "certifications": "ISO 9001、ISO14001:2015",
        "tags": "专精特新，老字号",
        "standards_led": "2",
        "patents": "3",
        "credit_rating": "A",
        "contact_name": "李主任",
        "contact_phone": "0351-5712345",
        "chains-TOTAL_FORMS": "2",
        "chains-INITIAL_FORMS": "0",
        "chains-MIN_NUM_FORMS": "0",
        "chains-MAX_NUM_FORMS": "50",
        "chains-0-chain": "vinegar",
        "chains-0-role": "core",
        "chains-0-segment": "",
        "chains-1-chain": "",
        "chains-1-role": "supplier",
        "chains-1-segment": "",
        "towns-TOTAL_FORMS": "1",
        "towns-INITIAL_FORMS": "0",
        "towns-MIN_NUM_FORMS": "0",
        "towns-MAX_NUM_FORMS": "50",
        "towns-0-town": "mengfeng",
        "towns-0-is_leading": "on",
    }
    data.update(changes)
    return data


def snapshot() -> tuple[int, int, int, int]:
    return (
        Enterprise.objects.count(),
        AuditEvent.objects.count(),
        ChainMember.objects.count(),
        TownMember.objects.count(),
    )


# --- create ----------------------------------------------------------------------------------


def test_the_list_offers_new_enterprise_to_an_officer_and_not_to_a_leader(
    client: Client, registry: dict[str, Any]
) -> None:
    client.force_login(people.county_officer_qingxu())
    assert (
        'data-testid="enterprise-create"' in client.get("/registry/enterprises/").content.decode()
    )
    client.force_login(people.leader())
    assert (
        'data-testid="enterprise-create"'
        not in client.get("/registry/enterprises/").content.decode()
    )


def test_an_officer_creates_an_enterprise_with_every_field_and_its_memberships(
    client: Client, officer: Any, registry: dict[str, Any]
) -> None:
    # When the county officer fills the new-enterprise form
    response = client.post(NEW, new_enterprise(), follow=True)

    # Then the record holds exactly what was typed, normalised like the importer does
    enterprise = Enterprise.objects.get(uscc=NEW_USCC)
    assert response.redirect_chain == [(f"/registry/enterprises/{enterprise.pk}/", 302)]
    assert (
        enterprise.name,
        enterprise.region_id,
        enterprise.industry_id,
        enterprise.established,
        enterprise.employees,
        enterprise.revenue,
        enterprise.registered_capital,
        enterprise.certifications,
        enterprise.tags,
        enterprise.standards_led,
        enterprise.patents,
        enterprise.credit_rating,
        enterprise.contact_name,
        enterprise.contact_phone,
        enterprise.source,
    ) == (
        "清徐新醋业有限公司",
        "140121",
        "C1462",
        dt.date(2019, 6, 30),
        120,
        Decimal("3000.00"),
        Decimal("500.50"),
        ["ISO14001", "ISO9001"],
        ["specialised_sme", "time_honoured"],
        2,
        3,
        "A",
        "李主任",
        "0351-5712345",
        "manual",
    )
    # An empty scale is derived: manufacturing, 120 people, 3000万元 → small
    assert (enterprise.scale, enterprise.scale_derived) == ("small", True)
    assert list(enterprise.chain_memberships.values_list("chain__code", "role", "segment")) == [
        ("vinegar", "core", None)
    ]
    assert list(enterprise.town_memberships.values_list("town__code", "is_leading")) == [
        ("mengfeng", True)
    ]
    # And the creation is in the history under the officer, with the success message
    events = AuditEvent.objects.filter(object_id=str(enterprise.pk)).order_by("id")
    assert [(e.action, e.actor_id) for e in events] == [
        ("create", officer.pk),
        ("update", officer.pk),
    ]
    assert events[1].changes == {
        "chains": [[], ["vinegar:core"]],
        "towns": [[], ["mengfeng:leading"]],
    }
    html = response.content.decode()
    assert "已新增企业“清徐新醋业有限公司”。" in html
    assert "系统按国家标准测算" in html


def test_only_the_required_fields_leave_the_rest_not_recorded(
    client: Client, officer: Any, registry: dict[str, Any]
) -> None:
    kept = {"uscc", "name", "region"}
    blank = {key: "" for key in new_enterprise() if "-" not in key and key not in kept}
    data = new_enterprise(**blank, name="清徐空白企业")
    data.update({"chains-0-chain": "", "towns-0-town": ""})
    data.pop("towns-0-is_leading")

    client.post(NEW, data)

    enterprise = Enterprise.objects.get(uscc=NEW_USCC)
    assert (
        enterprise.industry_id,
        enterprise.established,
        enterprise.employees,
        enterprise.revenue,
        enterprise.certifications,
        enterprise.tags,
        enterprise.scale,
        enterprise.credit_rating,
        enterprise.contact_phone,
    ) == (None, None, None, None, None, None, "", "", "")
    assert enterprise.chain_memberships.count() == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"uscc": make_uscc(77)[:-1] + ("0" if make_uscc(77)[-1] != "0" else "1")},
            "uscc",
            f"统一社会信用代码校验位错误（应为 {make_uscc(77)[-1]}）",
        ),
        ({"uscc": "91140121MA0"}, "uscc", "统一社会信用代码应为 18 位（实际 11 位）"),
        ({"uscc": make_uscc(1)}, "uscc", "已有企业使用这个统一社会信用代码。"),
        ({"employees": "-5"}, "employees", "不能为负数"),
        ({"registered_capital": "-0.01"}, "registered_capital", "不能为负数"),
        ({"industry": "C9999"}, "industry", "未知的国民经济行业代码（GB/T 4754-2017）"),
        ({"region": "140703"}, "region", "不在您的辖区"),
        ({"name": ""}, "name", "这个字段是必填项。"),
        (
            {"chains-0-segment": "HERBS"},
            "chains-0-segment",
            "产业链“醋产业链”没有环节“中药材种植”",
        ),
        (
            {"chains-1-chain": "vinegar", "chains-1-role": "leader"},
            "chains-1-chain",
            "产业链“醋产业链”重复出现",
        ),
    ],
)
def test_a_mistake_is_shown_next_to_its_field_and_nothing_is_written(
    client: Client,
    officer: Any,
    registry: dict[str, Any],
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    if changes.get("chains-0-segment") == "HERBS":
        changes = {"chains-0-segment": str(registry["herbs"].pk)}
    before = snapshot()

    response = client.post(NEW, new_enterprise(**changes))

    assert response.status_code == 200
    html = response.content.decode()
    assert "有填写错误，未保存任何内容。" in html
    assert message in html
    assert snapshot() == before
    if "-" not in field:
        assert f'data-testid="error-{field}"' in html
        assert response.context["form"].errors[field] == [message]


def test_the_region_list_offers_only_the_counties_of_the_jurisdiction(
    client: Client, registry: dict[str, Any]
) -> None:
    client.force_login(people.city_officer_taiyuan())
    choices = client.get(NEW).context["form"].fields["region"].widget.choices
    codes = [code for code, _label in choices]
    assert codes[0] == ""
    assert "140121" in codes and "140105" in codes
    assert all(code.startswith("1401") and code != "140100" for code in codes[1:])


def test_errors_are_in_english_when_the_interface_is_english(
    client: Client, officer: Any, registry: dict[str, Any]
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    bad = make_uscc(77)[:-1] + ("0" if make_uscc(77)[-1] != "0" else "1")

    response = client.post(NEW, new_enterprise(uscc=bad, employees="-1"))

    assert response.context["form"].errors == {
        "uscc": [
            "Wrong check character in the unified social credit code "
            f"(expected {make_uscc(77)[-1]})"
        ],
        "employees": ["Must not be negative"],
    }


# --- edit ------------------------------------------------------------------------------------


def test_an_officer_edits_an_enterprise_and_the_history_shows_before_and_after(
    client: Client, officer: Any, registry: dict[str, Any]
) -> None:
    vinegar = registry["vinegar"]
    data = served_form(client, edit_url(vinegar))
    assert data["employees"] == "50"
    assert data["chains-0-chain"] == "vinegar"

    # When the officer changes the headcount and the chain role, and adds the town as leader
    data.update(
        {
            "employees": "350",
            "revenue": "5000",
            "chains-0-role": "leader",
            "towns-0-town": "mengfeng",
            "towns-0-is_leading": "on",
        }
    )
    response = client.post(edit_url(vinegar), data, follow=True)

    # Then the record and its memberships change, audited before → after under the officer
    vinegar.refresh_from_db()
    assert (vinegar.employees, vinegar.revenue) == (350, Decimal("5000.00"))
    assert list(vinegar.chain_memberships.values_list("chain__code", "role", "segment")) == [
        ("vinegar", "leader", registry["brewing"].pk)
    ]
    events = list(
        AuditEvent.objects.filter(object_id=str(vinegar.pk), action="update").order_by("id")
    )
    assert [e.changes for e in events] == [
        {"employees": [50, 350], "revenue": ["1200", "5000"]},
        {
            "chains": [["vinegar:supplier@食醋酿造"], ["vinegar:leader@食醋酿造"]],
            "towns": [[], ["mengfeng:leading"]],
        },
    ]
    assert {e.actor_id for e in events} == {officer.pk}
    html = response.content.decode()
    assert "已保存“清徐老陈醋有限公司”的修改。" in html
    assert "变更历史" in html and "350" in html
    assert "醋产业链（配套 · 食醋酿造）" in html and "醋产业链（链主 · 食醋酿造）" in html


def test_the_edit_page_shows_the_derived_scale_and_keeps_deriving_it(
    client: Client, officer: Any, registry: dict[str, Any]
) -> None:
    vinegar = registry["vinegar"]
    vinegar.scale, vinegar.scale_derived = "small", True
    vinegar.save()

    response = client.get(edit_url(vinegar))
    data = served_form(client, edit_url(vinegar))

    assert "按国家标准测算：小型（留空即采用）" in response.content.decode()
    assert data["scale"] == ""
    data["employees"] = "350"
    data["revenue"] = "5000"
    client.post(edit_url(vinegar), data)
    vinegar.refresh_from_db()
    assert (vinegar.scale, vinegar.scale_derived) == ("medium", True)


def test_saving_an_unchanged_form_writes_nothing(
    client: Client, officer: Any, registry: dict[str, Any]
) -> None:
    vinegar = registry["vinegar"]
    vinegar.certifications, vinegar.tags = ["ISO9001"], ["time_honoured"]
    vinegar.save()
    data = served_form(client, edit_url(vinegar))
    before = snapshot()

    response = client.post(edit_url(vinegar), data, follow=True)

    assert snapshot() == before
    assert "没有修改任何内容。" in response.content.decode()


def test_removing_a_chain_membership(
    client: Client, officer: Any, registry: dict[str, Any]
) -> None:
    vinegar = registry["vinegar"]
    data = served_form(client, edit_url(vinegar))
    data["chains-0-DELETE"] = "on"

    client.post(edit_url(vinegar), data)

    assert vinegar.chain_memberships.count() == 0


def test_an_invalid_edit_writes_nothing(
    client: Client, officer: Any, registry: dict[str, Any]
) -> None:
    vinegar = registry["vinegar"]
    data = served_form(client, edit_url(vinegar))
    data.update({"employees": "-1", "chains-0-role": "leader", "name": "改名"})
    before = snapshot()

    response = client.post(edit_url(vinegar), data)

    assert response.context["form"].errors == {"employees": ["不能为负数"]}
    assert snapshot() == before
    vinegar.refresh_from_db()
    assert vinegar.name == "清徐老陈醋有限公司"


def test_an_officer_of_another_county_gets_404_on_the_edit_page(
    client: Client, registry: dict[str, Any]
) -> None:
    client.force_login(people.county_officer_taigu())
    vinegar = registry["vinegar"]

    assert client.get(edit_url(vinegar)).status_code == 404
    assert client.post(edit_url(vinegar), {"name": "被改了"}).status_code == 404
    vinegar.refresh_from_db()
    assert vinegar.name == "清徐老陈醋有限公司"


def test_a_leader_gets_403_and_sees_no_edit_button(
    client: Client, registry: dict[str, Any]
) -> None:
    client.force_login(people.leader())
    vinegar = registry["vinegar"]

    assert client.get(NEW).status_code == 403
    assert client.post(NEW, new_enterprise()).status_code == 403
    assert client.get(edit_url(vinegar)).status_code == 403
    assert client.post(edit_url(vinegar), {"name": "被改了"}).status_code == 403
    detail = client.get(f"/registry/enterprises/{vinegar.pk}/").content.decode()
    assert 'data-testid="enterprise-edit"' not in detail
    assert not Enterprise.objects.filter(uscc=NEW_USCC).exists()


def test_the_detail_page_offers_edit_to_the_officer(
    client: Client, officer: Any, registry: dict[str, Any]
) -> None:
    detail = client.get(f"/registry/enterprises/{registry['vinegar'].pk}/").content.decode()
    assert f'href="{edit_url(registry["vinegar"])}"' in detail


def test_an_enterprise_user_edits_its_contact_but_not_its_region_or_memberships(
    client: Client, registry: dict[str, Any]
) -> None:
    vinegar = registry["vinegar"]
    user = people.enterprise_user(vinegar)
    client.force_login(user)
    data = served_form(client, edit_url(vinegar))
    assert "region" not in data  # disabled: not posted by a browser
    assert "chains-TOTAL_FORMS" not in data

    # When it posts a new contact and, by hand, another region, name and chain
    data.update(
        {
            "contact_name": "赵会计",
            "contact_phone": "13900001111",
            "region": "140703",
            "name": "改名",
            "tags": "高新技术企业",
        }
    )
    client.post(edit_url(vinegar), data)

    # Then only the contact changed
    vinegar.refresh_from_db()
    assert (vinegar.contact_name, vinegar.contact_phone) == ("赵会计", "13900001111")
    assert (vinegar.region_id, vinegar.name, vinegar.tags) == ("140121", "清徐老陈醋有限公司", None)
    event = AuditEvent.objects.filter(object_id=str(vinegar.pk)).latest("id")
    assert (event.actor_id, event.changes) == (
        user.pk,
        {"contact_name": ["王经理", "赵会计"], "contact_phone": ["13812345678", "13900001111"]},
    )
    assert vinegar.chain_memberships.count() == 1


def test_an_enterprise_user_cannot_create_or_open_another_enterprise(
    client: Client, registry: dict[str, Any]
) -> None:
    client.force_login(people.enterprise_user(registry["vinegar"]))
    assert client.get(NEW).status_code == 403
    assert client.get(edit_url(registry["taigu"])).status_code == 404


def test_an_archived_enterprise_is_not_edited(
    client: Client, officer: Any, registry: dict[str, Any]
) -> None:
    vinegar = registry["vinegar"]
    vinegar.archived_at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    vinegar.save()

    response = client.get(edit_url(vinegar), follow=True)

    assert response.redirect_chain == [(f"/registry/enterprises/{vinegar.pk}/", 302)]
    assert "已归档的企业不能编辑，请先恢复。" in response.content.decode()
