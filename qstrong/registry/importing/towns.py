"""Importing specialty towns and town member lists."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from qstrong.registry.importing.chains import _check_provincial
from qstrong.registry.importing.columns import Column, map_headers
from qstrong.registry.importing.members import MemberPlan, MemberRows, user_or_none, write_members
from qstrong.registry.importing.reader import ROW, read_table
from qstrong.registry.importing.reference import fold
from qstrong.registry.importing.smallfiles import (
    finish,
    first_rows,
    parse_bool,
    parse_int,
    small_file,
)
from qstrong.registry.models import Enterprise, ImportBatch, Industry, Region, Town, TownMember
from qstrong.registry.services import town_upsert

TOWN_COLUMNS = (
    Column("code", "专业镇代码", "text", required=True, max_length=40, aliases=("代码",)),
    Column("name", "专业镇名称", "text", required=True, max_length=100, aliases=("名称", "专业镇")),
    Column(
        "county", "所在县代码", "text", aliases=("所在县", "所在县（市、区）", "县", "county_id")
    ),
    Column("level", "级别", "text"),
    Column("leading_industry", "主导产业", "text", max_length=100),
    Column("industry", "行业代码", "text", aliases=("主导产业行业代码", "industry_id")),
    Column("batch", "批次", "integer"),
    Column("is_key", "十大重点专业镇", "boolean", aliases=("重点", "重点专业镇")),
)
MEMBER_COLUMNS = (
    Column("town", "专业镇代码", "text", required=True, aliases=("专业镇", "town_code")),
    Column("town_name", "专业镇名称", "text"),
    Column("uscc", "统一社会信用代码", "uscc", required=True),
    Column("enterprise_name", "企业名称", "text"),
    Column("is_leading", "龙头企业", "boolean", aliases=("龙头", "leading")),
)
LEVELS = {
    "省级": "provincial",
    "市级": "city",
    "provincial": "provincial",
    "city": "city",
    "省": "provincial",
    "市": "city",
}


def run_towns(*, batch: ImportBatch, content: bytes, actor: Any, progress: Any = None) -> None:
    table = read_table(filename=batch.filename, content=content, preferred_sheet="专业镇")
    if "uscc" in map_headers(table.header, MEMBER_COLUMNS).positions:
        run_town_members(batch=batch, table=table, actor=actor)
        return
    _check_provincial(actor)
    result = small_file(table, TOWN_COLUMNS, required=("code", "name"))
    first_rows(result, "code", "code_duplicate")
    first_rows(result, "name", "name_duplicate", fold)
    counties = dict(Region.objects.filter(level=Region.Level.COUNTY).values_list("code", "name"))
    by_name: dict[str, list[str]] = {}
    for code, name in counties.items():
        if code.startswith("14"):
            by_name.setdefault(name, []).append(code)
    industries = set(Industry.objects.values_list("code", flat=True))
    existing = {t.code: t for t in Town.objects.all()}
    owners = {t.name: t.code for t in existing.values()}
    plans = []
    for row in result.rows:
        number = row[ROW]
        data: dict[str, Any] = {}
        if row.get("name"):
            data["name"] = row["name"]
            if owners.get(row["name"], row.get("code")) != row.get("code"):
                result.error(number, "name", "name_taken", code=owners[row["name"]])
        county = row.get("county")
        if county is not None:
            code = county.replace(".0", "") if county.endswith(".0") else county
            found = (
                code
                if code in counties
                else (by_name.get(county, [None])[0] if len(by_name.get(county, [])) == 1 else None)
            )
            if found is None:
                result.error(number, "county", "region_unknown")
            data["county_id"] = found
        elif row.get("code") not in existing:
            result.error(number, "county", "required_new", column=result.header("county"))
        if row.get("level") is not None:
            level = LEVELS.get(row["level"].strip().lower())
            if level is None:
                result.error(number, "level", "level_invalid")
            data["level"] = level
        elif row.get("code") not in existing:
            result.error(number, "level", "required_new", column=result.header("level"))
        if "leading_industry" in result.present:
            data["leading_industry"] = row.get("leading_industry") or ""
        if "industry" in result.present:
            industry = (row.get("industry") or "").upper() or None
            if industry is not None and industry not in industries:
                result.error(number, "industry", "industry_unknown")
            data["industry_id"] = industry
        if "batch" in result.present:
            data["batch"] = parse_int(row.get("batch"))
            if row.get("batch") is not None and data["batch"] is None:
                result.error(number, "batch", "integer_invalid")
        if "is_key" in result.present:
            data["is_key"] = parse_bool(row.get("is_key"))
            if data["is_key"] is None:
                result.error(number, "is_key", "boolean_invalid")
        plans.append((number, row.get("code"), data))
    if result.errors and not batch.valid_rows_only:
        finish(batch, result, None)
        return
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    bad = result.bad_rows
    with transaction.atomic():
        for number, town_code, data in plans:
            if number in bad:
                continue
            # "code" is a required column: a row without one has an error and is in `bad`.
            assert town_code is not None
            _, status = town_upsert(code=town_code, data=data, actor=actor)
            counts[status] += 1
        if batch.dry_run:
            transaction.set_rollback(True)
    finish(batch, result, counts)


def run_town_members(*, batch: ImportBatch, table: Any, actor: Any) -> None:
    """Add members or change their leading flag; members not in the file stay."""
    result = small_file(table, MEMBER_COLUMNS, required=("town", "uscc"))
    towns = {fold(t.code): t for t in Town.objects.all()} | {
        fold(t.name): t for t in Town.objects.all()
    }
    members = MemberRows(result, actor)
    plans: list[MemberPlan[Town, bool]] = []
    for row, uscc in members:
        number = row[ROW]
        town = towns.get(fold(row.get("town") or ""))
        if town is None and row.get("town"):
            result.error(number, "town", "town_unknown", item=row["town"])
        enterprise = members.enterprise(number, row, uscc)
        leading = parse_bool(row.get("is_leading"))
        if leading is None:
            result.error(number, "is_leading", "boolean_invalid")
        members.check_repeated(number, town, enterprise)
        plans.append(MemberPlan(number, town, enterprise, bool(leading)))

    def write(town: Town, enterprise: Enterprise, leading: bool) -> str:
        member = TownMember.objects.filter(town=town, enterprise=enterprise).first()
        if member is None:
            TownMember.objects.create(
                town=town, enterprise=enterprise, is_leading=leading, created_by=user_or_none(actor)
            )
            return "created"
        if member.is_leading != leading:
            member.is_leading = leading
            member.updated_by = user_or_none(actor)
            member.save()
            return "updated"
        return "unchanged"

    write_members(batch=batch, result=result, plans=plans, write=write, actor=actor)
