"""What /api/openapi.json says about itself: version, authentication, errors, unique names."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from django.test import Client
from ninja import Schema

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def document(db: Any) -> dict[str, Any]:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_the_document_carries_a_version_and_describes_authentication(
    document: dict[str, Any],
) -> None:
    from qstrong.api_openapi import API_VERSION

    assert document["info"]["version"] == API_VERSION
    assert "X-CSRFToken" in document["info"]["description"]
    scheme = document["components"]["securitySchemes"]["SessionAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "cookie", "sessionid")
    assert "X-CSRFToken" in scheme["description"]


def test_every_operation_declares_its_error_answers_with_one_schema(
    document: dict[str, Any],
) -> None:
    missing = []
    for method, path, operation in _operations(document):
        declared = set(operation["responses"])
        expected = {"403", "404", "422", "429"}
        if operation.get("security"):
            expected.add("401")
        if method != "get":
            expected.add("409")
        if "requestBody" in operation:
            expected.add("400")
        if not expected <= declared:
            missing.append(f"{method.upper()} {path}: {sorted(expected - declared)}")
        for status in declared & {"400", "401", "403", "404", "429"}:
            content = operation["responses"][status]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/ApiError"}, (path, status)
    assert missing == []


BINARY = {"type": "string", "format": "binary"}


def _free_form(schema: dict[str, Any], document: dict[str, Any]) -> bool:
    """A JSON schema that says nothing of the answer's fields (an untyped dict, `{}`)."""
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    if schema.get("type") == "array":
        return _free_form(schema.get("items", {}), document)
    if "anyOf" in schema or "oneOf" in schema:
        return any(_free_form(s, document) for s in schema.get("anyOf", schema.get("oneOf", [])))
    if schema.get("type") == "object":
        return not schema.get("properties")
    return "type" not in schema


def test_every_success_answer_has_a_schema(document: dict[str, Any]) -> None:
    # A 2xx without a model makes "every response as documented" vacuous: schemathesis has
    # nothing to check and a generated client reads a bare dict. JSON answers have a model with
    # fields; files declare their media types with a binary body (`file_answer`).
    vague = []
    for method, path, operation in _operations(document):
        for status, answer in operation["responses"].items():
            if not 200 <= int(status) < 300 or int(status) == 204:
                continue
            content = answer.get("content")
            label = f"{method.upper()} {path} {status}"
            if not content:
                vague.append(f"{label}: no content")
                continue
            for media_type, body in content.items():
                schema = body.get("schema", {})
                if media_type == "application/json":
                    if _free_form(schema, document):
                        vague.append(f"{label}: {media_type} without a model")
                elif schema != BINARY:
                    vague.append(f"{label}: {media_type} is not declared binary")
    assert vague == []


def test_the_files_declare_their_media_types(document: dict[str, Any]) -> None:
    def media_types(path: str) -> list[str]:
        return sorted(document["paths"][path]["get"]["responses"]["200"]["content"])

    assert media_types("/api/imports/{batch_id}/report.xlsx") == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ]
    assert media_types("/api/handbooks/{handbook_id}/file.{fmt}") == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    assert media_types("/api/handbooks/batches/{batch_id}/zip/{job_id}/file") == ["application/zip"]


def test_ids_and_paging_are_bounded_everywhere(document: dict[str, Any]) -> None:
    unbounded = []
    for method, path, operation in _operations(document):
        for parameter in operation.get("parameters", []):
            schema = parameter["schema"]
            options = schema.get("anyOf", [schema])
            for option in options:
                if option.get("type") == "integer" and "maximum" not in option:
                    unbounded.append(f"{method.upper()} {path} {parameter['name']}")
            if parameter["name"] == "limit":
                assert schema["maximum"] <= 1000 and schema["minimum"] == 1, path
                assert "default" in schema, path
    assert unbounded == []


def test_schema_names_are_unique_across_apps() -> None:
    # ninja keys components by class name: two `IndicatorOut`s become one in the document.
    import qstrong.api  # noqa: F401  (imports every router)

    by_name: dict[str, set[str]] = defaultdict(set)

    def walk(cls: type) -> None:
        for sub in cls.__subclasses__():
            by_name[sub.__name__].add(sub.__module__)
            walk(sub)

    walk(Schema)
    clashes = {n: sorted(m) for n, m in by_name.items() if len(m) > 1}
    assert clashes == {}


def test_an_unmatched_api_path_answers_json_404(db: Any) -> None:
    from qstrong.accounts.tests.factories import province_planner

    client = Client()
    client.force_login(province_planner())

    response = client.get("/api/policies/-1")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "未找到。"}


def test_a_json_body_that_is_not_an_object_is_400(db: Any) -> None:
    from qstrong.accounts.tests.factories import province_planner

    client = Client()
    client.force_login(province_planner())

    response = client.post("/api/quality/programmes", '"AAA"', content_type="application/json")

    assert response.status_code == 400
    assert "请求无法解析" in response.json()["detail"]


def test_an_id_past_64_bits_is_a_422_naming_it(db: Any) -> None:
    from qstrong.accounts.tests.factories import province_planner

    client = Client()
    client.force_login(province_planner())

    response = client.get("/api/casework/needs", {"offset": 7673424451961083052093060811849728})
    huge_id = client.get(f"/api/policies/{2**70}")

    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["query", "offset"]]
    assert huge_id.status_code == 422
    assert huge_id.json()["detail"][0]["loc"] == ["path", "policy_id"]


def test_a_file_in_a_form_body_has_at_least_one_byte(document: dict[str, Any]) -> None:
    files = []
    for method, path, operation in _operations(document):
        content = operation.get("requestBody", {}).get("content", {})
        body = content.get("multipart/form-data", {}).get("schema", {})
        for name, prop in body.get("properties", {}).items():
            for part in (prop, prop.get("items", {})):
                if part.get("format") == "binary":
                    files.append((method, path, name, part.get("minLength")))
    assert ("post", "/api/imports", "file", 1) in files
    assert files and all(min_length == 1 for *_, min_length in files), files


@pytest.mark.parametrize(
    ("path", "component"),
    [
        ("/api/enterprises", "EnterprisePage"),
        ("/api/enterprises/{uscc}", "EnterpriseDetailOut"),
        ("/api/chains/{code}", "ChainDetailOut"),
        ("/api/insights/indicators/{pk}", "IndicatorOut"),
    ],
)
def test_the_main_operations_answer_with_an_example_that_fits_their_model(
    document: dict[str, Any], path: str, component: str
) -> None:
    from qstrong.insights.api import IndicatorOut
    from qstrong.registry.schemas import ChainDetailOut, EnterpriseDetailOut, EnterprisePage

    models = {
        "EnterprisePage": EnterprisePage,
        "EnterpriseDetailOut": EnterpriseDetailOut,
        "ChainDetailOut": ChainDetailOut,
        "IndicatorOut": IndicatorOut,
    }
    answer = document["paths"][path]["get"]["responses"]["200"]
    ref = answer["content"]["application/json"]["schema"]["$ref"]
    assert ref.rsplit("/", 1)[-1] == component
    examples = document["components"]["schemas"][component]["examples"]
    assert examples
    for example in examples:
        models[component].model_validate(example)
