"""Enterprises per region, kept by database triggers: exact whoever writes (ADR 0012)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count

from qstrong.accounts.tests.factories import (
    city_officer_taiyuan,
    county_officer_qingxu,
    province_planner,
)
from qstrong.registry import selectors
from qstrong.registry.models import Enterprise, EnterpriseCount
from qstrong.registry.selectors import enterprise_counts
from qstrong.registry.services import enterprise_archive, enterprise_restore
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db


def _counted() -> dict[str, int]:
    """What a full count over the enterprises says."""
    rows = Enterprise.objects.filter(archived_at__isnull=True).values("region_id")
    return {r["region_id"]: r["n"] for r in rows.annotate(n=Count("pk")).order_by()}


def test_counts_follow_every_kind_of_write(monkeypatch: Any) -> None:
    # given enterprises in 清徐 and 太谷, made by the ORM, by bulk_create and by a raw UPDATE
    planner = province_planner()
    qingxu = [EnterpriseFactory(uscc=make_uscc(n), region_id="140121") for n in range(3)]
    Enterprise.objects.bulk_create(
        [Enterprise(uscc=make_uscc(10 + n, "140703"), name=f"太谷{n}", region_id="140703")
         for n in range(4)]
    )  # fmt: skip
    # when one is archived, one restored, one moved to 太谷, one deleted
    enterprise_archive(enterprise=qingxu[0], actor=planner)
    archived = Enterprise.objects.get(uscc=make_uscc(10, "140703"))
    enterprise_archive(enterprise=archived, actor=planner)
    enterprise_restore(enterprise=archived, actor=planner)
    Enterprise.objects.filter(pk=qingxu[1].pk).update(region_id="140703")
    Enterprise.objects.get(uscc=make_uscc(11, "140703")).delete()
    qingxu[2].name = "只改名称"
    qingxu[2].save()
    # then the kept counts equal a full count, for the province and each jurisdiction
    assert enterprise_counts(user=planner) == _counted() == {"140121": 1, "140703": 4}
    assert enterprise_counts(user=county_officer_qingxu()) == {"140121": 1}
    assert enterprise_counts(user=city_officer_taiyuan()) == {"140121": 1}
    # and many deltas of one region are folded into one row, the sum unchanged
    monkeypatch.setattr(selectors, "COUNT_ROWS_BEFORE_FOLD", 1)
    assert enterprise_counts(user=planner) == {"140121": 1, "140703": 4}
    assert EnterpriseCount.objects.filter(region="140703").count() == 1
    assert enterprise_counts(user=planner) == {"140121": 1, "140703": 4}


def test_an_enterprise_user_gets_no_counts() -> None:
    from qstrong.accounts.tests.factories import enterprise_user

    assert enterprise_counts(user=enterprise_user(EnterpriseFactory(region_id="140121"))) == {}
