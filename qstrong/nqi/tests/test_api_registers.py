"""Every register's API: bounded lists, one record, officers' create and replace; another
county's officer gets 404 on every record and every replace."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from qstrong.accounts.tests.factories import county_officer_qingxu, county_officer_taigu, leader
from qstrong.nqi.models import Instrument, InstrumentVerification, Patent
from qstrong.nqi.tests.test_records import good_data, qingxu  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

PATHS = {
    "standard": "standards",
    "participation": "participations",
    "trademark": "trademarks",
    "patent": "patents",
    "gi_product": "gi-products",
    "gi_authorisation": "gi-authorisations",
    "brand": "brands",
    "service": "catalogue-lines",
    "campaign": "campaigns",
    "innovation_base": "innovation-bases",
    "instrument": "instruments",
}
# Public reference records every signed-in user reads; the rest follow the enterprise.
PUBLIC = {"standard", "gi_product", "service", "innovation_base"}


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def api_payload(kind: str, q: dict[str, Any]) -> dict[str, Any]:
    """The page form's good data as the API takes it."""
    data = dict(good_data(kind, q))
    if "enterprise" in data:
        data["uscc"] = data.pop("enterprise")
    if kind == "innovation_base":
        data["host_uscc"] = data.pop("host")
    for name in ("interval_months", "nice_class"):
        if name in data:
            data[name] = int(data[name])
    if "high_value" in data:
        data["high_value"] = data["high_value"] == "on"
    return data


@pytest.mark.parametrize("kind", sorted(PATHS))
def test_the_officer_reads_creates_and_replaces(qingxu: dict[str, Any], kind: str) -> None:  # noqa: F811
    client = client_for(county_officer_qingxu())
    path = PATHS[kind]
    record = qingxu[kind]
    if kind != "instrument":
        listed = client.get(f"/api/nqi/{path}?limit=1000&offset=0")
        assert listed.status_code == 200 and record.pk in [r["id"] for r in listed.json()]
    one = client.get(f"/api/nqi/{path}/{record.pk}")
    assert one.status_code == 200 and one.json()["id"] == record.pk
    created = send(client, "post", f"/api/nqi/{path}", api_payload(kind, qingxu))
    assert created.status_code == 201, created.json()
    new_id = created.json()["id"]
    again = send(client, "put", f"/api/nqi/{path}/{new_id}", api_payload(kind, qingxu))
    assert again.status_code == 200, again.json()


@pytest.mark.parametrize("kind", sorted(PATHS))
def test_another_county_gets_404(qingxu: dict[str, Any], kind: str) -> None:  # noqa: F811
    client = client_for(county_officer_taigu())
    path = PATHS[kind]
    record = qingxu[kind]
    replaced = send(client, "put", f"/api/nqi/{path}/{record.pk}", api_payload(kind, qingxu))
    assert replaced.status_code == 404
    if kind in PUBLIC:
        return
    assert client.get(f"/api/nqi/{path}/{record.pk}").status_code == 404
    if kind != "instrument":
        assert record.pk not in [r["id"] for r in client.get(f"/api/nqi/{path}").json()]


def test_lists_are_bounded(qingxu: dict[str, Any]) -> None:  # noqa: F811
    client = client_for(county_officer_qingxu())
    for query in ("limit=0", "limit=1001", "offset=-1", "limit=x"):
        assert client.get(f"/api/nqi/patents?{query}").status_code == 422, query
    assert client.get("/api/nqi/patents/0").status_code == 422
    assert client.get(f"/api/nqi/patents/{2**63}").status_code == 422
    assert client.get("/api/nqi/patents?limit=1&offset=1").json() == []


def test_errors_name_the_field_and_nothing_is_written(qingxu: dict[str, Any]) -> None:  # noqa: F811
    client = client_for(county_officer_qingxu())
    payload = api_payload("patent", qingxu) | {"granted_on": None}
    response = send(client, "post", "/api/nqi/patents", payload)
    assert response.status_code == 409  # fits the document, refused by the data (ADR 0018)
    assert response.json()["detail"] == [
        {"loc": ["granted_on"], "msg": "有效专利须填写授权日期", "type": "value_error"}
    ]
    taigu = client_for(county_officer_taigu())
    response = send(taigu, "post", "/api/nqi/patents", api_payload("patent", qingxu))
    assert response.status_code == 409 and response.json()["detail"][0]["loc"] == ["uscc"]
    assert not Patent.objects.filter(number=payload["number"]).exists()
    assert send(client_for(leader()), "post", "/api/nqi/patents", payload).status_code == 403
    assert Client().get("/api/nqi/patents").status_code == 401


def test_recording_a_verification(qingxu: dict[str, Any]) -> None:  # noqa: F811
    instrument: Instrument = qingxu["instrument"]
    url = f"/api/nqi/instruments/{instrument.pk}/verifications"
    payload = {"verified_on": "2026-11-18", "result": "passed", "institute": "太原市计量所"}
    assert send(client_for(county_officer_taigu()), "post", url, payload).status_code == 404
    response = send(client_for(county_officer_qingxu()), "post", url, payload)
    assert response.status_code == 201
    assert response.json()["next_due_on"] == "2027-11-18"
    instrument.refresh_from_db()
    assert instrument.next_due_on.isoformat() == "2027-11-18"
    assert InstrumentVerification.objects.filter(instrument=instrument).count() == 1


def test_the_campaign_answers_its_progress(qingxu: dict[str, Any]) -> None:  # noqa: F811
    client = client_for(county_officer_qingxu())
    body = client.get(f"/api/nqi/campaigns/{qingxu['campaign'].pk}").json()
    assert body["town"] == "qx-vinegar" and body["chain"] is None
    assert body["progress"] == {
        "enterprises": 0,
        "enterprises_served": 0,
        "instruments": 0,
        "verified": 0,
        "failed": 0,
    }


def test_the_schema_declares_errors_and_nullable_fields() -> None:
    schema = Client().get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in PATHS.values():
        if path != "instruments":
            assert set(paths[f"/api/nqi/{path}"]["get"]["responses"]) >= {"200", "401", "422"}
            assert set(paths[f"/api/nqi/{path}"]["post"]["responses"]) >= {
                "201", "401", "403", "404", "422"
            }  # fmt: skip
        item = paths[f"/api/nqi/{path}/{{pk}}"]
        assert set(item["get"]["responses"]) >= {"200", "401", "404", "422"}
        assert set(item["put"]["responses"]) >= {"200", "401", "403", "404", "422"}
    expires = schema["components"]["schemas"]["TrademarkOut"]["properties"]["expires_on"]
    assert {"type": "null"} in expires["anyOf"]


def test_the_older_operations_are_typed_and_bounded_too() -> None:
    schema = Client().get("/api/openapi.json").json()
    paths = schema["paths"]
    for path, method in (
        ("/api/nqi/certificates", "get"),
        ("/api/nqi/certificates/{pk}", "get"),
        ("/api/nqi/instruments", "get"),
        ("/api/nqi/providers", "get"),
        ("/api/nqi/enterprises/{uscc}", "get"),
    ):
        responses = paths[path][method]["responses"]
        assert {"200", "401", "404", "422"} <= set(responses), path
        assert "$ref" in json.dumps(responses["200"]), path
    for path in ("/api/nqi/needs/{need_id}/routings", "/api/nqi/routings/{pk}/answer"):
        assert {"401", "403", "404", "422"} <= set(paths[path]["post"]["responses"]), path
    client = client_for(county_officer_qingxu())
    assert client.get("/api/nqi/certificates?limit=1001").status_code == 422
    assert client.get("/api/nqi/providers?offset=-1").status_code == 422
    assert client.get("/api/nqi/certificates/0").status_code == 422
