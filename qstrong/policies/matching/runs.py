"""Matching runs: all policies in force × all enterprises, one policy, or a few enterprises.

A run loads the profiles, evaluates every rule version in force on its as-of date, replaces the
stored results it covers, counts each outcome and (optionally) hands new matches to pushing.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from qstrong.core.models import AuditEvent, Job
from qstrong.core.services import audit_record
from qstrong.policies.matching.batch import (
    ELIGIBLE,
    INELIGIBLE,
    NEEDS_DATA,
    PAIR_SCHEMA,
    BatchOutcome,
    RuleToRun,
    evaluate_frame,
)
from qstrong.policies.matching.profiles import enterprises_frame, profile_of
from qstrong.policies.matching.store import (
    results_apply_changes,
    results_replace,
    results_replace_for_enterprises,
)
from qstrong.policies.matching.validity import policies_matchable, rules_to_run
from qstrong.policies.models import MatchResult, MatchRun, Policy
from qstrong.policies.rules import Explained, evaluate, missing_fields
from qstrong.policies.rules.profile import normalise_profile
from qstrong.policies.tallies import tallies_mark_stale, tallies_rebuild
from qstrong.registry.models import Enterprise

logger = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]
# Up to this many enterprises are evaluated one by one (no frame): the re-match after an edit.
SMALL_SCOPE = 20
ENGINES = ("polars", "spark")


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _scope(policy: Policy | None, enterprise_ids: Sequence[int] | None) -> str:
    if enterprise_ids is not None:
        return MatchRun.Scope.ENTERPRISE
    return MatchRun.Scope.POLICY if policy is not None else MatchRun.Scope.FULL


def _job_progress(job: Job | None) -> Progress | None:
    if job is None:
        return None
    from qstrong.registry.tasks import ThrottledProgress

    return ThrottledProgress(job)


def match_run(
    *,
    as_of: dt.date | None = None,
    policy: Policy | None = None,
    enterprise_ids: list[int] | None = None,
    actor: Any = None,
    push: bool = True,
    job: Job | None = None,
    progress: Progress | None = None,
    engine: str | None = None,
) -> MatchRun:
    """Match and store. Policies not published or not in force on the date are skipped (their
    stored results stay as they were); the covered pairs are replaced, ineligible ones counted.

    `engine` (default QSTRONG_MATCH_ENGINE): "polars" in this process, or "spark" on the cluster
    (runs over every enterprise only; a few enterprises' re-match is always local). Both store
    the same rows."""
    as_of = as_of or timezone.localdate()
    engine = engine or settings.QSTRONG_MATCH_ENGINE
    if engine not in ENGINES:
        raise ValueError(f"unknown matching engine {engine!r} (one of {', '.join(ENGINES)})")
    run = MatchRun.objects.create(
        as_of=as_of,
        scope=_scope(policy, enterprise_ids),
        policy=policy,
        enterprise_id=enterprise_ids[0] if enterprise_ids and len(enterprise_ids) == 1 else None,
        state=MatchRun.State.RUNNING,
        started_at=timezone.now(),
        job=job,
        created_by=_user(actor),
        updated_by=_user(actor),
    )
    touched = _policies_with_results(enterprise_ids)
    try:
        _execute(
            run=run,
            policy=policy,
            enterprise_ids=enterprise_ids,
            progress=progress or _job_progress(job),
            engine=engine if enterprise_ids is None else "polars",
        )
    except Exception as exc:
        logger.exception("match run %s failed", run.pk)
        run.state = MatchRun.State.FAILED
        run.message = f"{type(exc).__name__}: {exc}"[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["state", "message", "finished_at", "updated_at"])
        raise
    if push and run.eligible_count:
        run.pushes_count = _push(run)
        run.save(update_fields=["pushes_count", "message", "updated_at"])
    _update_tallies(run=run, policy=policy, enterprise_ids=enterprise_ids, touched=touched)
    if run.scope != MatchRun.Scope.ENTERPRISE:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            object_type="policies.matchrun",
            object_id=str(run.pk),
            object_repr=str(run),
            changes=run_counts(run),
            note=run.message,
        )
    return run


def _policies_with_results(enterprise_ids: Sequence[int] | None) -> set[int]:
    if enterprise_ids is None:
        return set()
    return set(
        MatchResult.objects.filter(enterprise_id__in=enterprise_ids).values_list(
            "policy_id", flat=True
        )
    )


def _update_tallies(
    *,
    run: MatchRun,
    policy: Policy | None,
    enterprise_ids: Sequence[int] | None,
    touched: set[int],
) -> None:
    """Keep the coverage tallies current: a run over every enterprise recounts what it covered
    (after its pushes); a few enterprises' re-match marks their policies, before and after, for
    a recount at the next read (policies/tallies.py)."""
    if enterprise_ids is not None:
        touched |= _policies_with_results(enterprise_ids)
        tallies_mark_stale(policy_ids=touched)
    else:
        tallies_rebuild(policy_ids=[policy.pk] if policy is not None else None)


def run_counts(run: MatchRun) -> dict[str, int]:
    return {
        ELIGIBLE: run.eligible_count,
        NEEDS_DATA: run.needs_data_count,
        INELIGIBLE: run.ineligible_count,
    }


def _execute(
    *,
    run: MatchRun,
    policy: Policy | None,
    enterprise_ids: Sequence[int] | None,
    progress: Progress | None,
    engine: str = "polars",
) -> None:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    versions = rules_to_run(as_of=run.as_of, policy=policy)
    enterprises = Enterprise.objects.filter(archived_at__isnull=True)
    if enterprise_ids is not None:
        enterprises = enterprises.filter(pk__in=enterprise_ids)
    if progress:
        progress(0, 3, "load")
    if engine == "spark":
        _execute_on_spark(run=run, versions=versions, enterprises=enterprises, progress=progress)
        return
    if enterprise_ids is not None and len(enterprise_ids) <= SMALL_SCOPE:
        outcome, run.enterprises_count = _evaluate_few(
            enterprises=enterprises, versions=versions, as_of=run.as_of
        )
        timings["evaluate"] = time.perf_counter() - started
    else:
        frame = enterprises_frame(enterprises=enterprises, as_of=run.as_of)
        timings["load"] = time.perf_counter() - started
        outcome = evaluate_frame(
            frame=frame,
            rules=versions,
            as_of=run.as_of,
            progress=progress,
        )
        run.enterprises_count = frame.height
        del frame
        timings["evaluate"] = time.perf_counter() - started - timings["load"]
    stored_at = time.perf_counter()
    policy_ids = [v.policy_id for v in versions]
    if enterprise_ids is not None:
        results_replace_for_enterprises(
            pairs=outcome.pairs,
            run=run,
            policies=policies_matchable(as_of=run.as_of, policy=policy),
            enterprise_ids=enterprise_ids,
        )
    else:
        results_replace(pairs=outcome.pairs, run=run, policy_ids=policy_ids, progress=progress)
    timings["store"] = time.perf_counter() - stored_at
    _finish(run=run, versions=versions, counts=outcome.counts, timings=timings)


def _finish(
    *,
    run: MatchRun,
    versions: Sequence[RuleToRun],
    counts: dict[str, int],
    timings: dict[str, float],
    engine: str = "",
) -> None:
    run.policies_count = len(versions)
    run.eligible_count = counts[ELIGIBLE]
    run.needs_data_count = counts[NEEDS_DATA]
    run.ineligible_count = counts[INELIGIBLE]
    run.state = MatchRun.State.SUCCEEDED
    run.finished_at = timezone.now()
    run.message = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in timings.items())
    if engine:
        run.message += f"; engine {engine}"
    run.save()


def _execute_on_spark(
    *,
    run: MatchRun,
    versions: Sequence[RuleToRun],
    enterprises: Any,
    progress: Progress | None,
) -> None:
    """The run on the cluster (matching/spark_engine.py): only the changed pairs come back and
    are stored as results_replace stores them."""
    from qstrong.policies.matching.spark_engine import spark_evaluate

    outcome = spark_evaluate(
        enterprises=enterprises,
        rules=versions,
        as_of=run.as_of,
        policy_ids=[v.policy_id for v in versions],
    )
    run.enterprises_count = outcome.enterprises
    if progress:
        progress(2, 3, "evaluate")
    stored_at = time.perf_counter()
    results_apply_changes(changes=outcome.changes, run=run, progress=progress)
    timings = {**outcome.timings, "store": time.perf_counter() - stored_at}
    _finish(run=run, versions=versions, counts=outcome.counts, timings=timings, engine="spark")


def _evaluate_few(
    *, enterprises: Any, versions: Sequence[RuleToRun], as_of: dt.date
) -> tuple[BatchOutcome, int]:
    """A few enterprises: profiles through the ORM and the engine's tree evaluation in Python.

    For one enterprise, Polars' planning of 200 expressions costs ~10× the evaluation itself.
    """
    outcome = BatchOutcome(pairs=pl.DataFrame(schema=PAIR_SCHEMA))
    profiles = [profile_of(enterprise=e, as_of=as_of) for e in enterprises]
    rows: list[tuple[int, int, int, str, str]] = []
    for profile in profiles:
        normal = normalise_profile(profile)
        for version in versions:
            explained = evaluate_stored(version.rule, normal, as_of=as_of)
            result = explained.truth.outcome
            outcome.counts[result] += 1
            if result == INELIGIBLE:
                continue
            fields = json.dumps(missing_fields(explained)) if result == NEEDS_DATA else "[]"
            rows.append(
                (version.policy_id, version.rule_id, profile["enterprise_id"], result, fields)
            )
    if rows:
        outcome.pairs = pl.DataFrame(rows, schema=PAIR_SCHEMA, orient="row")
    return outcome, len(profiles)


def evaluate_stored(rule: Any, profile: dict[str, Any], *, as_of: dt.date) -> Explained:
    """evaluate() for a rule validated when its version was saved."""
    return evaluate(rule, profile, as_of=as_of, validated=True)


def _push(run: MatchRun) -> int:
    """Hand the run to pushing; a failure there never loses the stored matches (the next run
    pushes what is still new), it is logged and noted on the run."""
    try:
        from qstrong.policies.pushing import pushes_send_for_run

        return int(pushes_send_for_run(run=run))
    except Exception as exc:
        logger.exception("pushing for match run %s failed", run.pk)
        run.message = f"{run.message}; pushing failed: {type(exc).__name__}: {exc}"[:2000]
        return 0


def match_enterprise(*, enterprise_id: int, as_of: dt.date | None = None) -> MatchRun:
    """Re-match one enterprise against every policy in force (after an edit; ≤ 50 ms).

    One transaction for the run and its rows: a single commit instead of four. On PostgreSQL
    the commit does not wait for the WAL flush (synchronous_commit off for this transaction
    only): a crash can lose at most this re-match, which the nightly run recomputes anyway.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        return match_run(as_of=as_of, enterprise_ids=[enterprise_id])
