"""Matches as CSV (`qstrong export matches`): policy_code,uscc,outcome for every non-false pair."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from qstrong.policies.matching.batch import RuleToRun, evaluate_frame
from qstrong.policies.matching.profiles import enterprises_frame
from qstrong.policies.matching.sql import read_frame
from qstrong.policies.matching.validity import rules_in_force
from qstrong.policies.models import MatchResult, MatchRun, Policy
from qstrong.registry.models import Enterprise

HEADER = ("policy_code", "uscc", "outcome")
_SCHEMA: dict[str, pl.DataType] = {name: pl.String() for name in HEADER}


def stored_date() -> dt.date | None:
    """The as-of date of the latest successful full run: the date the stored results are for."""
    latest = (
        MatchRun.objects.filter(scope=MatchRun.Scope.FULL, state=MatchRun.State.SUCCEEDED)
        .order_by("-finished_at", "-pk")
        .first()
    )
    return latest.as_of if latest is not None else None


def matches_frame(*, as_of: dt.date | None = None) -> pl.DataFrame:
    """The stored pairs; or, for a date other than theirs, the pairs evaluated afresh (not
    stored). Sorted by policy code, then USCC."""
    if as_of is None or stored_date() == as_of:
        return _stored().sort("policy_code", "uscc")
    return _fresh(as_of).sort("policy_code", "uscc")


def _stored() -> pl.DataFrame:
    result = MatchResult._meta.db_table
    policy = Policy._meta.db_table
    enterprise = Enterprise._meta.db_table
    return read_frame(
        f"SELECT p.code AS policy_code, e.uscc AS uscc, r.outcome AS outcome FROM {result} r "
        f"JOIN {policy} p ON p.id = r.policy_id JOIN {enterprise} e ON e.id = r.enterprise_id "
        f"WHERE p.state = %s AND p.archived_at IS NULL AND e.archived_at IS NULL",
        [Policy.State.PUBLISHED],
        _SCHEMA,
    )


def _fresh(as_of: dt.date) -> pl.DataFrame:
    versions = rules_in_force(as_of=as_of)
    if not versions:
        return pl.DataFrame(schema=_SCHEMA)
    enterprises = Enterprise.objects.filter(archived_at__isnull=True)
    outcome = evaluate_frame(
        frame=enterprises_frame(enterprises=enterprises, as_of=as_of),
        rules=[RuleToRun(v.policy_id, v.pk, v.rule) for v in versions],
        as_of=as_of,
        with_missing_fields=False,
    )
    codes = pl.DataFrame(
        {
            "policy_id": [v.policy_id for v in versions],
            "policy_code": [v.policy.code for v in versions],
        },
        schema={"policy_id": pl.Int64(), "policy_code": pl.String()},
    )
    table = Enterprise._meta.db_table
    usccs = read_frame(
        f"SELECT id AS enterprise_id, uscc FROM {table} WHERE archived_at IS NULL",
        [],
        {"enterprise_id": pl.Int64(), "uscc": pl.String()},
    )
    return outcome.pairs.join(codes, on="policy_id").join(usccs, on="enterprise_id").select(*HEADER)


def matches_export(*, path: Path, as_of: dt.date | None = None) -> int:
    frame = matches_frame(as_of=as_of)
    frame.write_csv(path, include_header=True)
    return frame.height
