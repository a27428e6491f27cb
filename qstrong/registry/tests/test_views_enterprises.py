"""The enterprise pages: list (search, filters, sort, pages, HTMX), detail, export, archive."""

from __future__ import annotations

import csv
import io
import re

import pytest

from qstrong.accounts.tests import factories as people
from qstrong.core.models import AuditEvent
from qstrong.registry.models import Enterprise, Segment
from qstrong.registry.services import enterprise_upsert
from qstrong.registry.tests.factories import (
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    TownFactory,
    TownMemberFactory,
    make_uscc,
)

pytestmark = pytest.mark.django_db

LIST = "/registry/enterprises/"


@pytest.fixture
def registry() -> dict[str, Enterprise]:
    chain = ChainFactory(code="medicine", name="现代医药")
    segment = Segment.objects.create(chain=chain, name="中药饮片", position=1, stage="upstream")
    town = TownFactory(code="vinegar", name="清徐老陈醋专业镇", county_id="140121")
    vinegar = EnterpriseFactory(
        uscc=make_uscc(1),
        name="清徐老陈醋有限公司",
        region_id="140121",
        industry_id="C1462",
        scale="small",
        tags=["time_honoured"],
        certifications=["ISO9001"],
        contact_phone="13812345678",
        source="article",
    )
    pharma = EnterpriseFactory(
        uscc=make_uscc(2),
        name="清徐制药有限公司",
        region_id="140121",
        industry_id="C2740",
        scale="medium",
        tags=["high_tech"],
        certifications=["ISO14001"],
        source="synthetic",
    )
    taiyuan = EnterpriseFactory(
        uscc=make_uscc(3, "140105"),
        name="太原小店机械有限公司",
        region_id="140105",
        industry_id="C3444",
        scale="large",
        source="manual",
    )
    taigu = EnterpriseFactory(
        uscc=make_uscc(4, "140703"),
        name="广誉远中药股份有限公司",
        region_id="140703",
        industry_id="C2740",
        scale="large",
        source="article",
        contact_phone="13512345678",
    )
    ChainMemberFactory(enterprise=pharma, chain=chain, role="leader", segment=segment)
    ChainMemberFactory(enterprise=taigu, chain=chain, role="core", segment=segment)
    TownMemberFactory(enterprise=vinegar, town=town, is_leading=True)
    return {"vinegar": vinegar, "pharma": pharma, "taiyuan": taiyuan, "taigu": taigu}


def names(response) -> list[str]:
    """The enterprise names in the result table, in order."""
    html = response.content.decode()
    return re.findall(r'href="/registry/enterprises/\d+/" class="fw-medium">([^<]+)</a>', html)


def login(client, user):
    client.force_login(user)
    return user


def test_a_county_officer_sees_only_the_county(client, registry) -> None:
    login(client, people.county_officer_qingxu())

    response = client.get(LIST)

    assert response.status_code == 200
    assert names(response) == ["清徐制药有限公司", "清徐老陈醋有限公司"]
    html = response.content.decode()
    assert "共 <strong>2</strong> 家企业" in html
    assert "数据导入" in html  # an officer imports


def test_a_city_officer_sees_the_city_and_the_province_everything(client, registry) -> None:
    login(client, people.city_officer_taiyuan())
    city = names(client.get(LIST))
    login(client, people.province_planner())
    province = names(client.get(LIST))

    assert city == ["太原小店机械有限公司", "清徐制药有限公司", "清徐老陈醋有限公司"]
    assert len(province) == 4


def test_an_enterprise_user_sees_only_its_own_record(client, registry) -> None:
    login(client, people.enterprise_user(registry["taigu"]))

    response = client.get(LIST)

    assert names(response) == ["广誉远中药股份有限公司"]
    assert "数据导入" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "陈醋"}, ["清徐老陈醋有限公司"]),
        ({"q": make_uscc(2).lower()}, ["清徐制药有限公司"]),
        ({"q": make_uscc(3, "140105")[:8]}, ["太原小店机械有限公司"]),
        ({"region": "140105"}, ["太原小店机械有限公司"]),
        ({"region": "140700"}, ["广誉远中药股份有限公司"]),
        ({"industry": "C27"}, ["广誉远中药股份有限公司", "清徐制药有限公司"]),
        (
            {"industry": "C"},
            [
                "太原小店机械有限公司",
                "广誉远中药股份有限公司",
                "清徐制药有限公司",
                "清徐老陈醋有限公司",
            ],
        ),
        ({"chain": "medicine"}, ["广誉远中药股份有限公司", "清徐制药有限公司"]),
        ({"chain": "medicine", "role": "leader"}, ["清徐制药有限公司"]),
        ({"role": "core"}, ["广誉远中药股份有限公司"]),
        ({"town": "vinegar"}, ["清徐老陈醋有限公司"]),
        ({"scale": "large"}, ["太原小店机械有限公司", "广誉远中药股份有限公司"]),
        ({"tag": "high_tech"}, ["清徐制药有限公司"]),
        ({"certification": "ISO9001"}, ["清徐老陈醋有限公司"]),
        ({"source": "synthetic"}, ["清徐制药有限公司"]),
        ({"source": "article"}, ["广誉远中药股份有限公司", "清徐老陈醋有限公司"]),
        ({"q": "清徐", "scale": "medium"}, ["清徐制药有限公司"]),
    ],
)
def test_search_and_every_filter_narrow_the_list(client, registry, query, expected) -> None:
    login(client, people.province_planner())

    assert names(client.get(LIST, query)) == expected


def test_a_region_outside_the_jurisdiction_cannot_widen_it(client, registry) -> None:
    login(client, people.county_officer_qingxu())

    response = client.get(LIST, {"region": "140703"})

    assert response.status_code == 200
    assert names(response) == ["清徐制药有限公司", "清徐老陈醋有限公司"]


def test_the_region_picker_offers_only_the_jurisdiction(client, registry) -> None:
    login(client, people.county_officer_qingxu())

    html = client.get(LIST).content.decode()

    assert '<option value="140121">清徐县</option>' in html
    assert 'value="140703"' not in html


def test_archived_records_leave_the_list_and_can_be_listed(client, registry) -> None:
    officer = login(client, people.county_officer_qingxu())
    client.post(f"/registry/enterprises/{registry['pharma'].pk}/archive/")

    assert names(client.get(LIST)) == ["清徐老陈醋有限公司"]
    assert names(client.get(LIST, {"archived": "on"})) == ["清徐制药有限公司"]
    assert officer.pk


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "name",
            [
                "太原小店机械有限公司",
                "广誉远中药股份有限公司",
                "清徐制药有限公司",
                "清徐老陈醋有限公司",
            ],
        ),
        (
            "-name",
            [
                "清徐老陈醋有限公司",
                "清徐制药有限公司",
                "广誉远中药股份有限公司",
                "太原小店机械有限公司",
            ],
        ),
        # Ties (the two in 清徐) keep the order they were created in.
        (
            "-region",
            [
                "广誉远中药股份有限公司",
                "清徐老陈醋有限公司",
                "清徐制药有限公司",
                "太原小店机械有限公司",
            ],
        ),
        (
            "uscc",
            [
                "太原小店机械有限公司",
                "清徐老陈醋有限公司",
                "清徐制药有限公司",
                "广誉远中药股份有限公司",
            ],
        ),
    ],
)
def test_sorting(client, registry, sort, expected) -> None:
    login(client, people.province_planner())

    assert names(client.get(LIST, {"sort": sort})) == expected


def test_sort_headers_toggle_and_keep_the_filters(client, registry) -> None:
    login(client, people.province_planner())

    html = client.get(LIST, {"scale": "large", "sort": "name"}).content.decode()

    assert 'href="?scale=large&amp;sort=-name"' in html
    assert 'href="?scale=large&amp;sort=uscc"' in html
    assert 'aria-sort="ascending"' in html


def test_pagination_50_per_page_keeps_the_filters(client) -> None:
    for n in range(51):
        EnterpriseFactory(uscc=make_uscc(100 + n), name=f"清徐企业{n:03d}", region_id="140121")
    login(client, people.county_officer_qingxu())

    first = client.get(LIST, {"q": "清徐企业"})
    second = client.get(LIST, {"q": "清徐企业", "page": "2"})

    assert len(names(first)) == 50
    assert names(second) == ["清徐企业050"]
    html = first.content.decode()
    assert "共 <strong>51</strong> 家企业" in html
    assert "q=%E6%B8%85%E5%BE%90%E4%BC%81%E4%B8%9A&amp;page=2" in html
    assert names(client.get(LIST, {"q": "清徐企业", "page": "99"})) == ["清徐企业050"]


def test_htmx_gets_only_the_results_fragment(client, registry) -> None:
    login(client, people.county_officer_qingxu())

    response = client.get(
        LIST, {"q": "陈醋"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="enterprise-results"
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="enterprise-results"')
    assert "<html" not in html
    assert names(response) == ["清徐老陈醋有限公司"]
    assert 'hx-swap-oob="true"' in html
    assert "HX-Request" in response["Vary"]


def test_rows_show_chains_with_roles_towns_and_source_badges(client, registry) -> None:
    login(client, people.province_planner())

    html = client.get(LIST).content.decode()

    assert "现代医药 · 链主" in html
    assert "现代医药 · 链核" in html
    assert "清徐老陈醋专业镇 · 龙头" in html
    assert "清徐县（太原市）" in html
    assert ">合成</span>" in html
    assert ">报道</span>" in html


def test_an_empty_result_explains_itself(client, registry) -> None:
    login(client, people.county_officer_qingxu())

    html = client.get(LIST, {"q": "不存在的企业"}).content.decode()

    assert "没有符合条件的企业。" in html


def test_detail_shows_every_field_with_unknowns_marked(client, registry) -> None:
    login(client, people.county_officer_qingxu())

    response = client.get(f"/registry/enterprises/{registry['vinegar'].pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "清徐老陈醋有限公司" in html
    assert make_uscc(1) in html
    assert "老字号" in html
    assert "ISO 9001" in html
    assert html.count("未记录") >= 5  # established, capital, standards, patents, rating...
    assert "13812345678" in html  # the county's own officer sees the phone
    assert "清徐老陈醋专业镇" in html


def test_leader_reads_a_masked_phone_and_cannot_archive(client, registry) -> None:
    login(client, people.leader())
    url = f"/registry/enterprises/{registry['vinegar'].pk}/"

    html = client.get(url).content.decode()
    archive = client.post(f"{url}archive/")

    assert "138****5678" in html
    assert "13812345678" not in html
    assert "/archive/" not in html
    assert archive.status_code == 403
    registry["vinegar"].refresh_from_db()
    assert registry["vinegar"].archived_at is None


def test_the_phone_stays_masked_in_the_history_for_a_leader(client, registry) -> None:
    enterprise_upsert(
        uscc=registry["vinegar"].uscc, data={"contact_phone": "13900001111"}, actor=None
    )
    login(client, people.leader())

    html = client.get(f"/registry/enterprises/{registry['vinegar'].pk}/").content.decode()

    assert "139****1111" in html
    assert "13900001111" not in html


def test_another_countys_officer_gets_404(client, registry) -> None:
    login(client, people.county_officer_taigu())
    pk = registry["vinegar"].pk

    assert client.get(f"/registry/enterprises/{pk}/").status_code == 404
    assert client.post(f"/registry/enterprises/{pk}/archive/").status_code == 404
    assert client.post(f"/registry/enterprises/{pk}/restore/").status_code == 404


def test_an_enterprise_user_sees_its_record_not_others(client, registry) -> None:
    login(client, people.enterprise_user(registry["taigu"]))

    own = client.get(f"/registry/enterprises/{registry['taigu'].pk}/")
    other = client.get(f"/registry/enterprises/{registry['vinegar'].pk}/")

    assert own.status_code == 200
    assert "13512345678" in own.content.decode()
    assert other.status_code == 404
    assert client.post(f"/registry/enterprises/{registry['taigu'].pk}/archive/").status_code == 403


def test_officer_archives_and_restores_with_history(client, registry) -> None:
    login(client, people.county_officer_qingxu())
    pk = registry["pharma"].pk

    archived = client.post(f"/registry/enterprises/{pk}/archive/")
    registry["pharma"].refresh_from_db()
    assert archived.status_code == 302
    assert registry["pharma"].archived_at is not None
    page = client.get(f"/registry/enterprises/{pk}/").content.decode()
    assert "已归档" in page
    assert f"/registry/enterprises/{pk}/restore/" in page

    client.post(f"/registry/enterprises/{pk}/restore/")

    registry["pharma"].refresh_from_db()
    assert registry["pharma"].archived_at is None
    actions = list(
        AuditEvent.objects.filter(object_type="registry.enterprise", object_id=str(pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["archive", "restore"]
    assert client.get(f"/registry/enterprises/{pk}/archive/").status_code == 405


def test_history_reads_before_and_after(client, registry) -> None:
    officer = login(client, people.county_officer_qingxu())
    enterprise_upsert(
        uscc=registry["vinegar"].uscc,
        data={"employees": 80, "region_id": "140121"},
        actor=officer,
    )

    html = client.get(f"/registry/enterprises/{registry['vinegar'].pk}/").content.decode()

    assert "变更历史" in html
    assert "从业人员" in html
    assert ">50</span>" in html
    assert ">80</span>" in html
    assert str(officer) in html


def _csv_rows(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def test_export_csv_contains_only_the_officers_county(client, registry) -> None:
    login(client, people.county_officer_qingxu())

    response = client.get("/registry/enterprises/export/", {"fmt": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert sorted(row["企业名称"] for row in rows) == ["清徐制药有限公司", "清徐老陈醋有限公司"]
    assert AuditEvent.objects.filter(action="export").count() == 1


def test_export_follows_the_filters(client, registry) -> None:
    login(client, people.province_planner())

    response = client.get("/registry/enterprises/export/", {"fmt": "csv", "chain": "medicine"})

    assert sorted(row["企业名称"] for row in _csv_rows(response)) == [
        "广誉远中药股份有限公司",
        "清徐制药有限公司",
    ]


def test_export_xlsx(client, registry) -> None:
    from openpyxl import load_workbook

    login(client, people.county_officer_taigu())

    response = client.get("/registry/enterprises/export/", {"fmt": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("统一社会信用代码", "企业名称")
    assert [row[1] for row in rows[1:]] == ["广誉远中药股份有限公司"]


def test_export_of_an_unknown_format_is_404(client, registry) -> None:
    login(client, people.county_officer_qingxu())

    assert client.get("/registry/enterprises/export/", {"fmt": "pdf"}).status_code == 404
