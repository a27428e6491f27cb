"""CappedPaginator: exact totals up to the cap, then "more than" without counting further."""

from __future__ import annotations

import pytest

from qstrong.core.paging import CappedPaginator
from qstrong.registry.models import Enterprise
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_exact_up_to_the_cap_then_capped() -> None:
    for _ in range(3):
        EnterpriseFactory()
    exact = CappedPaginator(Enterprise.objects.order_by("pk"), 2, cap=3)
    assert (exact.count, exact.is_capped, exact.num_pages) == (3, False, 2)
    EnterpriseFactory()
    capped = CappedPaginator(Enterprise.objects.order_by("pk"), 2, cap=3)
    assert (capped.count, capped.is_capped, capped.num_pages) == (3, True, 2)
    assert len(capped.get_page(2).object_list) == 1


def test_a_list_is_counted_by_its_length() -> None:
    paginator = CappedPaginator([1, 2, 3, 4], 2, cap=10)
    assert (paginator.count, paginator.is_capped) == (4, False)


def test_a_known_count_paginator_pages_without_counting(django_assert_num_queries) -> None:
    from qstrong.core.paging import KnownCountPaginator
    from qstrong.registry.models import Region

    rows = Region.objects.order_by("code")
    paginator = KnownCountPaginator(rows, 2, count=5)

    with django_assert_num_queries(0):
        assert (paginator.count, paginator.num_pages) == (5, 3)
    assert list(paginator.get_elided_page_range(1, on_each_side=1, on_ends=1)) == [1, 2, 3]
    assert KnownCountPaginator(rows, 2, count=-1).count == 0
