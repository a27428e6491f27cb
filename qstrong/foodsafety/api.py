"""The foodsafety API (django-ninja router, mounted at /api/foodsafety/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["foodsafety"])
