"""The casework demo: the article's figures come out of records; loading twice adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from qstrong.accounts.tests.factories import province_planner
from qstrong.casework import selectors
from qstrong.casework.demo import load_demo as casework_demo
from qstrong.casework.models import ActivityPhoto, Need, OutreachActivity, Provenance, Task
from qstrong.registry.demo.loader import load_demo
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        OutreachActivity.objects.count(),
        Need.objects.count(),
        Task.objects.count(),
        ActivityPhoto.objects.count(),
    )


def test_demo_makes_the_articles_figures_true_and_is_idempotent() -> None:
    # Given 120 synthetic enterprises beside the article's
    for n in range(120):
        EnterpriseFactory(uscc=make_uscc(5000 + n), source="synthetic")

    # When the demo loads (the registry's loader calls the casework part), twice
    load_demo(synthetic=0, users=False)
    first = _counts()
    casework_demo(say=lambda text: None)

    # Then nothing was added the second time
    assert _counts() == first

    # And the article's nine dated events are there, with the three credited photos
    article = OutreachActivity.objects.filter(source=Provenance.ARTICLE)
    assert article.count() == 9
    assert article.get(date=dt.date(2024, 9, 6)).kind == "themed"
    assert sorted(ActivityPhoto.objects.values_list("credit", flat=True)) == [
        "杨智慧 摄",
        "毕瑞喆 摄",
        "毕秋霞 摄",
    ]

    # And "上半年入企服务100余家" comes out of the records: distinct enterprises served in H1
    served = selectors.distinct_enterprises_served(
        user=province_planner(), start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30)
    )
    assert served == 110

    # And 广誉远 has 45 list items (15 needs, tasks, responsibilities); some verified, some late
    needs = Need.objects.filter(enterprise__name="广誉远中药股份有限公司")
    tasks = Task.objects.filter(need__in=needs)
    assert (needs.count(), tasks.count(), tasks.values("responsible_bureau").count()) == (
        15,
        15,
        15,
    )
    assert tasks.filter(state="verified").count() == 6
    assert needs.filter(state="closed").count() == 6
    overdue = [t for t in tasks if t.is_overdue(dt.date(2024, 10, 1))]
    assert len(overdue) == 6
    assert all(n.source_kind == Provenance.ILLUSTRATIVE for n in needs)
