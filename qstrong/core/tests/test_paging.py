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
