"""Pagination that never counts a million rows: the total is exact up to a cap, then "10,000+"."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

# Past this many rows a list says "10,000+": nobody pages that far, and an exact total over a
# million rows costs a full scan on every view. Narrowing the filters gives an exact figure.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A Paginator whose count reads at most `cap` + 1 rows (SELECT COUNT(*) FROM (… LIMIT))."""

    def __init__(self, object_list: Any, per_page: int, *, cap: int = COUNT_CAP, **kwargs: Any):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _capped_count(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            return rows.order_by()[: self.cap + 1].count()
        return len(rows)

    @cached_property
    def count(self) -> int:
        """The exact total when it is at most the cap; otherwise the cap (see `is_capped`)."""
        return min(self._capped_count, self.cap)

    @property
    def is_capped(self) -> bool:
        """More rows than the cap: the page says "10,000+" and offers a narrower filter."""
        return self._capped_count > self.cap


class KnownCountPaginator(Paginator):
    """A Paginator told its total by the caller (a stored tally), so that it never counts.

    For lists whose total is already on the page from an aggregate kept by the writers (a
    policy's eligible enterprises from the coverage tallies): counting the same rows again cost
    0.2–0.3 s at a million enterprises. Should the tally be behind, the last page is short.
    """

    def __init__(self, object_list: Any, per_page: int, *, count: int, **kwargs: Any):
        super().__init__(object_list, per_page, **kwargs)
        self._known = max(0, count)

    @cached_property
    def count(self) -> int:
        return self._known
