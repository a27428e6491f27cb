"""Every page and every API GET is classified in query_count_table.py: measured at two sizes by a
named query-count test, or exempt with a reason.

A new URL pattern or API operation without an entry fails here, naming the file to add it to.
A "covered" entry must name a test that exists, calls `assert_flat_queries`, and whose module
requests a URL of that page or operation (a literal, or an f-string with its fields filled).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from qstrong.api import api
from qstrong.core.tests.query_count_table import (
    ADMIN_NAMESPACE,
    API,
    PAGES,
    POST_ONLY,
    Covered,
    Exempt,
)

ROOT = Path(__file__).resolve().parents[3]
TABLE = "qstrong/core/tests/query_count_table.py"


def _walk(patterns: list[Any], prefix: str, namespace: str | None) -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or ""
            yield prefix + str(pattern.pattern), f"{namespace}:{name}" if namespace else name


def _is_method(value: object) -> bool:
    return isinstance(value, str) and value.isupper()


def allowed_methods(view: Any) -> list[str] | None:
    """The methods a view's require_http_methods / require_POST allows (None: not declared)."""
    seen = 0
    while view is not None and seen < 10:
        seen += 1
        for cell in getattr(view, "__closure__", None) or ():
            value = cell.cell_contents
            if isinstance(value, list) and value and all(_is_method(m) for m in value):
                return value
        view = getattr(view, "__wrapped__", None)
    return None


def page_views() -> dict[str, Any]:
    return {
        name: pattern
        for name, pattern in _walk_views(get_resolver().url_patterns, None)
        if name.split(":")[0] not in {ADMIN_NAMESPACE, api.urls_namespace}
    }


def _walk_views(patterns: list[Any], namespace: str | None) -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk_views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or ""
            yield (f"{namespace}:{name}" if namespace else name), pattern.callback


def page_routes() -> dict[str, str]:
    """{url name: pattern} of every page, without the admin's and the JSON API's own."""
    routes = {}
    for pattern, name in _walk(get_resolver().url_patterns, "/", None):
        if name.split(":")[0] in {ADMIN_NAMESPACE, api.urls_namespace}:
            continue
        assert name, f"{pattern}: every page needs a name to be classified"
        routes[name] = pattern
    return routes


def api_gets() -> list[str]:
    """'GET /api/…' of every operation the OpenAPI document declares with GET."""
    schema = api.get_openapi_schema()
    return [f"GET {path}" for path, operations in schema["paths"].items() if "get" in operations]


def _api_regex(key: str) -> re.Pattern[str]:
    path = key.removeprefix("GET ")
    parts = re.split(r"(\{[^}]+\})", path)
    body = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
    return re.compile(f"^{body}$")


def _urls_in(source: str) -> set[str]:
    """The URLs a test module requests: string literals and f-strings (fields filled with 1)."""
    urls = set()
    nodes = list(ast.walk(ast.parse(source)))
    # An f-string's literal pieces are read with it, not alone.
    pieces = {id(part) for node in nodes if isinstance(node, ast.JoinedStr) for part in node.values}
    for node in nodes:
        text = None
        if id(node) in pieces:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(
                str(part.value) if isinstance(part, ast.Constant) else "1" for part in node.values
            )
        if text and text.startswith("/") and " " not in text:
            urls.add(text.split("?")[0])
    return urls


@cache
def keys_measured_by(module: str) -> frozenset[str]:
    """The table keys (page names, 'GET /api/…') whose URLs a test module requests."""
    regexes = {key: _api_regex(key) for key in api_gets()}
    keys = set()
    for url in _urls_in((ROOT / module).read_text()):
        if url.startswith("/api/"):
            # The most literal template wins: /api/policies/runs is not /api/policies/{id}.
            matches = sorted(
                (key.count("{"), key) for key, regex in regexes.items() if regex.match(url)
            )
            keys |= {key for fields, key in matches if fields == matches[0][0]}
            continue
        try:
            keys.add(resolve(url).view_name)
        except Resolver404:
            continue
    return frozenset(keys)


def _test_calls_assert_flat_queries(module: str, test: str) -> bool:
    tree = ast.parse((ROOT / module).read_text())
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == test:
            return any(
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id == "assert_flat_queries"
                for call in ast.walk(node)
            )
    return False


def _problems(kind: str, keys: dict[str, str], table: dict[str, Covered | Exempt]) -> list[str]:
    problems = []
    for key, shown in keys.items():
        entry = table.get(key)
        if entry is None:
            problems.append(
                f"{kind} {shown!r} ({key}) is not classified: add it to {kind.upper()} in {TABLE}, "
                "either covered(<its app's test_query_counts test>) after adding its URL to "
                "that two-size test, or exempt('<one-line reason>')"
            )
        elif isinstance(entry, Covered):
            module, test = entry.module, entry.test
            if not (ROOT / module).exists() or not _test_calls_assert_flat_queries(module, test):
                problems.append(f"{key}: {module}::{test} is no assert_flat_queries test")
            elif key not in keys_measured_by(module):
                problems.append(f"{key}: {module} requests no URL of it; add one to {test}")
        elif not entry.reason.strip() or "\n" in entry.reason:
            problems.append(f"{key}: an exemption needs a one-line reason")
    problems += [f"{key}: in {TABLE} but no longer a {kind}" for key in table if key not in keys]
    return problems


def test_every_page_is_classified() -> None:
    routes = page_routes()
    assert _problems("pages", {name: pattern for name, pattern in routes.items()}, PAGES) == []


def test_post_only_pages_are_post_only() -> None:
    views = page_views()
    wrong = {
        name: allowed_methods(views[name])
        for name, entry in PAGES.items()
        if entry == POST_ONLY and name in views and allowed_methods(views[name]) != ["POST"]
    }
    assert wrong == {}, f"{TABLE}: these are not POST-only, classify them otherwise"


def test_every_api_get_is_classified() -> None:
    gets = {key: key for key in api_gets()}
    assert _problems("api", gets, API) == []


def test_the_registry_notices_a_page_nobody_classified() -> None:
    # given a table that lacks one page
    routes = page_routes()
    table = {k: v for k, v in PAGES.items() if k != "nqi:campaign_list"}
    # then the message names the page and where to classify it
    (problem,) = [p for p in _problems("pages", routes, table) if "nqi:campaign_list" in p]
    assert "'/nqi/campaigns/'" in problem
    assert TABLE in problem


def test_a_covered_entry_must_be_measured_by_its_test() -> None:
    table = dict(PAGES)
    table["nqi:campaign_list"] = Covered(
        module="qstrong/portal/tests/test_query_counts.py",
        test="test_portal_does_not_grow_with_pushes",
    )
    (problem,) = [p for p in _problems("pages", page_routes(), table) if "nqi:campaign_list" in p]
    assert "requests no URL of it" in problem


def test_the_url_reader_fills_f_string_fields() -> None:
    source = 'pages = ["/a/?x=1", f"/handbooks/batches/{b.pk}/", "not a url"]'
    assert _urls_in(source) == {"/a/", "/handbooks/batches/1/"}
