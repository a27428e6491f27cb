"""An import's chain and town memberships: what to insert, delete and change, written in bulk."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import polars as pl

from qstrong.registry.importing import dbwrite
from qstrong.registry.importing.existing import ChainMembers, load_memberships
from qstrong.registry.importing.reference import Reference
from qstrong.registry.models import ChainMember, TownMember
from qstrong.registry.services import chain_membership_parts

V = TypeVar("V")  # what a membership holds besides its group: a chain role, a leading flag


def write_memberships(
    events: pl.DataFrame,
    present: list[str],
    reference: Reference,
    stamp: str,
    actor_id: int | None,
) -> None:
    for kind in ("chains", "towns"):
        if kind not in present:
            continue
        touched = events.filter(
            pl.when(pl.col("status") == "created")
            .then(pl.col(f"a_{kind}").list.len() > 0)
            .otherwise(pl.col(f"_{kind}_changed"))
        ).select("new_id", "status", f"a_{kind}")
        if touched.height == 0:
            continue
        existing_ids = touched.filter(pl.col("status") == "updated")["new_id"].to_list()
        chain_members, town_members = load_memberships(
            existing_ids, chains=kind == "chains", towns=kind == "towns"
        )
        if kind == "chains":
            _chain_ops(touched, chain_members, reference, stamp, actor_id)
        else:
            _town_ops(touched, town_members, reference, stamp, actor_id)


def _chain_ops(
    touched: pl.DataFrame,
    members: ChainMembers,
    reference: Reference,
    stamp: str,
    actor_id: int | None,
) -> None:
    def wanted_of(wanted_list: list[str]) -> dict[str, tuple[str, str | None]]:
        parts = (chain_membership_parts(item) for item in wanted_list)
        return {code: (role, segment) for code, role, segment in parts}

    # The after-lists carry the kept memberships' segments (_carry_segments) and new ones have
    # none: only roles differ, and only roles are written.
    inserts, deletes, role_updates = _member_ops(touched, members, reference.chain_ids, wanted_of)
    dbwrite.delete_ids(ChainMember, deletes)
    for pk, (role, _) in role_updates:
        ChainMember.objects.filter(pk=pk).update(role=role, updated_by_id=actor_id)
    dbwrite.insert_frame(
        ChainMember,
        pl.DataFrame(
            [(e, c, r, None, stamp, stamp, actor_id, actor_id) for e, c, (r, _) in inserts],
            schema={
                "enterprise_id": pl.Int64,
                "chain_id": pl.Int64,
                "role": pl.String,
                "segment_id": pl.Int64,
                "created_at": pl.String,
                "updated_at": pl.String,
                "created_by_id": pl.Int64,
                "updated_by_id": pl.Int64,
            },
            orient="row",
        ),
    )


def _town_ops(
    touched: pl.DataFrame,
    members: dict[int, dict[str, tuple[int, bool]]],
    reference: Reference,
    stamp: str,
    actor_id: int | None,
) -> None:
    inserts, deletes, flag_updates = _member_ops(
        touched,
        members,
        reference.town_ids,
        lambda wanted_list: {item.split(":")[0]: item.endswith(":leading") for item in wanted_list},
    )
    dbwrite.delete_ids(TownMember, deletes)
    for pk, leading in flag_updates:
        TownMember.objects.filter(pk=pk).update(is_leading=leading, updated_by_id=actor_id)
    dbwrite.insert_frame(
        TownMember,
        pl.DataFrame(
            [(e, t, lead, stamp, stamp, actor_id, actor_id) for e, t, lead in inserts],
            schema={
                "enterprise_id": pl.Int64,
                "town_id": pl.Int64,
                "is_leading": pl.Boolean,
                "created_at": pl.String,
                "updated_at": pl.String,
                "created_by_id": pl.Int64,
                "updated_by_id": pl.Int64,
            },
            orient="row",
        ),
    )


def _member_ops(
    touched: pl.DataFrame,
    members: dict[int, dict[str, tuple[int, V]]],
    ids: dict[str, int],
    wanted_of: Callable[[list[str]], dict[str, V]],
) -> tuple[list[tuple[int, int, V]], list[int], list[tuple[int, V]]]:
    """What to insert (enterprise, group id, value), delete (pk) and update (pk, value).

    `members` holds each enterprise's current memberships (code → (pk, value)); `wanted_of`
    turns an enterprise's after-list into code → value.
    """
    inserts: list[tuple[int, int, V]] = []
    deletes: list[int] = []
    updates: list[tuple[int, V]] = []
    for enterprise_id, _, wanted_list in touched.iter_rows():
        wanted = wanted_of(wanted_list)
        current = members.get(enterprise_id, {})
        deletes.extend(pk for code, (pk, _) in current.items() if code not in wanted)
        for code, value in wanted.items():
            if code not in current:
                inserts.append((enterprise_id, ids[code], value))
            elif current[code][1] != value:
                updates.append((current[code][0], value))
    return inserts, deletes, updates
