"""The JSON API (django-ninja): routers per app, OpenAPI at /api/docs, errors as structured JSON."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, UnreadablePostError, parse_cookie
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf

from qstrong.api_openapi import API_VERSION, DESCRIPTION, QstrongAPI
from qstrong.casework.api import router as casework_router
from qstrong.changes.api import router as changes_router
from qstrong.core.api import router as core_router
from qstrong.core.apitypes import DataRefused
from qstrong.foodsafety.api import router as foodsafety_router
from qstrong.handbooks.api import router as handbooks_router
from qstrong.insights.api import router as insights_router
from qstrong.nqi.api import router as nqi_router
from qstrong.policies.api import router as policies_router
from qstrong.policies.api_pushes import router as pushes_router
from qstrong.portal.api import router as portal_router
from qstrong.quality.api import router as quality_router
from qstrong.registry.api import router as registry_router

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(403, "CSRF")


class SessionAuth(APIKeyCookie):
    """Django's session, with the CSRF token required on unsafe methods of a signed-in user.

    ninja's own `django_auth` checks CSRF before it knows who is calling, so an anonymous POST
    answers 403 instead of 401; here the anonymous caller learns to sign in first.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # `csrf` stays True (the docs page then sends the token); the check is in authenticate.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise CsrfFailed()
        return user


session_auth = SessionAuth()


def api_language(request: HttpRequest) -> str:
    """The language of an API answer: the user's choice, the language cookie, then Accept-Language.

    The pages ignore the browser's Accept-Language (zh-Hans unless chosen); an API client that
    asks for English in its header gets English, unless the user chose a language themselves.
    """
    session = getattr(request, "session", None)
    candidates: list[str] = []
    if session is not None and session.get("qstrong_language"):
        candidates.append(session["qstrong_language"])
    # UserLanguageMiddleware fills request.COOKIES with the default; read what the client sent.
    sent = parse_cookie(request.META.get("HTTP_COOKIE", ""))
    if sent.get(settings.LANGUAGE_COOKIE_NAME):
        candidates.append(sent[settings.LANGUAGE_COOKIE_NAME])
    candidates += [
        code for code, _q in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
    ]
    for code in candidates:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def in_request_language(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run an operation (its answer, labels and error messages) in the request's language."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = api_language(request)
        with translation.override(language):
            response = run(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        return response

    return wrapper


# Pydantic error types → messages; msgids are Chinese, English comes from the catalogue or,
# until it has the entry, from pydantic's own English message.
VALIDATION_MESSAGES: dict[str, str] = {
    "missing": N_("此字段为必填项。"),
    "string_too_short": N_("至少需要 %(min_length)s 个字符。"),
    "string_too_long": N_("最多 %(max_length)s 个字符。"),
    "string_pattern_mismatch": N_("格式不正确。"),
    "string_type": N_("请输入文本。"),
    "int_parsing": N_("请输入整数。"),
    "int_type": N_("请输入整数。"),
    "int_from_float": N_("请输入整数。"),
    "float_parsing": N_("请输入数字。"),
    "float_type": N_("请输入数字。"),
    "decimal_parsing": N_("请输入数字。"),
    "decimal_type": N_("请输入数字。"),
    "bool_parsing": N_("请输入 true 或 false。"),
    "bool_type": N_("请输入 true 或 false。"),
    "greater_than": N_("必须大于 %(gt)s。"),
    "greater_than_equal": N_("不能小于 %(ge)s。"),
    "less_than": N_("必须小于 %(lt)s。"),
    "less_than_equal": N_("不能大于 %(le)s。"),
    "literal_error": N_("取值应为以下之一：%(expected)s。"),
    "enum": N_("取值应为以下之一：%(expected)s。"),
    "date_parsing": N_("日期格式不正确，应为 YYYY-MM-DD。"),
    "date_type": N_("日期格式不正确，应为 YYYY-MM-DD。"),
    "date_from_datetime_parsing": N_("日期格式不正确，应为 YYYY-MM-DD。"),
    "uuid_parsing": N_("标识格式不正确。"),
    "uuid_type": N_("标识格式不正确。"),
    "json_invalid": N_("JSON 格式不正确。"),
    "too_long": N_("最多 %(max_length)s 项。"),
}
DEFAULT_VALIDATION_MESSAGE = N_("输入不正确。")

# (Chinese msgid, English until the catalogue has it)
MSG_UNAUTHENTICATED = (N_("请先登录。"), "Please sign in.")
MSG_FORBIDDEN = (N_("无权执行此操作。"), "You may not do this.")
MSG_CSRF = (
    N_("CSRF 校验失败，请刷新页面后重试。"),
    "CSRF check failed; reload the page and retry.",
)
MSG_NOT_FOUND = (N_("未找到。"), "Not found.")
MSG_SERVER_ERROR = (N_("服务器内部错误，请稍后重试。"), "Internal server error.")
MSG_BAD_REQUEST = (
    N_("请求无法解析：请检查 Content-Type 与请求体。"),
    "The request cannot be parsed: check its Content-Type and body.",
)


def _translate(msgid: str, fallback: str, params: dict[str, Any]) -> str:
    translated = gettext(msgid)
    if translated == msgid and not translation.get_language().startswith("zh"):
        return fallback
    try:
        return translated % params if params else translated
    except (KeyError, TypeError, ValueError):
        return translated


def validation_message(error: dict[str, Any]) -> str:
    """One pydantic error in the request's language."""
    ctx = dict(error.get("ctx") or {})
    if error.get("type") == "value_error" and "error" in ctx:
        # Our own validators raise ValueError with a message already in the request's language.
        return str(ctx["error"])
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace(" or ", ", ")
    msgid = VALIDATION_MESSAGES.get(str(error.get("type")), DEFAULT_VALIDATION_MESSAGE)
    return _translate(msgid, str(error.get("msg", "")), ctx)


def _detail(request: HttpRequest, status: int, message: tuple[str, str]) -> HttpResponse:
    msgid, english = message
    return api.create_response(request, {"detail": _translate(msgid, english, {})}, status=status)


class ObjectBodyParser(Parser):
    """JSON bodies are objects: `"AAA"` or `[null]` is refused before a schema reads it.

    pydantic would read attributes off any value (a string's `.title`), so a bare string could
    pass for an object whose fields all have defaults. ninja answers a parser error with 400.
    """

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("the JSON body must be an object")
        return data


api = QstrongAPI(
    title="qstrong API",
    parser=ObjectBodyParser(),
    version=API_VERSION,
    urls_namespace="api",
    auth=session_auth,
    description=DESCRIPTION,
)
api.add_decorator(in_request_language, mode="view")


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "loc": list(error.get("loc", ())),
            "msg": validation_message(error),
            "type": error.get("type", ""),
        }
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    # The request fits the document (pydantic let it through) but the data refuses it: an unknown
    # code, a state that forbids the step, dates out of order. That is 409 with the fields named;
    # 422 means the request breaks the document itself (ADR 0018).
    errors: list[dict[str, Any]] = []
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            loc = [] if field == NON_FIELD_ERRORS else [field]
            errors += [{"loc": loc, "msg": str(m), "type": "value_error"} for m in messages]
    else:
        errors = [{"loc": [], "msg": str(m), "type": "value_error"} for m in exc.messages]
    return api.create_response(request, {"detail": errors}, status=409)


@api.exception_handler(DataRefused)
def on_data_refused(request: HttpRequest, exc: DataRefused) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=409)


@api.exception_handler(ObjectDoesNotExist)
@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Outside the user's jurisdiction a record does not exist for them: the same 404.
    return _detail(request, 404, MSG_NOT_FOUND)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _detail(request, 403, MSG_FORBIDDEN)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _detail(request, 401, MSG_UNAUTHENTICATED)


@api.exception_handler(CsrfFailed)
def on_csrf_failed(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _detail(request, 403, MSG_CSRF)


@api.exception_handler(MultiPartParserError)
@api.exception_handler(UnreadablePostError)
def on_unparsable(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A body that does not match its Content-Type (multipart without a boundary, …): the
    # client's mistake, never a 500.
    return _detail(request, 400, MSG_BAD_REQUEST)


@in_request_language
def not_found(request: HttpRequest, unmatched: str = "") -> HttpResponse:
    """Any /api/ path no operation matches (`/api/policies/-1`): a JSON 404, as documented."""
    return _detail(request, 404, MSG_NOT_FOUND)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and str(exc.message).startswith("Cannot parse"):
        return _detail(request, 400, MSG_BAD_REQUEST)  # ninja's, in English only
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A bug, not a user error: log it with the traceback, answer JSON without internals.
    logger.exception("API error on %s %s", request.method, request.path)
    return _detail(request, 500, MSG_SERVER_ERROR)


api.add_router("", registry_router)
api.add_router("", core_router)
api.add_router("/policies/", policies_router)
api.add_router("/portal/", portal_router)
api.add_router("/casework/", casework_router)
api.add_router("/quality/", quality_router)
api.add_router("/foodsafety/", foodsafety_router)
api.add_router("/insights/", insights_router)
api.add_router("/nqi/", nqi_router)
api.add_router("/pushes/", pushes_router)
api.add_router("/handbooks/", handbooks_router)
api.add_router("/changes/", changes_router)
