"""The authorization matrix: every URL pattern and every API operation, with every role, on real
objects (the demo data), against the allowed set kept as data in `authorization_matrix.py`.

Allowed: 2xx, or a redirect that is not to the login page (also 400/409/410/422 answers of a view
that ran: the request was let in and its content judged). Refused: 401, 403, 404, or a redirect to
the login page. Never a 500. Unsafe requests (POST, PATCH, PUT, DELETE) carry an empty form or the
smallest JSON body the OpenAPI schema asks for, and every request runs in a savepoint that is
rolled back, so that no request changes what the next one sees. An API operation that refuses
the body before its view runs (422 from the schema) has not let anyone in: for a refused role
that is accepted as a refusal; see `classify`.

A URL or operation without an entry fails `test_every_url_and_operation_has_an_entry`.
Set QSTRONG_MATRIX_OBSERVED=path to write the observed table (to review a new entry).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authorization_matrix import MATRIX, ROLES
from tests.authorization_objects import MISSING, Anchor, api_pickers, default_anchor, page_pickers

# The database is set up only for a session that holds django_db tests; the world is built once
# per module (below) and every request rolls back to it.
pytestmark = [pytest.mark.django_db]

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


def _now() -> Any:
    import conftest  # the root conftest: the suite's frozen moment

    return conftest.TEST_NOW


# --- what exists -------------------------------------------------------------------------------


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield name, prefix + str(pattern.pattern)


def page_names() -> list[str]:
    names = {name for name, path in _walk(get_resolver().url_patterns)}
    # The API's own patterns are walked through its OpenAPI paths; the admin's unnamed catch-all
    # (a 404 for any other /admin/ path) has no name to reverse.
    return sorted(n for n in names if not n.startswith("api:") and n != "admin:None")


def api_operations() -> list[tuple[str, str]]:
    from qstrong.api import api

    paths = api.get_openapi_schema()["paths"]
    return sorted((method.upper(), path) for path, ops in paths.items() for method in ops)


def api_key(method: str, path: str) -> str:
    return f"{method} {path}"


# --- the world ---------------------------------------------------------------------------------


class World:
    """The demo data, and the persons of each role relative to an object's county and enterprise."""

    def __init__(self) -> None:
        self.users: dict[tuple[str, str], Any] = {}
        self.clients: dict[int, Client] = {}
        self.anon = Client(raise_request_exception=False)
        from django.conf import settings

        self.media_root = settings.MEDIA_ROOT  # where the demo's files went

    # persons
    def _user(self, key: str, make: Any) -> Any:
        if (key, "") not in self.users:
            self.users[(key, "")] = make()
        return self.users[(key, "")]

    def _bureau_user(self, username: str, role: str, level: str, region: str) -> Any:
        from qstrong.accounts.models import Organisation, User

        org, _ = Organisation.objects.get_or_create(
            name=f"矩阵{level}{region}",
            defaults={"kind": Organisation.Kind.BUREAU, "level": level, "region_id": region},
        )
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={"organisation": org, "role": role, "display_name": username},
        )
        return user

    def _enterprise_user(self, enterprise: Any) -> Any:
        from qstrong.accounts.models import Organisation, User

        org, _ = Organisation.objects.get_or_create(
            enterprise=enterprise,
            defaults={"kind": Organisation.Kind.ENTERPRISE, "name": f"矩阵企业{enterprise.pk}"},
        )
        user, _ = User.objects.get_or_create(
            username=f"mx_ent_{enterprise.pk}",
            defaults={"organisation": org, "role": "enterprise_user", "display_name": "企业"},
        )
        return user

    def person(self, role: str, anchor: Anchor) -> Any:
        from qstrong.registry.models import Enterprise

        county = anchor.region
        other = "140121" if not county.startswith("1401") else "140703"
        if role == "anon":
            return None
        if role == "county":
            return self._bureau_user(f"mx_county_{county}", "county_officer", "county", county)
        if role == "county2":
            return self._bureau_user(f"mx_county_{other}", "county_officer", "county", other)
        if role == "city":
            city = county[:4] + "00"
            return self._bureau_user(f"mx_city_{city}", "city_officer", "city", city)
        if role == "prov":
            return self._bureau_user("mx_province", "province_planner", "province", "140000")
        if role == "lead":
            return self._bureau_user("mx_leader", "leader", "province", "140000")
        if role in {"sys", "sec", "aud"}:
            kind = {"sys": "admin", "sec": "security_admin", "aud": "audit_admin"}[role]
            return self._bureau_user(f"mx_{kind}", kind, "province", "140000")
        if role == "ent":
            enterprise = (
                Enterprise.objects.get(pk=anchor.enterprise_id)
                if anchor.enterprise_id
                else Enterprise.objects.filter(region_id=county).order_by("pk").first()
            ) or Enterprise.objects.get(pk=default_anchor().enterprise_id)
            return self._enterprise_user(enterprise)
        if role == "ent2":
            outside = Enterprise.objects.exclude(region_id=county).exclude(
                pk=anchor.enterprise_id or 0
            )
            return self._enterprise_user(outside.order_by("pk").first())
        raise ValueError(role)

    def client(self, user: Any) -> Client:
        if user is None:
            return self.anon
        if user.pk not in self.clients:
            client = Client(raise_request_exception=False)
            client.force_login(user)
            self.clients[user.pk] = client
        return self.clients[user.pk]


class _Rollback(Exception):
    def __init__(self, response: Any) -> None:
        self.response = response


def send(client: Client, method: str, url: str, body: Any = None) -> Any:
    """One request in a savepoint that is rolled back; the client's cookies as they were."""
    cookies = SimpleCookie()
    cookies.load(client.cookies.output(header="", sep=";"))
    kwargs: dict[str, Any] = {}
    if method != "GET" and body is not None:
        kwargs = {"data": json.dumps(body), "content_type": "application/json"}
    try:
        with transaction.atomic():
            response = client.generic(method, url, **kwargs)
            raise _Rollback(response)
    except _Rollback as done:
        response = done.response
    client.cookies = cookies
    return response


def classify(response: Any) -> str:
    """ok, refused, invalid (the API's schema refused the body before the view ran) or error."""
    status = response.status_code
    if status >= 500:
        return "error"
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        return "refused" if any(p in location for p in LOGIN_PATHS) else "ok"
    if status in (401, 403, 404):
        return "refused"
    if status == 422 and response.get("Content-Type", "").startswith("application/json"):
        detail = response.json().get("detail")
        if isinstance(detail, list) and any(
            (d.get("loc") or [""])[0] in {"body", "form", "file", "query", "path"} for d in detail
        ):
            return "invalid"
    return "ok"


# --- request bodies from the OpenAPI schema -----------------------------------------------------


def _dummy(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema:
        return _dummy(schema["anyOf"][0], components, depth)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object" and depth < 4:
        props = schema.get("properties", {})
        return {
            key: _dummy(props[key], components, depth + 1)
            for key in schema.get("required", [])
            if key in props
        }
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2026-11-20"
    return "x" * max(1, int(schema.get("minLength", 1)))


def api_body(method: str, path: str) -> Any:
    from qstrong.api import api

    schema = api.get_openapi_schema()
    op = schema["paths"][path][method.lower()]
    content = op.get("requestBody", {}).get("content", {})
    json_schema = content.get("application/json", {}).get("schema")
    if json_schema is None:
        return None
    return _dummy(json_schema, schema.get("components", {}).get("schemas", {}))


# --- the requests ------------------------------------------------------------------------------


def _admin_anchor(name: str) -> Anchor:
    """Admin views: the first object of the model the URL name names (no county to speak of)."""
    parts = name.removeprefix("admin:").split("_")
    for cut in range(1, len(parts)):
        label, model_name = parts[0], "".join(parts[1 : cut + 1])
        try:
            model = apps.get_model(label, model_name)
        except LookupError:
            continue
        if model._meta.swapped:  # auth.User: the admin's password view works on accounts.User
            model = apps.get_model("accounts", "User")
        obj = model._default_manager.order_by("pk").first()
        return default_anchor(object_id=obj.pk if obj is not None else MISSING)
    return default_anchor()


def page_url(name: str, pickers: dict[str, Any]) -> tuple[str, Anchor]:
    anchor = default_anchor()
    if name in pickers:
        anchor = pickers[name]()
    try:
        return reverse(name, kwargs=anchor.kwargs or None), anchor
    except Exception:
        if name.startswith("admin:"):
            anchor = _admin_anchor(name)
            kwargs = dict(anchor.kwargs)
            if name == "admin:auth_user_password_change":
                kwargs = {"id": kwargs["object_id"]}
            if name == "admin:registry_importbatch_download":
                kwargs = {"pk": kwargs["object_id"]}
            if name.startswith("admin:django_tasks_database_dbtaskresult_") and not kwargs:
                kwargs = {"object_id": "00000000-0000-0000-0000-000000000000"}
            if name == "admin:app_list":
                kwargs = {"app_label": "registry"}
            if name == "admin:view_on_site":
                kwargs = {"content_type_id": 1, "object_id": 1}
            return reverse(name, kwargs=kwargs), anchor
        raise


def observe_page(world: World, name: str, pickers: dict[str, Any]) -> dict[str, str]:
    url, anchor = page_url(name, pickers)
    outcomes: dict[str, str] = {}
    for role in ROLES:
        client = world.client(world.person(role, anchor))
        response = send(client, "GET", url)
        if response.status_code == 405:
            response = send(client, "POST", url)
        outcomes[role] = classify(response)
    return outcomes


def _real_ids(body: dict[str, Any], anchor: Anchor) -> dict[str, Any]:
    """Ids in a body name real objects of the anchor's enterprise, not "1": on PostgreSQL the
    sequences run on across tests (a rollback does not rewind them), so id 1 may be no row."""
    from qstrong.accounts.models import Organisation
    from qstrong.casework.models import Need

    if "need" in body:
        need = Need.objects.filter(enterprise_id=anchor.enterprise_id).order_by("pk").first()
        body = {**body, "need": need.pk if need is not None else MISSING}
    if "responsible_bureau" in body:
        bureau = (
            Organisation.objects.filter(kind=Organisation.Kind.BUREAU, region_id=anchor.region)
            .order_by("pk")
            .first()
        )
        body = {**body, "responsible_bureau": bureau.pk if bureau is not None else MISSING}
    return body


def observe_api(world: World, method: str, path: str, pickers: dict[str, Any]) -> dict[str, str]:
    anchor = pickers[path]() if path in pickers else default_anchor()
    url = path
    for key, value in anchor.kwargs.items():
        url = url.replace("{" + key + "}", str(value))
    body = api_body(method, path) if method != "GET" else None
    if isinstance(body, dict):
        body = _real_ids(body, anchor)
    outcomes: dict[str, str] = {}
    for role in ROLES:
        client = world.client(world.person(role, anchor))
        outcomes[role] = classify(send(client, method, url, body))
    return outcomes


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    from qstrong.registry.demo.loader import load_demo

    with (
        django_db_blocker.unblock(),
        time_machine.travel(_now(), tick=True),
        transaction.atomic(),
    ):
        if True:
            load_demo(users=True)
            _one_change_request()
            yield World()
            transaction.set_rollback(True)


def _one_change_request() -> None:
    """A change request of the demo enterprise, so that its pages have a real object."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qstrong.accounts.models import User
    from qstrong.changes.services import change_request_submit
    from qstrong.registry.models import Enterprise

    enterprise = Enterprise.objects.get(pk=default_anchor().enterprise_id)
    user = User.objects.filter(organisation__enterprise=enterprise).first()
    change_request_submit(
        enterprise=enterprise,
        data={"patents": (enterprise.patents or 0) + 1},
        files=[SimpleUploadedFile("p.pdf", b"%PDF-1.4\n%%EOF\n")],
        actor=user,
    )


@pytest.fixture(scope="module")
def observed() -> Iterator[dict[str, dict[str, str]]]:
    table: dict[str, dict[str, str]] = {}
    yield table
    target = os.environ.get("QSTRONG_MATRIX_OBSERVED")
    if target:
        with open(target, "w", encoding="utf-8") as out:
            json.dump(table, out, ensure_ascii=False, indent=0, sort_keys=True)


# --- the tests ---------------------------------------------------------------------------------


def test_every_url_and_operation_has_an_entry() -> None:
    wanted = set(page_names()) | {api_key(m, p) for m, p in api_operations()}
    missing = sorted(wanted - set(MATRIX))
    stale = sorted(set(MATRIX) - wanted)
    assert not missing, f"add these to tests/authorization_matrix.py: {missing}"
    assert not stale, f"these entries name no URL or operation any more: {stale}"


def _check(name: str, outcomes: dict[str, str]) -> None:
    allowed = MATRIX[name]
    errors = [role for role, outcome in outcomes.items() if outcome == "error"]
    assert not errors, f"{name}: 500 for {errors}"
    wrong = {
        role: outcome
        for role, outcome in outcomes.items()
        if (role in allowed) != (outcome == "ok")
        and not (role not in allowed and outcome == "invalid")
    }
    assert not wrong, f"{name}: expected {sorted(allowed)}, got {outcomes}"


def test_pages(
    world: World, observed: dict[str, dict[str, str]], django_db_blocker: Any, settings: Any
) -> None:
    settings.MEDIA_ROOT = world.media_root
    pickers = page_pickers()
    failures = []
    world.clients.clear()
    with django_db_blocker.unblock(), time_machine.travel(_now(), tick=True):
        for name in page_names():
            try:
                outcomes = observe_page(world, name, pickers)
                observed[name] = outcomes
                _check(name, outcomes)
            except Exception as exc:
                failures.append(f"{name}: {exc!r}"[:600])
    assert not failures, "\n".join(failures)


def test_api_operations(
    world: World, observed: dict[str, dict[str, str]], django_db_blocker: Any, settings: Any
) -> None:
    settings.MEDIA_ROOT = world.media_root
    pickers = api_pickers()
    failures = []
    world.clients.clear()  # each test's own persons and sessions are rolled back after it
    with django_db_blocker.unblock(), time_machine.travel(_now(), tick=True):
        for method, path in api_operations():
            key = api_key(method, path)
            try:
                outcomes = observe_api(world, method, path, pickers)
                observed[key] = outcomes
                _check(key, outcomes)
            except Exception as exc:
                failures.append(f"{key}: {exc!r}"[:600])
    assert not failures, "\n".join(failures)
