"""Importing chains (with their segments) and chain member lists."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.registry.importing.columns import Column, map_headers
from qstrong.registry.importing.members import MemberPlan, MemberRows, user_or_none, write_members
from qstrong.registry.importing.messages import FileRefused
from qstrong.registry.importing.reader import ROW, read_table
from qstrong.registry.importing.reference import fold
from qstrong.registry.importing.smallfiles import finish, first_rows, parse_int, small_file
from qstrong.registry.importing.values import CHAIN_ROLES, DEFAULT_CHAIN_ROLE
from qstrong.registry.models import Chain, ChainMember, Enterprise, ImportBatch, Segment
from qstrong.registry.services import chain_upsert

CHAIN_COLUMNS = (
    Column("code", "产业链代码", "text", required=True, max_length=40, aliases=("代码",)),
    Column("name", "产业链名称", "text", required=True, max_length=100, aliases=("名称", "产业链")),
    Column("chief", "链长", "text", max_length=100),
    Column("segments", "环节", "text", aliases=("产业链环节",)),
    Column("description", "简介", "text", aliases=("说明",)),
    Column("sort_order", "排序", "integer", aliases=("顺序",)),
)
MEMBER_COLUMNS = (
    Column("chain", "产业链代码", "text", required=True, aliases=("产业链", "chain_code")),
    Column("chain_name", "产业链名称", "text"),
    Column("uscc", "统一社会信用代码", "uscc", required=True),
    Column("enterprise_name", "企业名称", "text"),
    Column("role", "角色", "text", aliases=("产业链角色",)),
    Column("segment", "环节", "text"),
)
SEGMENT_SEPARATORS = re.compile(r"\s*(?:→|->|—>|＞|>|;|；|、)\s*")
MEMBER_MARKERS = {"统一社会信用代码", "uscc"}


def split_segments(text: str) -> list[str]:
    return [part for part in SEGMENT_SEPARATORS.split(text.strip()) if part]


def is_member_file(header: list[str | None]) -> bool:
    mapping = map_headers(header, MEMBER_COLUMNS)
    return "uscc" in mapping.positions


def _check_provincial(actor: Any) -> None:
    """Chains and towns are the province's registry: planners and the operator keep them."""
    if actor is not None and jurisdiction_of(actor).region_prefix != "":
        raise FileRefused("forbidden")


def run_chains(*, batch: ImportBatch, content: bytes, actor: Any, progress: Any = None) -> None:
    table = read_table(filename=batch.filename, content=content, preferred_sheet="产业链")
    if is_member_file(table.header):
        run_chain_members(batch=batch, table=table, actor=actor)
        return
    _check_provincial(actor)
    result = small_file(table, CHAIN_COLUMNS, required=("code", "name"))
    first_rows(result, "code", "code_duplicate")
    first_rows(result, "name", "name_duplicate", fold)
    owners = dict(Chain.objects.values_list("name", "code"))
    for row in result.rows:
        number = row[ROW]
        code, name = row.get("code"), row.get("name")
        if name and code and owners.get(name, code) != code:
            result.error(number, "name", "name_taken", code=owners[name])
        for key, limit in (("code", 40), ("name", 100), ("chief", 100)):
            if row.get(key) and len(row[key]) > limit:
                result.error(number, key, "text_length", limit=limit)
        if row.get("segments"):
            names = split_segments(row["segments"])
            repeated = {n for n in names if names.count(n) > 1}
            for item in sorted(repeated):
                result.error(number, "segments", "segment_repeated", item=item)
        if row.get("sort_order") is not None and parse_int(row["sort_order"]) is None:
            result.error(number, "sort_order", "integer_invalid")
    if result.errors and not batch.valid_rows_only:
        finish(batch, result, None)
        return
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    bad = result.bad_rows
    with transaction.atomic():
        for row in result.rows:
            if row[ROW] in bad:
                continue
            current = Chain.objects.filter(code=row["code"]).first()
            # An unparseable sort order is an error (row in `bad`): None here means none given.
            sort_order = parse_int(row.get("sort_order"))
            if sort_order is None:
                sort_order = current.sort_order if current else 0
            _, status = chain_upsert(
                code=row["code"],
                name=row["name"],
                segments=split_segments(row["segments"]) if row.get("segments") else None,
                chief=_keep(row, "chief", current, ""),
                description=_keep(row, "description", current, ""),
                sort_order=sort_order,
                actor=actor,
            )
            counts[status] += 1
        if batch.dry_run:
            transaction.set_rollback(True)
    finish(batch, result, counts)


def _keep(row: dict[str, Any], key: str, current: Any, default: Any) -> Any:
    """A column absent from the file leaves the chain's value as it is."""
    if key in row:
        return row[key] or default
    return getattr(current, key) if current is not None else default


def run_chain_members(*, batch: ImportBatch, table: Any, actor: Any) -> None:
    """Add or update members (role, segment); members not in the file are left as they are."""
    result = small_file(table, MEMBER_COLUMNS, required=("chain", "uscc"))
    chains = {fold(c.code): c for c in Chain.objects.all()} | {
        fold(c.name): c for c in Chain.objects.all()
    }
    members = MemberRows(result, actor)
    segments = {(s.chain_id, fold(s.name)): s for s in Segment.objects.all()}
    plans: list[MemberPlan[Chain, tuple[str | None, Segment | None]]] = []
    for row, uscc in members:
        number = row[ROW]
        chain = chains.get(fold(row.get("chain") or ""))
        if chain is None and row.get("chain"):
            result.error(number, "chain", "chain_unknown", item=row["chain"])
        enterprise = members.enterprise(number, row, uscc)
        role = (
            CHAIN_ROLES.get((row.get("role") or "").strip(), None)
            if row.get("role")
            else (DEFAULT_CHAIN_ROLE)
        )
        if role is None:
            role = CHAIN_ROLES.get((row.get("role") or "").lower())
        if role is None:
            result.error(number, "role", "chain_role_invalid", item=row["role"])
        segment = None
        if chain is not None and row.get("segment"):
            segment = segments.get((chain.pk, fold(row["segment"])))
            if segment is None:
                result.error(
                    number, "segment", "segment_unknown", chain=chain.name, item=row["segment"]
                )
        members.check_repeated(number, chain, enterprise)
        plans.append(MemberPlan(number, chain, enterprise, (role, segment)))

    def write(
        chain: Chain, enterprise: Enterprise, value: tuple[str | None, Segment | None]
    ) -> str:
        role, segment = value
        # A row whose role is unknown has an error and is in `bad`.
        assert role is not None
        member = ChainMember.objects.filter(chain=chain, enterprise=enterprise).first()
        if member is None:
            ChainMember.objects.create(
                chain=chain,
                enterprise=enterprise,
                role=role,
                segment=segment,
                created_by=user_or_none(actor),
            )
            return "created"
        if (member.role, member.segment_id) != (role, getattr(segment, "pk", None)):
            member.role, member.segment = role, segment
            member.updated_by = user_or_none(actor)
            member.save()
            return "updated"
        return "unchanged"

    write_members(batch=batch, result=result, plans=plans, write=write, actor=actor)
