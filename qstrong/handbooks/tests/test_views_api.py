"""Pages, API and downloads: scoped as everywhere; another county's officer gets 404 on each."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qstrong.accounts.tests.factories import (
    PASSWORD,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    province_planner,
)
from qstrong.handbooks import batches, services
from qstrong.handbooks.library import library_ensure
from qstrong.handbooks.models import Batch, Handbook
from qstrong.handbooks.tests.factories import AS_OF, drafted
from qstrong.registry.tests.factories import (
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    SegmentFactory,
)

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def _published(handbook: Handbook) -> Handbook:
    services.handbook_submit(handbook=handbook, actor=county_officer_qingxu())
    services.handbook_publish(
        handbook=handbook, actor=province_planner(), today=dt.date(2024, 10, 8)
    )
    handbook.refresh_from_db()
    return handbook


def _urls(handbook: Handbook, batch: Batch) -> list[tuple[str, str]]:
    pk = handbook.pk
    return [
        ("get", reverse("handbooks:detail", args=[pk])),
        ("get", reverse("handbooks:download", args=[pk, "pdf"])),
        ("get", reverse("handbooks:download", args=[pk, "docx"])),
        ("post", reverse("handbooks:action", args=[pk, "submit"])),
        ("post", reverse("handbooks:section_edit", args=[pk, "profile"])),
        ("post", reverse("handbooks:measure_add", args=[pk])),
        ("get", reverse("handbooks:batch_detail", args=[batch.pk])),
        ("post", reverse("handbooks:batch_zip", args=[batch.pk])),
        ("post", reverse("handbooks:batch_action", args=[batch.pk, "publish"])),
        ("get", f"/api/handbooks/{pk}"),
        ("get", f"/api/handbooks/{pk}/file.pdf"),
        ("post", f"/api/handbooks/{pk}/transitions"),
        ("post", f"/api/handbooks/{pk}/measures"),
        ("get", f"/api/handbooks/batches/{batch.pk}"),
        ("post", f"/api/handbooks/batches/{batch.pk}/zip"),
    ]


def test_an_officer_of_another_county_gets_404_on_every_page_api_and_download() -> None:
    # Given a 清徐 enterprise's handbook in a batch of its own
    library_ensure()
    enterprise = EnterpriseFactory(name="清徐宝源老陈醋有限公司")
    batch = batches.batch_create(
        name="第一批", kind="enterprise", year=2024, subjects=[enterprise], actor=province_planner()
    )
    handbook = batch.handbooks.get()
    services.handbook_generate(handbook=handbook, actor=None, as_of=AS_OF)
    client = _client(county_officer_taigu())
    # When the 太谷 officer asks for any of its pages, files or API: Then 404
    for method, url in _urls(handbook, batch):
        data = {"action": "submit"} if "transitions" in url else {"category": "x", "text": "y"}
        response = (
            client.get(url)
            if method == "get"
            else client.post(
                url, data, content_type="application/json" if url.startswith("/api/") else None
            )
            if url.startswith("/api/")
            else client.post(url, data)
        )
        assert response.status_code == 404, (method, url, response.status_code)
    # And the list and the API list do not show it
    assert "清徐宝源" not in client.get(reverse("handbooks:list")).content.decode()
    assert client.get("/api/handbooks/").json() == []
    # While the 清徐 officer sees and downloads it
    own = _client(county_officer_qingxu())
    assert own.get(reverse("handbooks:detail", args=[handbook.pk])).status_code == 200
    pdf = own.get(reverse("handbooks:download", args=[handbook.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_chain_handbooks_are_readable_by_officers_and_editable_by_the_province_only() -> None:
    library_ensure()
    chain = ChainFactory(name="铝")
    segment = SegmentFactory(chain=chain, name="电解铝")
    ChainMemberFactory(
        chain=chain,
        segment=segment,
        role="leader",
        enterprise=EnterpriseFactory(name="中铝测试", region_id="140703"),
    )
    ChainMemberFactory(
        chain=chain,
        segment=segment,
        enterprise=EnterpriseFactory(name="太谷配套厂", region_id="140703"),
    )
    handbook = drafted(chain, actor=province_planner())
    taigu = _client(county_officer_qingxu())
    page = taigu.get(reverse("handbooks:detail", args=[handbook.pk]))
    assert page.status_code == 200
    # Only the leader is named; the supplier is counted
    html = page.content.decode()
    assert "中铝测试" in html and "太谷配套厂" not in html and "骨干及配套企业 ×1" in html
    assert taigu.post(reverse("handbooks:action", args=[handbook.pk, "submit"])).status_code == 403


def test_the_enterprise_user_reads_only_its_own_published_handbook_in_the_portal() -> None:
    enterprise = EnterpriseFactory(name="清徐宝源老陈醋有限公司")
    other = EnterpriseFactory(name="清徐另一家醋厂")
    handbook = drafted(enterprise, actor=county_officer_qingxu())
    other_book = _published(drafted(other, actor=county_officer_qingxu()))
    client = _client(enterprise_user(enterprise))
    # A draft is not shown, even its own
    assert client.get(reverse("handbooks:download", args=[handbook.pk, "pdf"])).status_code == 404
    assert "暂无已发布" in client.get(reverse("handbooks:mine")).content.decode()
    _published(handbook)
    page = client.get(reverse("handbooks:mine")).content.decode()
    assert "清徐宝源老陈醋有限公司企业服务手册" in page
    assert client.get(reverse("handbooks:download", args=[handbook.pk, "docx"])).status_code == 200
    assert client.get(reverse("handbooks:download", args=[other_book.pk, "pdf"])).status_code == 404
    assert client.get(f"/api/handbooks/{other_book.pk}").status_code == 404


def test_batch_by_criterion_generates_lists_failures_and_zips(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    library_ensure()
    chain = ChainFactory(name="铝")
    ok = ChainMemberFactory(
        chain=chain, role="leader", enterprise=EnterpriseFactory(name="链主甲")
    ).enterprise
    bad = ChainMemberFactory(
        chain=chain, role="core", enterprise=EnterpriseFactory(name="链核乙")
    ).enterprise
    client = _client(province_planner())
    from qstrong.handbooks.composing import enterprise as composer
    from qstrong.handbooks.composing.base import REGISTRY, SectionSpec

    real = composer.profile

    def flaky(ctx: object) -> object:
        if ctx.subject.pk == bad.pk:  # type: ignore[attr-defined]
            raise RuntimeError("registry row unreadable")
        return real(ctx)  # type: ignore[arg-type]

    monkeypatch.setitem(
        REGISTRY["enterprise"], "profile", SectionSpec("enterprise", "profile", "企业概况", flaky)
    )
    form = {"name": "第一批", "kind": "enterprise", "year": 2024, "criterion": "chain_leaders"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("handbooks:batch_create"), form)
    batch = Batch.objects.get()
    assert response.status_code == 302
    states = dict(batch.handbooks.values_list("subject_name", "state"))
    assert states == {"链主甲": "draft", "链核乙": "failed"}
    page = client.get(reverse("handbooks:batch_detail", args=[batch.pk])).content.decode()
    assert "registry row unreadable" in page
    # Retry once the cause is gone
    monkeypatch.setitem(
        REGISTRY["enterprise"], "profile", SectionSpec("enterprise", "profile", "企业概况", real)
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("handbooks:batch_action", args=[batch.pk, "generate"]))
    assert set(batch.handbooks.values_list("state", flat=True)) == {"draft"}
    assert ok.pk != bad.pk


def test_api_creates_a_batch_by_list_and_names_unknown_codes(
    django_capture_on_commit_callbacks: Any,
) -> None:
    library_ensure()
    enterprise = EnterpriseFactory()
    client = _client(province_planner())
    bad = client.post(
        "/api/handbooks/batches",
        {
            "name": "第一批",
            "kind": "enterprise",
            "year": 2024,
            "criterion": "list",
            "subjects": [enterprise.uscc, "NOPE"],
        },
        content_type="application/json",
    )
    assert bad.status_code == 409
    assert "第 2 行：NOPE" in bad.json()["detail"][0]["msg"]
    assert not Batch.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        good = client.post(
            "/api/handbooks/batches",
            {
                "name": "第一批",
                "kind": "enterprise",
                "year": 2024,
                "criterion": "list",
                "subjects": [enterprise.uscc],
            },
            content_type="application/json",
        )
    assert good.status_code == 201
    batch = Batch.objects.get()
    assert client.get(f"/api/handbooks/batches/{batch.pk}").json()["counts"]["draft"] == 1
    # A county officer may read but not compile
    assert _client(county_officer_qingxu()).post(
        "/api/handbooks/batches", {}, content_type="application/json"
    ).status_code in (403, 422)


@pytest.mark.parametrize("rows", [1, 6])
def test_the_list_page_costs_the_same_queries_at_any_size(
    rows: int, django_assert_max_num_queries: object
) -> None:
    library_ensure()
    for _ in range(rows):
        services.handbook_create(subject=EnterpriseFactory(), actor=None)
    client = _client(county_officer_qingxu())
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(reverse("handbooks:list")).status_code == 200
