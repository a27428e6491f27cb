"""What the handbooks tell the floors below through their hooks: the overview's counts."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qstrong.handbooks.models import Kind
from qstrong.handbooks.selectors import published_counts

NAMES = {
    Kind.ENTERPRISE: (gettext_noop("“一企一册”已发布"), "册"),
    Kind.CHAIN: (gettext_noop("“一链一册”已发布"), "个"),
    Kind.TOWN: (gettext_noop("“一镇一册”已发布"), "册"),
}


def overview_counts(user: Any) -> list[tuple[str, str, str]]:
    """Per kind: the published handbooks in total and per batch (from the handbook records)."""
    rows = published_counts()
    out: list[tuple[str, str, str]] = []
    for kind in Kind.values:
        name, unit = NAMES[Kind(kind)]
        mine = [(batch, n) for k, batch, n in rows if k == kind]
        if not mine:
            continue
        per_batch = "、".join(f"{batch or _('未分批')} {n}{unit}" for batch, n in mine)
        total = sum(n for _b, n in mine)
        out.append((_(name), f"{total}{unit}", per_batch))
    return out


def connect() -> None:
    from qstrong.insights.hooks import register_count_provider

    register_count_provider(overview_counts)
