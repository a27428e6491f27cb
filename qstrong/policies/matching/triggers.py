"""When to re-match: a rule or policy change (that policy, in the background), an enterprise
edit (that enterprise, at once), a bulk import (one full run, in the background)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction

from qstrong.core.models import Job
from qstrong.core.services import job_create
from qstrong.policies.models import Policy

logger = logging.getLogger(__name__)


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _any_published() -> bool:
    return Policy.objects.filter(state=Policy.State.PUBLISHED, archived_at__isnull=True).exists()


def match_run_start(
    *,
    as_of: dt.date | None = None,
    policy: Policy | None = None,
    actor: Any = None,
    push: bool = True,
) -> Job:
    """Queue a run for a worker after the commit; the job carries its progress for the page."""
    from qstrong.policies.tasks import match_run_task

    title = f"政策匹配：{policy.code}" if policy is not None else "政策匹配：全部政策"
    as_of_text = as_of.isoformat() if as_of else None
    policy_id = policy.pk if policy is not None else None
    params = {"as_of": as_of_text, "policy_id": policy_id, "push": push}
    job = job_create(kind="match", title=title, params=params, actor=actor)
    actor_id = getattr(_user(actor), "pk", None)

    def enqueue() -> None:
        result = match_run_task.enqueue(
            job_id=str(job.pk), actor_id=actor_id, as_of=as_of_text, policy_id=policy_id, push=push
        )
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


def policy_rematch_later(*, policy: Policy, actor: Any) -> None:
    """A published policy's rule or validity changed: re-match that policy alone."""
    transaction.on_commit(lambda: _start_policy_run(policy.pk, actor))


def _start_policy_run(policy_id: int, actor: Any) -> None:
    policy = Policy.objects.filter(pk=policy_id, state=Policy.State.PUBLISHED).first()
    if policy is not None:
        match_run_start(policy=policy, actor=actor)


def enterprise_rematch_after_commit(*, enterprise_id: int) -> None:
    """An enterprise's record or memberships changed: re-match it once the change is committed.

    Runs inline (tens of milliseconds); a failure is logged and never undoes the registry edit.
    """

    def rematch() -> None:
        if not _any_published():
            return
        from qstrong.policies.matching.runs import match_enterprise

        try:
            match_enterprise(enterprise_id=enterprise_id)
        except Exception:
            logger.exception("re-matching enterprise %s failed", enterprise_id)

    transaction.on_commit(rematch)


def full_run_after_commit(*, actor: Any = None) -> None:
    """A bulk import changed many enterprises: one full run after the commit, not one per row."""

    def start() -> None:
        if _any_published():
            match_run_start(actor=actor)

    transaction.on_commit(start)
