"""JSON bodies are strict: an integer is a JSON number, a boolean is true or false.

pydantic's lax mode would read "1" as 1 and "true" or 1 as True, which the document forbids.
Bodies refuse them with the usual 422 naming the field; query and path parameters arrive as text
and stay lax (ADR 0018, docs/api.md).
"""

from __future__ import annotations

import typing
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from ninja import Schema


@pytest.fixture
def planner(db: Any) -> Client:
    from qstrong.accounts.tests.factories import province_planner

    client = Client()
    client.force_login(province_planner())
    return client


def _body_models() -> dict[str, type[Schema]]:
    """Every model a JSON body is read with, nested ones included, by operation."""
    from qstrong.api import api

    found: dict[str, type[Schema]] = {}

    def walk(label: str, annotation: Any) -> None:
        for arg in typing.get_args(annotation):
            walk(label, arg)
        if isinstance(annotation, type) and issubclass(annotation, Schema):
            if annotation.__name__ in found:
                return
            found[annotation.__name__] = annotation
            for field in annotation.model_fields.values():
                walk(label, field.annotation)

    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            for operation in path_view.operations:
                for params in operation.models:
                    if params.__ninja_param_source__ != "body":
                        continue  # query, path and form values arrive as text
                    for field in params.model_fields.values():
                        walk(f"{operation.methods} {path}", field.annotation)
    return found


def test_every_json_body_model_is_strict() -> None:
    models = _body_models()

    lax = sorted(name for name, model in models.items() if not model.model_config.get("strict"))

    assert len(models) > 40
    assert lax == []


def test_an_integer_sent_as_text_is_a_422_naming_the_field(planner: Client) -> None:
    body = {"need": "1", "action": "上门指导", "responsible_bureau": 1, "due_date": "2026-12-31"}

    response = planner.post("/api/casework/tasks", body, content_type="application/json")

    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"loc": ["body", "payload", "need"], "msg": "请输入整数。", "type": "int_type"}]
    }


def test_a_nested_boolean_sent_as_text_or_a_number_is_a_422(planner: Client) -> None:
    body = {"towns": [{"town": "qingxu_vinegar", "is_leading": "true"}]}
    as_number = {"towns": [{"town": "qingxu_vinegar", "is_leading": 1}]}
    url = "/api/enterprises/91140121MA0GRX0Q42"

    response = planner.patch(url, body, content_type="application/json")
    number = planner.patch(url, as_number, content_type="application/json")

    assert response.status_code == number.status_code == 422
    loc = ["body", "payload", "towns", 0, "is_leading"]
    expected = [{"loc": loc, "msg": "请输入 true 或 false。", "type": "bool_type"}]
    assert response.json()["detail"] == number.json()["detail"] == expected


def test_a_number_sent_as_text_is_a_422_in_english_when_asked(db: Any) -> None:
    response = Client().post(
        "/api/portal/calculator",
        {"revenue": "5600"},
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"]) == (["body", "payload", "revenue"], "float_type")
    assert error["msg"] == "Input should be a valid number"


def test_a_body_still_takes_real_numbers_and_booleans() -> None:
    from qstrong.portal.api import CalculatorIn
    from qstrong.registry.schemas import EnterprisePatchIn

    calculator = CalculatorIn.model_validate({"revenue": 5600, "employees": 120})
    patch = EnterprisePatchIn.model_validate({"towns": [{"town": "x", "is_leading": True}]})

    assert (calculator.revenue, calculator.employees) == (5600.0, 120)
    assert patch.towns is not None and patch.towns[0].is_leading is True


def test_a_whole_number_written_with_a_fraction_is_an_integer_a_fraction_is_not() -> None:
    # JSON Schema's integer is any number without a fraction part: 614.0 is 614, 1.5 is none.
    from pydantic import ValidationError

    from qstrong.casework.api_schemas import ActivityIn
    from qstrong.registry.schemas import EnterprisePatchIn

    activity = {"kind": "visit", "title": "走访", "date": "2026-11-20", "organisers": [3.0, 4]}
    patch = EnterprisePatchIn.model_validate({"employees": 614.0})
    with pytest.raises(ValidationError) as refused:
        EnterprisePatchIn.model_validate({"employees": 1.5})

    assert ActivityIn.model_validate(activity).organisers == [3, 4]
    assert patch.employees == 614 and type(patch.employees) is int
    assert [(e["loc"], e["type"]) for e in refused.value.errors()] == [(("employees",), "int_type")]


def test_a_body_keeps_the_text_forms_its_document_asks_for() -> None:
    # Dates are text in JSON, decimals may be text ("130.86"), choices are their values.
    import datetime as dt

    from qstrong.insights.api import IndicatorIn
    from qstrong.nqi.api import StatusIn

    indicator = IndicatorIn.model_validate(
        {"metric": "revenue", "subject_kind": "chain", "subject_code": "x", "period": "2024",
         "value": "130.86"}
    )  # fmt: skip
    status = StatusIn.model_validate({"status": "suspended", "on": "2026-03-01"})

    assert indicator.value == Decimal("130.86")
    assert (status.status, status.on) == ("suspended", dt.date(2026, 3, 1))


def test_query_parameters_stay_text(planner: Client) -> None:
    response = planner.get("/api/casework/tasks", {"bureau": "1", "overdue": "true", "limit": "5"})

    assert response.status_code == 200
    assert response.json() == {"count": 0, "items": []}
