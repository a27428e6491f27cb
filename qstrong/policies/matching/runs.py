"""Matching runs: all policies in force × all enterprises, one policy, or a few enterprises.

A run loads the profiles, evaluates every rule version in force on its as-of date, replaces the
stored results it covers, counts each outcome and (optionally) hands new matches to pushing.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
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
from qstrong.policies.matching.store import results_replace, results_replace_for_enterprises
from qstrong.policies.matching.validity import rules_in_force
from qstrong.policies.models import MatchRun, Policy, PolicyRule
from qstrong.policies.rules import evaluate, missing_fields
from qstrong.registry.models import Enterprise

logger = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]
# Up to this many enterprises are evaluated one by one (no frame): the re-match after an edit.
SMALL_SCOPE = 20


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
) -> MatchRun:
    """Match and store. Policies not published or not in force on the date are skipped (their
    stored results stay as they were); the covered pairs are replaced, ineligible ones counted."""
    as_of = as_of or timezone.localdate()
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
    try:
        _execute(
            run=run,
            policy=policy,
            enterprise_ids=enterprise_ids,
            progress=progress or _job_progress(job),
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
        run.save(update_fields=["pushes_count", "updated_at"])
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
) -> None:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    versions = rules_in_force(as_of=run.as_of, policy=policy)
    enterprises = Enterprise.objects.filter(archived_at__isnull=True)
    if enterprise_ids is not None:
        enterprises = enterprises.filter(pk__in=enterprise_ids)
    if progress:
        progress(0, 3, "load")
    if enterprise_ids is not None and len(enterprise_ids) <= SMALL_SCOPE:
        outcome, run.enterprises_count = _evaluate_few(
            enterprises=enterprises, versions=versions, as_of=run.as_of
        )
        timings["evaluate"] = time.perf_counter() - started
    else:
        frame = enterprises_frame(enterprises=enterprises)
        timings["load"] = time.perf_counter() - started
        outcome = evaluate_frame(
            frame=frame,
            rules=[RuleToRun(v.policy_id, v.pk, v.rule) for v in versions],
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
            pairs=outcome.pairs, run=run, policy_ids=policy_ids, enterprise_ids=enterprise_ids
        )
    else:
        results_replace(pairs=outcome.pairs, run=run, policy_ids=policy_ids, progress=progress)
    timings["store"] = time.perf_counter() - stored_at
    run.policies_count = len(versions)
    run.eligible_count = outcome.counts[ELIGIBLE]
    run.needs_data_count = outcome.counts[NEEDS_DATA]
    run.ineligible_count = outcome.counts[INELIGIBLE]
    run.state = MatchRun.State.SUCCEEDED
    run.finished_at = timezone.now()
    run.message = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in timings.items())
    run.save()


def _evaluate_few(
    *, enterprises: Any, versions: Sequence[PolicyRule], as_of: dt.date
) -> tuple[BatchOutcome, int]:
    """A few enterprises: the engine's evaluate per (policy, enterprise), no frame to build."""
    outcome = BatchOutcome(pairs=pl.DataFrame(schema=PAIR_SCHEMA))
    rows: list[dict[str, Any]] = []
    profiles = [profile_of(enterprise=e) for e in enterprises]
    for version in versions:
        for profile in profiles:
            explained = evaluate(version.rule, profile, as_of=as_of)
            result = explained.truth.outcome
            outcome.counts[result] += 1
            if result == INELIGIBLE:
                continue
            fields = missing_fields(explained) if result == NEEDS_DATA else []
            rows.append(
                {
                    "policy_id": version.policy_id,
                    "rule_id": version.pk,
                    "enterprise_id": profile["enterprise_id"],
                    "outcome": result,
                    "missing_fields": _json(fields),
                }
            )
    if rows:
        outcome.pairs = pl.DataFrame(rows, schema=PAIR_SCHEMA)
    return outcome, len(profiles)


def _json(fields: list[str]) -> str:
    import json

    return json.dumps(fields)


def _push(run: MatchRun) -> int:
    try:
        from qstrong.policies.pushing import pushes_send_for_run
    except ImportError:  # pushing not installed yet: matches stay stored, nothing is sent
        return 0
    return int(pushes_send_for_run(run=run))


def match_enterprise(*, enterprise_id: int, as_of: dt.date | None = None) -> MatchRun:
    """Re-match one enterprise against every policy in force (after an edit; ≤ 50 ms)."""
    return match_run(as_of=as_of, enterprise_ids=[enterprise_id])
