"""Coverage tallies: per policy and county, how many results there are by scale, outcome and
push state, how many needs-data results miss each field, and in which months results were
matched or pushes moved (ADR "counts and aggregates").

Coverage (/policies/coverage/, the insights coverage dashboard) and the library's eligible /
needs-data counts read these tallies — a few thousand rows — instead of grouping a million
results joined to their enterprises and pushes on every view. The writers keep them current:

- a full or per-policy matching run rebuilds the tallies of the policies it covered, after its
  pushes (`tallies_rebuild`);
- a single-enterprise re-match and a push that moves mark the policies they touched stale
  (`tallies_mark_stale`); the next read rebuilds those policies first (`tallies_fresh`).

A tally counts current results of enterprises that are not archived; the reader filters by
policy state and by the user's jurisdiction (county codes by prefix), so one tally serves every
user. Within a period (coverage ?from=&to=) coverage still reads the results themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from qstrong.policies.models import CoverageTally, MissingFieldTally, MonthTally, TallyStale

# A push sent after the policy's application deadline could not be claimed: it is no reach
# (as in coverage.results_in_scope); the day a push was sent is its local (Beijing) date.
_COUNTS = """
INSERT INTO policies_coveragetally (policy_id, region, scale, outcome, push_state, count)
SELECT r.policy_id, e.region_id, e.scale, r.outcome, COALESCE(p.state, ''), COUNT(*)
FROM policies_matchresult r
JOIN registry_enterprise e ON e.id = r.enterprise_id
JOIN policies_policy pol ON pol.id = r.policy_id
LEFT JOIN policies_push p ON p.policy_id = r.policy_id AND p.enterprise_id = r.enterprise_id
    AND (pol.claim_deadline IS NULL OR {sent_day} <= pol.claim_deadline)
WHERE e.archived_at IS NULL {where}
GROUP BY r.policy_id, e.region_id, e.scale, r.outcome, COALESCE(p.state, '')
"""

# One row per missing field of each needs-data result (a field is listed once per result).
_FIELDS = {
    "postgresql": "jsonb_array_elements_text(r.missing_fields) AS f(value)",
    "sqlite": "json_each(r.missing_fields) AS f",
}
_MISSING = """
INSERT INTO policies_missingfieldtally (policy_id, region, field, count)
SELECT r.policy_id, e.region_id, f.value, COUNT(DISTINCT r.id)
FROM policies_matchresult r
JOIN registry_enterprise e ON e.id = r.enterprise_id
CROSS JOIN {fields}
WHERE e.archived_at IS NULL AND r.outcome = 'needs_data' {where}
GROUP BY r.policy_id, e.region_id, f.value
"""

# The months in which a policy's results in a county were matched or its pushes there moved
# (the coverage dashboard's periods). The same enterprises as the counts: not archived.
_MATCHED = """
SELECT r.policy_id AS policy_id, e.region_id AS region, {month} AS month
FROM policies_matchresult r JOIN registry_enterprise e ON e.id = r.enterprise_id
WHERE e.archived_at IS NULL {where}
"""
_MOVED = """
SELECT p.policy_id, e.region_id, {month}
FROM policies_push p JOIN registry_enterprise e ON e.id = p.enterprise_id {moments}
WHERE e.archived_at IS NULL AND {moment} IS NOT NULL {where}
"""
_MOMENTS = ("sent_at", "read_at", "claimed_at", "decided_at")


def _months_sql(where: str) -> tuple[str, int]:
    """The months INSERT for this vendor, and how many times its parameters repeat."""
    push_where = where.replace("r.policy_id", "p.policy_id")
    parts = [_MATCHED.format(month=_month("r.matched_at"), where=where)]
    if connection.vendor == "postgresql":
        # One pass over the pushes: their four moments side by side (LATERAL VALUES).
        values = ", ".join(f"(p.{name})" for name in _MOMENTS)
        moments = f"CROSS JOIN LATERAL (VALUES {values}) AS m(at)"
        parts.append(
            _MOVED.format(month=_month("m.at"), moments=moments, moment="m.at", where=push_where)
        )
    else:
        parts += [
            _MOVED.format(month=_month(f"p.{n}"), moments="", moment=f"p.{n}", where=push_where)
            for n in _MOMENTS
        ]
    union = " UNION ".join(parts)
    sql = f"INSERT INTO policies_monthtally (policy_id, region, month) {union}"
    return sql, len(parts)


def _month(column: str) -> str:
    """SQL for the first day of the local (TIME_ZONE) month of a timestamp column."""
    if connection.vendor == "postgresql":
        zone = str(settings.TIME_ZONE).replace("'", "")
        return f"date_trunc('month', {column} AT TIME ZONE '{zone}')::date"
    offset = timezone.localtime().utcoffset() or dt.timedelta(0)
    return f"date({column}, '{int(offset.total_seconds() // 60):+d} minutes', 'start of month')"


def _sent_day() -> str:
    """SQL for the local date a push was sent (TIME_ZONE is a zone name from settings)."""
    if connection.vendor == "postgresql":
        zone = str(settings.TIME_ZONE).replace("'", "")
        return f"(p.sent_at AT TIME ZONE '{zone}')::date"
    # SQLite keeps UTC text; the zone's offset now (Beijing has had no daylight saving since 1991)
    offset = timezone.localtime().utcoffset() or dt.timedelta(0)
    return f"date(p.sent_at, '{int(offset.total_seconds() // 60):+d} minutes')"


def tallies_rebuild(*, policy_ids: Iterable[int] | None = None) -> None:
    """Recount the tallies of these policies (every policy when None), in one transaction."""
    ids = None if policy_ids is None else sorted(set(policy_ids))
    if ids == []:
        return
    with transaction.atomic():
        if ids is None:
            CoverageTally.objects.all().delete()
            MissingFieldTally.objects.all().delete()
            MonthTally.objects.all().delete()
            where, params = "", []
        else:
            CoverageTally.objects.filter(policy_id__in=ids).delete()
            MissingFieldTally.objects.filter(policy_id__in=ids).delete()
            MonthTally.objects.filter(policy_id__in=ids).delete()
            where, params = f"AND r.policy_id IN ({', '.join(['%s'] * len(ids))})", ids
        fields = _FIELDS["postgresql" if connection.vendor == "postgresql" else "sqlite"]
        with connection.cursor() as cursor:
            cursor.execute(_COUNTS.format(where=where, sent_day=_sent_day()), params)
            cursor.execute(_MISSING.format(fields=fields, where=where), params)
            months, repeat = _months_sql(where)
            cursor.execute(months, params * repeat)
        stale = (
            TallyStale.objects.all()
            if ids is None
            else TallyStale.objects.filter(policy_id__in=ids)
        )
        stale.delete()


def tallies_mark_stale(*, policy_ids: Iterable[int]) -> None:
    """These policies' results or pushes changed: rebuild their tallies before the next read."""
    rows = [TallyStale(policy_id=pk) for pk in sorted(set(policy_ids))]
    if rows:
        TallyStale.objects.bulk_create(rows, ignore_conflicts=True)


def tallies_fresh() -> None:
    """Rebuild the stale policies' tallies, if any (one cheap query when there are none).

    Rows another request is already rebuilding are skipped (SKIP LOCKED on PostgreSQL): the
    reader sees the tallies as of a moment ago rather than queueing behind the rebuild.
    """
    if not TallyStale.objects.exists():
        return
    with transaction.atomic():
        ids = list(
            TallyStale.objects.select_for_update(skip_locked=True).values_list(
                "policy_id", flat=True
            )
        )
        tallies_rebuild(policy_ids=ids)
