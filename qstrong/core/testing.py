"""Test helpers shared by the apps: a page's query count must not grow with the rows it reads."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def query_counts(client: Any, urls: Iterable[str]) -> dict[str, int]:
    """{url: queries} for one GET of each url, which must answer 200."""
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[url] = len(context)
    return counts


def assert_flat_queries(
    client: Any,
    urls: Iterable[str],
    *,
    grow: Callable[[], None],
    max_queries: int,
    assert_max: Any,
) -> dict[str, int]:
    """Each url costs the same queries before and after `grow()` adds rows, and ≤ max_queries.

    `assert_max` is pytest-django's django_assert_max_num_queries fixture.
    """
    urls = list(urls)
    # A session's first request after sign-in writes the session (the idle timeout's last-seen
    # mark, then saved once a minute): make it here so that it is counted on neither side.
    client.get("/")
    small = query_counts(client, urls)
    grow()
    with assert_max(max_queries * len(urls)):
        large = query_counts(client, urls)
    grown = {url: (small[url], large[url]) for url in urls if small[url] != large[url]}
    assert grown == {}, grown
    assert max(large.values()) <= max_queries, large
    return large
