"""The province edits the measure library and the section order on a page; drafts follow them;
anyone else gets 404."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from qstrong.accounts.tests.factories import (
    PASSWORD,
    city_officer_taiyuan,
    county_officer_qingxu,
    leader,
    province_planner,
)
from qstrong.core.models import AuditEvent
from qstrong.handbooks import services_library
from qstrong.handbooks.library import library_ensure
from qstrong.handbooks.models import MeasureTemplate, SectionLayout
from qstrong.handbooks.schemas import content_load
from qstrong.handbooks.selectors import measure_library
from qstrong.handbooks.tests.factories import drafted

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def test_the_province_adds_edits_and_retires_a_standard_measure_on_the_page() -> None:
    # Given the seeded library and the provincial planner
    library_ensure()
    client = _client(province_planner())
    page = client.get(reverse("handbooks:library") + "?kind=town")
    assert page.status_code == 200
    html = page.content.decode()
    assert "地理标志运用" in html and "指导地理标志产品保护与授权使用" in html

    # When the planner adds a town measure under 标准引领
    response = client.post(
        reverse("handbooks:library_measure_add", args=["town"]),
        {"category": "标准引领", "text": "  支持龙头企业牵头制定  团体标准  "},
    )
    assert response.status_code == 302
    added = MeasureTemplate.objects.get(kind="town", text="支持龙头企业牵头制定 团体标准")
    assert added.category == "标准引领" and added.active
    others = MeasureTemplate.objects.exclude(pk=added.pk).values_list("sort_order", flat=True)
    assert added.sort_order == max(others) + 1

    # And rewords it, then retires it
    client.post(
        reverse("handbooks:library_measure_edit", args=["town", added.pk]),
        {
            "category": "标准引领",
            "text": "支持龙头企业牵头制定《代州黄酒》等团体标准",
            "sort_order": 3,
        },
    )
    added.refresh_from_db()
    assert (added.text, added.sort_order) == ("支持龙头企业牵头制定《代州黄酒》等团体标准", 3)
    client.post(
        reverse("handbooks:library_measure_active", args=["town", added.pk]), {"active": "0"}
    )
    added.refresh_from_db()
    assert added.active is False

    # Then officers no longer pick it, and each change is in the audit trail
    assert added not in measure_library(kind="town")
    trail = AuditEvent.objects.filter(
        object_type="handbooks.measuretemplate", object_id=str(added.pk)
    ).values_list("action", flat=True)
    assert sorted(trail) == ["archive", "create", "update"]


def test_bad_library_input_is_named_and_nothing_is_written() -> None:
    library_ensure()
    planner = province_planner()
    before = MeasureTemplate.objects.count()
    with pytest.raises(ValidationError) as wrong_category:
        services_library.measure_template_save(
            kind="enterprise",
            data=services_library.TemplateData(category="地理标志运用", text="x"),
            actor=planner,
        )
    assert wrong_category.value.message_dict == {
        "category": ["“地理标志运用”不是一企一册的举措类别。"]
    }
    with pytest.raises(ValidationError) as twin:
        services_library.measure_template_save(
            kind="enterprise",
            data=services_library.TemplateData(
                category="计量", text="组织计量技术机构上门开展计量器具集中检定"
            ),
            actor=planner,
        )
    assert twin.value.message_dict == {"text": ["该类别下已有同样的标准举措。"]}
    client = _client(planner)
    response = client.post(
        reverse("handbooks:library_measure_add", args=["chain"]),
        {"category": "质量技术", "text": "   "},
        follow=True,
    )
    assert "请填写举措内容。" in response.content.decode()
    assert MeasureTemplate.objects.count() == before


def test_the_province_reorders_and_hides_sections_and_new_drafts_follow() -> None:
    # Given the town layout (overview, measures, quality_base, outreach, revenue)
    library_ensure()
    client = _client(province_planner())
    rows = ["overview", "measures", "quality_base", "outreach", "revenue"]
    # When the planner puts revenue second and hides outreach
    data = {
        "key": rows,
        "shown": ["overview", "measures", "quality_base", "revenue"],
        "order-overview": "1",
        "order-measures": "3",
        "order-quality_base": "4",
        "order-outreach": "5",
        "order-revenue": "2",
    }
    assert client.post(reverse("handbooks:library_sections", args=["town"]), data).status_code
    layout = SectionLayout.objects.get(kind="town")
    assert layout.sections[:4] == ["overview", "revenue", "measures", "quality_base"]
    assert "outreach" not in layout.sections
    # Then the page shows outreach as hidden, last
    page = client.get(reverse("handbooks:library") + "?kind=town").content.decode()
    assert page.index('data-key="revenue"') < page.index('data-key="measures"')
    assert page.index('data-key="quality_base"') < page.index('data-key="outreach"')
    # And a new town draft is composed in that order, without the outreach section
    from qstrong.registry.tests.factories import TownFactory

    handbook = drafted(TownFactory(), actor=None)
    keys = [s.key for s in content_load(handbook.content).sections]
    assert keys[:4] == ["overview", "revenue", "measures", "quality_base"]
    assert "outreach" not in keys


def test_a_layout_with_an_unknown_or_no_section_is_refused() -> None:
    library_ensure()
    planner = province_planner()
    with pytest.raises(ValidationError) as unknown:
        services_library.section_layout_save(
            kind="chain", sections=["overview", "nonsense"], actor=planner
        )
    assert unknown.value.message_dict == {"sections": ["没有这样的章节：nonsense"]}
    with pytest.raises(ValidationError) as empty:
        services_library.section_layout_save(kind="chain", sections=[], actor=planner)
    assert empty.value.message_dict == {"sections": ["至少保留一个章节。"]}
    response = _client(planner).post(
        reverse("handbooks:library_sections", args=["chain"]), {"key": ["overview"]}, follow=True
    )
    assert "至少保留一个章节。" in response.content.decode()
    assert SectionLayout.objects.get(kind="chain").sections[0] == "overview"
    assert len(SectionLayout.objects.get(kind="chain").sections) == 9


@pytest.mark.parametrize(
    "persona", [county_officer_qingxu, city_officer_taiyuan, leader], ids=lambda p: p.__name__
)
def test_officers_below_the_province_and_readers_get_404(persona: object) -> None:
    library_ensure()
    template = MeasureTemplate.objects.filter(kind="enterprise").first()
    assert template is not None
    client = _client(persona())  # type: ignore[operator]
    urls = [
        ("get", reverse("handbooks:library")),
        ("post", reverse("handbooks:library_sections", args=["enterprise"])),
        ("post", reverse("handbooks:library_measure_add", args=["enterprise"])),
        ("post", reverse("handbooks:library_measure_edit", args=["enterprise", template.pk])),
        ("post", reverse("handbooks:library_measure_active", args=["enterprise", template.pk])),
    ]
    for method, url in urls:
        response = client.get(url) if method == "get" else client.post(url, {"text": "x"})
        assert response.status_code == 404, (url, response.status_code)
    template.refresh_from_db()
    assert template.active
    with pytest.raises(PermissionDenied):
        services_library.measure_template_set_active(
            template=template,
            active=False,
            actor=persona(),  # type: ignore[operator]
        )
