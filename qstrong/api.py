"""The JSON API (django-ninja): one router per app, OpenAPI at /api/docs."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="qstrong API", version="1", urls_namespace="api")
