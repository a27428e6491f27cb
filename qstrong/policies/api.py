"""The policies API (django-ninja router, mounted at /api/policies/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["policies"])
