"""Enterprise records typed by hand (web form, API): checks, list parsing and the save.

The texts and the normalisation are the importer's, so that a record reads the same whether it
came from a file or from the form: the same messages, the same certification and tag keys.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from stdnum.cn import uscc as stdnum_uscc

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.registry import services
from qstrong.registry.importing import values as import_values
from qstrong.registry.importing.messages import message
from qstrong.registry.importing.reference import fold
from qstrong.registry.models import Chain, Enterprise, Industry, Region, Segment, Town
from qstrong.registry.selectors import region_choices
from qstrong.registry.uscc import UsccError, uscc_normalise, uscc_validate

ChainRows = list[tuple[Chain, str, Segment | None]]
TownRows = list[tuple[Town, bool]]

# The largest value a PositiveIntegerField holds on every backend.
MAX_INTEGER = import_values.MAX_INTEGER
LIST_KINDS = ("certifications", "tags")


def _language() -> str:
    return translation.get_language() or "zh-hans"


def text(code: str, /, **params: Any) -> str:
    """One of the importer's messages in the current language."""
    return message(code, _language(), **params)


text_lazy = lazy(text, str)


# --- single values ---------------------------------------------------------------------------


def uscc_error(value: str) -> str | None:
    """Why the code is not a valid USCC, naming what is wrong; None when it is valid."""
    try:
        uscc_validate(value)
    except UsccError as exc:
        code = uscc_normalise(value)
        if exc.code == "length":
            return text("uscc_length", length=len(code))
        if exc.code == "checksum":
            return text("uscc_checksum", expected=stdnum_uscc.calc_check_digit(code[:17]))
        return text("uscc_format")
    return None


def uscc_taken_error(uscc: str) -> str | None:
    if Enterprise.objects.filter(uscc=uscc_normalise(uscc)).exists():
        return _("已有企业使用这个统一社会信用代码。")
    return None


def region_error(code: str, *, user: Any) -> str | None:
    """A county that exists and that the user's jurisdiction covers."""
    region = Region.objects.filter(code=code).first()
    if region is None:
        return text("region_unknown")
    if region.level != Region.Level.COUNTY:
        return text("region_not_county")
    if not jurisdiction_of(user).covers_region(code):
        return text("out_of_jurisdiction")
    return None


def counties_for(*, user: Any) -> QuerySet[Region]:
    """The counties an enterprise of this user's jurisdiction may be placed in."""
    return region_choices(user=user).filter(level=Region.Level.COUNTY).select_related("parent")


def industry_code(value: str) -> str | None:
    """The GB/T 4754 code typed (`C1462`, `c1462`, `1462`, or `C1462 酱醋制造` from the list)."""
    words = unicodedata.normalize("NFKC", value).split()
    if not words:
        return None
    code = words[0].upper()
    if code.isdigit():
        # A code without its section letter is unambiguous, as in the import.
        lettered = [letter + code for letter in string.ascii_uppercase]
        return Industry.objects.filter(code__in=lettered).values_list("code", flat=True).first()
    return code if Industry.objects.filter(code=code).exists() else None


# --- lists -----------------------------------------------------------------------------------


def normalise_items(items: Iterable[str] | None, kind: str) -> list[str] | None:
    """Certification or tag items as the importer stores them: known keys, sorted, no repeats."""
    if items is None:
        return None
    normalise = (
        import_values.normalise_certification
        if kind == "certifications"
        else import_values.normalise_tag
    )
    cleaned = {normalise(item.strip()) for item in items if item and item.strip()}
    return sorted(cleaned)


def parse_list_text(value: str, kind: str) -> list[str] | None:
    """A list cell as typed: empty = not recorded, 无/none = recorded as none."""
    value = (value or "").strip()
    if not value:
        return None
    if value.lower() in import_values.NONE_MARKERS:
        return []
    return normalise_items(re.split(import_values.LIST_SEPARATORS, value), kind)


def list_text(values: Sequence[str] | None, kind: str) -> str:
    """A stored list as the form shows it; tags by their Chinese labels, which parse back."""
    if values is None:
        return ""
    if not values:
        # 无 or none: both parse back (IMPORT.md); the one of the page's language.
        return "none" if translation.get_language() == "en" else import_values.NONE_MARKERS[0]
    if kind == "tags":
        return "、".join(import_values.TAG_LABELS.get(v, v) for v in values)
    return "、".join(values)


# --- memberships -----------------------------------------------------------------------------


def chain_by_code_or_name(value: str) -> Chain | None:
    """A chain by its code or name, written as the importer accepts it (full-width, spaces)."""
    wanted = fold(value)
    return next((c for c in Chain.objects.all() if wanted in (fold(c.code), fold(c.name))), None)


def town_by_code_or_name(value: str) -> Town | None:
    wanted = fold(value)
    return next((t for t in Town.objects.all() if wanted in (fold(t.code), fold(t.name))), None)


def segment_of(chain: Chain, name: str) -> Segment | None:
    wanted = fold(name)
    return next((s for s in chain.segments.all() if fold(s.name) == wanted), None)


def chain_rows_unchanged(enterprise: Enterprise, rows: ChainRows) -> bool:
    current = set(enterprise.chain_memberships.values_list("chain_id", "role", "segment_id"))
    wanted = {(chain.pk, role, segment.pk if segment else None) for chain, role, segment in rows}
    return current == wanted


def town_rows_unchanged(enterprise: Enterprise, rows: TownRows) -> bool:
    current = set(enterprise.town_memberships.values_list("town_id", "is_leading"))
    return current == {(town.pk, leading) for town, leading in rows}


# --- the save --------------------------------------------------------------------------------


# How long a save waits for a row another writer holds (PostgreSQL), in milliseconds. An
# officer's edit and a change-request approval hold a row for well under a second; only an
# import updating the enterprise holds it longer (until its commit).
EDIT_LOCK_WAIT_MS = 2000
LOCK_NOT_AVAILABLE = "55P03"


@contextmanager
def _waiting_at_most(milliseconds: int) -> Iterator[None]:
    """Lock waits inside the block give up after `milliseconds` (PostgreSQL; SQLite has one
    writer and its own busy timeout)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('lock_timeout'), set_config('lock_timeout', %s, true)",
            [f"{milliseconds}ms"],
        )
        before = cursor.fetchone()[0]
    yield  # on an error the enclosing savepoint's rollback undoes the setting
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [before])


@transaction.atomic
def enterprise_save(
    *,
    uscc: str,
    data: dict[str, Any],
    chains: ChainRows | None,
    towns: TownRows | None,
    actor: Any,
    create: bool,
) -> tuple[Enterprise, str]:
    """Create (never overwrite) or update one enterprise and its memberships, all or nothing.

    Both the profile and the memberships go through the registry services, which check the
    jurisdiction and write the audit trail; outcome is created, updated or unchanged.
    """
    if create and (taken := uscc_taken_error(uscc)):
        raise ValidationError({"uscc": [taken]})
    try:
        with transaction.atomic(), _waiting_at_most(EDIT_LOCK_WAIT_MS):
            enterprise, outcome = services.enterprise_upsert(uscc=uscc, data=data, actor=actor)
    except IntegrityError as exc:  # the same code created by someone else a moment ago
        raise ValidationError({"uscc": [_("已有企业使用这个统一社会信用代码。")]}) from exc
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) != LOCK_NOT_AVAILABLE:
            raise
        # An import is writing this very enterprise (its update through its commit): say so at
        # once instead of holding the officer's page for the rest of the import (ADR 0013).
        raise ValidationError(
            _("这家企业正在由一个导入批次写入，请稍候一两分钟再保存；您填写的内容仍在表单中。")
        ) from exc
    if chains is not None and not create and chain_rows_unchanged(enterprise, chains):
        chains = None
    if towns is not None and not create and town_rows_unchanged(enterprise, towns):
        towns = None
    if chains is not None or towns is not None:
        changes = services.enterprise_set_memberships(
            enterprise=enterprise, chains=chains, towns=towns, actor=actor
        )
        if outcome == "unchanged" and (changes or chains is not None):
            outcome = "updated"
    return enterprise, outcome


# --- a record as JSON (the API) --------------------------------------------------------------

# API key → model field where they differ; every other key is the model field's name.
API_FIELD = {"region": "region_id", "industry": "industry_id"}
BLANK_AS_EMPTY = {"scale", "credit_rating", "contact_name", "contact_phone"}

Problem = tuple[tuple[str | int, ...], str]


class WriteChecked:
    """A JSON record checked: the model fields, the memberships, and the problems by path."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.chains: ChainRows | None = None
        self.towns: TownRows | None = None
        self.problems: list[Problem] = []

    def problem(self, path: tuple[str | int, ...], text_: str) -> None:
        self.problems.append((path, text_))


def check_write(
    values: dict[str, Any], *, user: Any, enterprise: Enterprise | None
) -> WriteChecked:
    """Check the keys given (all of them on create, the changed ones on update)."""
    checked = WriteChecked()
    for key, value in values.items():
        if key in {"uscc", "chains", "towns"}:
            continue
        if key in {"name", "region"} and (value is None or not str(value).strip()):
            checked.problem((key,), _("此字段为必填项。"))
            continue
        if key == "name":
            value = value.strip()
        elif key == "region":
            unchanged = enterprise is not None and value == enterprise.region_id
            if not unchanged and (problem := region_error(value, user=user)):
                checked.problem((key,), problem)
        elif key == "industry" and value is not None:
            code = industry_code(value)
            if code is None:
                checked.problem((key,), text("industry_unknown"))
            value = code
        elif key in LIST_KINDS:
            value = normalise_items(value, key)
        elif key in BLANK_AS_EMPTY:
            value = value or ""
        checked.data[API_FIELD.get(key, key)] = value
    if "uscc" in values and (
        problem := uscc_error(values["uscc"]) or uscc_taken_error(values["uscc"])
    ):
        checked.problem(("uscc",), problem)
    if "chains" in values:
        checked.chains = _chain_rows(values["chains"] or [], checked)
    if "towns" in values:
        checked.towns = _town_rows(values["towns"] or [], checked)
    return checked


def _chain_rows(rows: list[dict[str, Any]], checked: WriteChecked) -> ChainRows:
    result: ChainRows = []
    seen: set[int] = set()
    for index, row in enumerate(rows):
        chain = chain_by_code_or_name(row["chain"])
        if chain is None:
            checked.problem(("chains", index, "chain"), text("chain_unknown", item=row["chain"]))
            continue
        if chain.pk in seen:
            checked.problem(("chains", index, "chain"), text("chain_repeated", item=chain.name))
        seen.add(chain.pk)
        segment = None
        if row.get("segment"):
            segment = segment_of(chain, row["segment"])
            if segment is None:
                checked.problem(
                    ("chains", index, "segment"),
                    text("segment_unknown", chain=chain.name, item=row["segment"]),
                )
        result.append((chain, row["role"], segment))
    return result


def _town_rows(rows: list[dict[str, Any]], checked: WriteChecked) -> TownRows:
    result: TownRows = []
    seen: set[int] = set()
    for index, row in enumerate(rows):
        town = town_by_code_or_name(row["town"])
        if town is None:
            checked.problem(("towns", index, "town"), text("town_unknown", item=row["town"]))
            continue
        if town.pk in seen:
            checked.problem(("towns", index, "town"), text("town_repeated", item=town.name))
        seen.add(town.pk)
        result.append((town, bool(row.get("is_leading"))))
    return result
