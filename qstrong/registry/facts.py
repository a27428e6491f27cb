"""Facts about enterprises kept by apps above the registry, read through registered providers.

The registry holds what is typed on an enterprise (`certifications`, `patents`, ...). Apps above
it (nqi: certificates, patents, GI authorisations, brands) keep records from which some of those
facts follow on a given date. Readers below or beside those apps (the policies profile loader,
quality's programme progress) must not import them, so the apps register a provider here in their
AppConfig.ready() and readers ask `enterprise_facts`.
See docs/adr/0009-nqi-facts-through-the-registry.md.

A provider answers, for a date and optionally some enterprise ids, a mapping
``{enterprise_id: {field: value}}`` holding only the fields it has records for; a value there
replaces the registry's typed value (or supplies a field the registry does not keep). Enterprises
without records are absent, and their typed values stand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

FactValues = dict[int, dict[str, Any]]
Provider = Callable[..., FactValues]

_PROVIDERS: dict[str, tuple[tuple[str, ...], Provider]] = {}


def facts_provider_register(*, name: str, fields: Sequence[str], provider: Provider) -> None:
    """Register (or replace) the provider `name`, which answers `fields`.

    `provider(as_of=date, enterprise_ids=list[int] | None)` → FactValues; None means every
    enterprise with records.
    """
    _PROVIDERS[name] = (tuple(fields), provider)


def facts_fields() -> tuple[str, ...]:
    """Every field some provider answers."""
    return tuple(sorted({field for fields, _p in _PROVIDERS.values() for field in fields}))


def enterprise_facts(*, as_of: dt.date, enterprise_ids: Sequence[int] | None = None) -> FactValues:
    """The providers' facts merged per enterprise (later registrations win on a shared field)."""
    merged: FactValues = {}
    ids = None if enterprise_ids is None else list(enterprise_ids)
    for _fields, provider in _PROVIDERS.values():
        for enterprise_id, values in provider(as_of=as_of, enterprise_ids=ids).items():
            merged.setdefault(enterprise_id, {}).update(values)
    return merged


def enterprise_certifications(
    *, enterprise: Any, as_of: dt.date, facts: FactValues | None = None
) -> list[str] | None:
    """The enterprise's certifications on a date: from records where a provider has them,
    else as typed on the enterprise."""
    values = (
        facts
        if facts is not None
        else enterprise_facts(as_of=as_of, enterprise_ids=[enterprise.pk])
    ).get(enterprise.pk, {})
    if "certifications" in values:
        return list(values["certifications"])
    return None if enterprise.certifications is None else list(enterprise.certifications)
