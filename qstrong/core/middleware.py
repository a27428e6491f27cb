"""Response headers every page carries."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Everything is served from this origin: no CDN, no inline script.
CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


class SecurityAuditMiddleware:
    """Every download or export, and every refused access to an object, in the security trail.

    Downloads are recognised by the response (Content-Disposition: attachment, or a file),
    so a new export anywhere is recorded without its view having to remember. A 403 on any page
    and a 404 on a URL naming an object (one with path arguments) are refused accesses.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is None:
            return response
        from qstrong.core.security import Kind, Outcome, security_record

        disposition = str(response.headers.get("Content-Disposition", ""))
        target = {"view": match.view_name, **{k: str(v) for k, v in match.kwargs.items()}}
        if response.status_code == 200 and (
            "attachment" in disposition or getattr(response, "streaming", False)
        ):
            security_record(
                kind=Kind.DOWNLOAD,
                request=request,
                object_type=match.view_name[:64],
                object_id=_object_id(match.kwargs),
                detail={**target, "disposition": disposition[:200]},
            )
        elif response.status_code == 403 or (response.status_code == 404 and match.kwargs):
            security_record(
                kind=Kind.ACCESS_DENIED,
                outcome=Outcome.DENIED,
                request=request,
                object_type=match.view_name[:64],
                object_id=_object_id(match.kwargs),
                detail={**target, "status": response.status_code, "method": request.method},
            )
        return response


def _object_id(kwargs: dict[str, object]) -> str:
    return ",".join(str(value) for value in kwargs.values())[:64]
