"""Change-request lists cost the same queries at 2 requests as at 14: the officers' queue and the
API list (province and county), the enterprise's own list, and one request's page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qstrong.accounts.models import User
from qstrong.accounts.tests import factories as people
from qstrong.changes import services
from qstrong.changes.models import ChangeRequest
from qstrong.core.testing import assert_flat_queries
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _submit(enterprise: Any, owner: Any, employees: int) -> ChangeRequest:
    return services.change_request_submit(
        enterprise=enterprise,
        data={"certifications": ["ISO9001"], "employees": employees},
        files=[SimpleUploadedFile("iso9001.pdf", PDF, content_type="application/pdf")],
        actor=owner,
        note="新取得证书",
    )


def _requests(count: int) -> None:
    """count more enterprises of 清徐 with a request each: half pending, half rejected."""
    # The persona factory would set the officer's password again (signing the officer out).
    officer = User.objects.filter(username="qingxu").first() or people.county_officer_qingxu()
    for n in range(count):
        enterprise = EnterpriseFactory(region_id="140121", employees=50)
        change = _submit(enterprise, people.enterprise_user(enterprise), 60 + n)
        if n % 2:
            services.change_request_reject(change_request=change, actor=officer, reason="材料不全")


@pytest.mark.parametrize("persona", [people.province_planner, people.county_officer_qingxu])
def test_the_queue_does_not_grow_with_requests(
    client: Any, django_assert_max_num_queries: Any, persona: Any
) -> None:
    _requests(2)
    client.force_login(persona())
    change = ChangeRequest.objects.order_by("pk").first()
    assert change is not None
    assert_flat_queries(
        client,
        [
            "/changes/",
            "/changes/?state=rejected",
            "/api/changes/",
            "/api/changes/?state=pending",
            f"/changes/{change.pk}/",
            f"/api/changes/{change.pk}",
        ],
        grow=lambda: _requests(12),
        max_queries=12,
        assert_max=django_assert_max_num_queries,
    )


def test_the_enterprise_s_own_list_does_not_grow(
    client: Any, django_assert_max_num_queries: Any
) -> None:
    enterprise = EnterpriseFactory(region_id="140121", employees=50)
    owner, officer = people.enterprise_user(enterprise), people.county_officer_qingxu()

    def grow(count: int) -> None:
        for n in range(count):
            change = _submit(enterprise, owner, 60 + n)
            services.change_request_reject(change_request=change, actor=officer, reason="材料不全")

    grow(2)
    client.force_login(owner)
    assert_flat_queries(
        client,
        ["/changes/mine/", "/api/changes/"],
        grow=lambda: grow(12),
        max_queries=12,
        assert_max=django_assert_max_num_queries,
    )
