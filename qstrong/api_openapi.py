"""What the OpenAPI document says beyond each operation: errors, authentication, version.

`QstrongAPI.get_openapi_schema` completes ninja's document so that every operation declares the
error answers it can give (one schema, `ApiError`), the session scheme is described (cookie and
CSRF), and formats we check beyond a pattern are named. docs/api.md explains each rule.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from qstrong.core.apitypes import COMMON_ERROR_STATUSES, CONFLICT_DESCRIPTION, ApiError

API_VERSION = "1.2.0"

DESCRIPTION = """\
质量强企强链强县服务平台 JSON API（山西省市场监督管理局）。

## 认证 / Authentication
- **会话（浏览器及脚本）**：以网页登录（`POST /accounts/login/`）取得会话 Cookie `sessionid`，
  之后每个请求带上它。修改类请求（POST/PUT/PATCH/DELETE）还须带 CSRF：Cookie `csrftoken`
  与请求头 `X-CSRFToken` 取相同的值（登录页会设置 `csrftoken`）。
- Session: sign in through the web login to get the `sessionid` cookie and send it with every
  request. Unsafe methods also need the CSRF token: the `csrftoken` cookie and the same value in
  the `X-CSRFToken` header.
- 每个接口按用户的辖区作答：县局只见本县，市局本市，省局全省，企业用户只见本企业；
  辖区外的记录与不存在的记录一样答 404。 Every answer is scoped to the user's jurisdiction;
  a record outside it answers 404, like one that does not exist.

## 错误 / Errors
所有错误答复都是同一结构 `ApiError`：`{"detail": "说明"}`；422 时 `detail` 为逐字段的列表
`[{"loc": ["query", "limit"], "msg": "不能大于 1000。", "type": "less_than_equal"}]`。
说明默认中文；请求头 `Accept-Language: en`（或语言 Cookie）时为英文。
All errors share one schema, `ApiError`; on 422 `detail` lists each refused field.

## 约定 / Conventions
- 编号（id）为 1 ≤ id < 2^63 的整数；分页参数 `limit` 为 1—1000（各接口注明默认值），
  `offset` ≥ 0。Ids are 1 ≤ id < 2^63; `limit` is 1..1000, `offset` ≥ 0.
- JSON 请求体按类型严格校验：整数、数字须为 JSON 数字，布尔值须为 `true`/`false`（`"1"`、
  `"true"` 答 422）；日期为 `YYYY-MM-DD` 文本，金额等小数可为数字或文本。查询参数仍为文本。
  JSON bodies are strict: integers and numbers are JSON numbers, booleans are true/false.
- 月份 `YYYY-MM`；报告期 `2024`、`2024.03` 或 `2024.01-06`；统一社会信用代码 18 位
  （`format: uscc`，含校验位）；行政区划代码 6 位（GB/T 2260）。
- 文档版本遵循语义化版本：新增接口或字段升次版本号，不兼容的修改升主版本号。
"""

SESSION_DESCRIPTION = (
    "Django 会话 Cookie（网页登录后取得）。修改类请求还须带 `X-CSRFToken` 请求头，其值与 "
    "`csrftoken` Cookie 相同。 The Django session cookie from the web login; unsafe methods "
    "also need the `X-CSRFToken` header equal to the `csrftoken` cookie."
)

ERROR_REF = "#/components/schemas/ApiError"


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
    }


def _error_component() -> dict[str, Any]:
    schema = ApiError.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = schema.pop("$defs", {})
    return {"ApiError": schema, **defs}


def _files_not_empty(operation: dict[str, Any]) -> None:
    """A file in a form body has at least one byte: an empty upload is no file (the importer
    and the evidence stores refuse it), so the document does not offer one."""
    content = operation.get("requestBody", {}).get("content", {})
    body = content.get("multipart/form-data", {}).get("schema", {})
    for prop in body.get("properties", {}).values():
        for part in (prop, prop.get("items", {})):
            if part.get("format") == "binary":
                part.setdefault("minLength", 1)


def complete_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare the common error answers on every operation, describe the security scheme."""
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name, component in _error_component().items():
        schemas.setdefault(name, component)
    for scheme in components.get("securitySchemes", {}).values():
        if scheme.get("in") == "cookie":
            scheme["description"] = SESSION_DESCRIPTION
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            _files_not_empty(operation)
            # ninja keys the answers by int; keep one kind of key so none is declared twice.
            responses = operation["responses"] = {
                int(k): v for k, v in operation["responses"].items()
            }
            statuses = dict(COMMON_ERROR_STATUSES)
            if method in {"get", "head"} or "requestBody" not in operation:
                statuses.pop(400)  # only a body can fail to parse
            if not operation.get("security"):
                statuses.pop(401)
            if method in {"post", "put", "patch", "delete"}:
                # A write can meet a state that forbids it (archived, already decided, duplicate).
                statuses[409] = CONFLICT_DESCRIPTION
            for status, description in statuses.items():
                responses.setdefault(status, _error_response(description))
            for status, response in responses.items():
                if status >= 400:
                    response.setdefault(
                        "content", {"application/json": {"schema": {"$ref": ERROR_REF}}}
                    )
    return schema


class QstrongAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document declares errors and authentication (docs/api.md)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        complete_schema(schema)
        return schema
