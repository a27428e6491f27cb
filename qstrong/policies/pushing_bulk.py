"""Pushes after a run, written in bulk: a million eligible pairs in seconds, not half an hour.

The digests (one per enterprise, its text built per enterprise from the policy list) go in with
COPY on PostgreSQL and executemany on SQLite; the pushes and their first events are then made
by the database itself (INSERT … SELECT from the run's new eligible pairs), so that no Python
object is built per push. The text of a digest is the same as the one-by-one path wrote.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import polars as pl
from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qstrong.accounts.models import Role, User
from qstrong.core.dbstats import analyze_after_bulk_write
from qstrong.policies.models import MatchRun, Policy, Push, PushDigest, PushEvent
from qstrong.registry.importing import dbwrite

# A digest lists at most this many policies in its body; the portal shows them all.
DIGEST_BODY_MAX = 50


def portal_url() -> str:
    from django.conf import settings

    base = str(getattr(settings, "QSTRONG_SITE_URL", "")).rstrip("/")
    try:
        return base + reverse("portal:home")
    except NoReverseMatch:
        return base + "/portal/"


def recipients() -> dict[int, list[str]]:
    """The active enterprise users' email addresses, per enterprise (there are few of them)."""
    found: dict[int, list[str]] = defaultdict(list)
    rows = (
        User.objects.filter(
            is_active=True,
            role=Role.ENTERPRISE_USER,
            organisation__enterprise_id__isnull=False,
        )
        .exclude(email="")
        .order_by("pk")
        .values_list("organisation__enterprise_id", "email")
    )
    for enterprise_id, email in rows:
        if email not in found[enterprise_id]:
            found[enterprise_id].append(email)
    return found


def _pairs(eligible: Any) -> pl.DataFrame:
    query = eligible.order_by().values_list("enterprise_id", "policy_id").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return pl.DataFrame(
        rows, schema={"enterprise_id": pl.Int64, "policy_id": pl.Int64}, orient="row"
    )


def _digest_frame(pairs: pl.DataFrame, *, run: MatchRun, stamp: Any) -> pl.DataFrame:
    """One row per enterprise: subject, body and recipients as the one-by-one path wrote them."""
    policies = Policy.objects.filter(pk__in=pairs["policy_id"].unique().to_list())
    lines = pl.DataFrame(
        [(p.pk, p.code, f"· {p.code} {p.title}") for p in policies.only("pk", "code", "title")],
        schema={"policy_id": pl.Int64, "code": pl.String, "line": pl.String},
        orient="row",
    )
    grouped = (
        pairs.join(lines, on="policy_id", how="left")
        .sort("enterprise_id", "code")
        .group_by("enterprise_id", maintain_order=True)
        .agg(pl.len().alias("count"), pl.col("line").head(DIGEST_BODY_MAX).alias("lines"))
    )
    counts = grouped["count"].unique().to_list()
    subjects = {n: (_("为您匹配到 %(count)d 项新的惠企政策") % {"count": n})[:255] for n in counts}
    more = {n: _("……等共 %(count)d 项") % {"count": n} for n in counts if n > DIGEST_BODY_MAX}
    head = _("根据贵企业在平台登记的信息，以下政策经系统比对符合适用条件：")
    foot = _("请登录企业服务门户查看政策详情、适用理由并办理认领或申报：%(url)s") % {
        "url": portal_url()
    }
    emails = {eid: ", ".join(found)[:500] for eid, found in recipients().items()}
    count = pl.col("count")
    listed = pl.col("lines").list.join("\n")
    body = pl.concat_str(
        pl.lit(head + "\n"),
        listed,
        pl.when(count > DIGEST_BODY_MAX)
        .then(pl.lit("\n") + count.replace_strict(more, default="", return_dtype=pl.String))
        .otherwise(pl.lit("")),
        pl.lit("\n\n" + foot),
    )
    actor = run.created_by_id
    return grouped.select(
        pl.col("enterprise_id"),
        pl.lit(run.pk, dtype=pl.Int64).alias("run_id"),
        count.replace_strict(subjects, return_dtype=pl.String).alias("subject"),
        body.alias("body"),
        pl.col("enterprise_id")
        .replace_strict(emails, default="", return_dtype=pl.String)
        .alias("email_to"),
        pl.lit(stamp).alias("created_at"),
        pl.lit(stamp).alias("updated_at"),
        pl.lit(actor, dtype=pl.Int64).alias("created_by_id"),
        pl.lit(actor, dtype=pl.Int64).alias("updated_by_id"),
    )


def _stamp(now: dt.datetime) -> str:
    if connection.vendor == "sqlite":
        return str(connection.ops.adapt_datetimefield_value(now))
    return now.isoformat()


def send_bulk(*, run: MatchRun, eligible: Any) -> tuple[int, set[int]]:
    """Digests, pushes and their "sent" events for the run's new eligible pairs.

    The caller holds the transaction. Returns (pushes created, the policies they belong to).
    """
    pairs = _pairs(eligible)
    if pairs.height == 0:
        return 0, set()
    now = timezone.now()
    stamp = _stamp(now)
    dbwrite.insert_frame(PushDigest, _digest_frame(pairs, run=run, stamp=stamp))
    q = connection.ops.quote_name
    new_sql, new_params = (
        eligible.order_by()
        .values_list("enterprise_id", "policy_id", "rule_id", "enterprise__region_id")
        .query
    ).sql_with_params()
    actor = run.created_by_id
    sent = Push.State.SENT.value
    digest, push, event = (q(m._meta.db_table) for m in (PushDigest, Push, PushEvent))
    when = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {push} (policy_id, enterprise_id, digest_id, rule_id, state, sent_at, "
            "created_at, updated_at, created_by_id, updated_by_id, region) "
            "SELECT n.policy_id, n.enterprise_id, d.id, n.rule_id, %s, %s, %s, %s, %s, %s, "
            "n.enterprise__region_id "
            f"FROM ({new_sql}) n INNER JOIN {digest} d "
            "ON d.enterprise_id = n.enterprise_id AND d.run_id = %s",
            [sent, when, when, when, actor, actor, *new_params, run.pk],
        )
        created = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {event} (push_id, at, actor_id, from_state, to_state, comment) "
            f"SELECT p.id, %s, %s, '', %s, '' FROM {push} p INNER JOIN {digest} d "
            "ON p.digest_id = d.id WHERE d.run_id = %s",
            [when, actor, sent, run.pk],
        )
    analyze_after_bulk_write(models=[PushDigest, Push, PushEvent], rows=created)
    return created, set(pairs["policy_id"].unique().to_list())
