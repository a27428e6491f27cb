"""Pushes: one digest per enterprise per run, and each push's way from sent to a decision."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from qstrong.accounts.jurisdiction import OFFICER_ROLES, jurisdiction_of
from qstrong.accounts.models import Role
from qstrong.accounts.permissions import is_admin
from qstrong.policies.models import (
    Delivery,
    MatchResult,
    MatchRun,
    Outcome,
    Policy,
    PolicyEvent,
    Push,
    PushDigest,
    PushEvent,
)
from qstrong.policies.pushing_bulk import send_bulk
from qstrong.policies.tallies import tallies_mark_stale
from qstrong.registry.models import Enterprise
from qstrong.registry.selectors import region_within_prefix

logger = logging.getLogger(__name__)

BATCH = 5000

State = Push.State
FINAL_STATES = frozenset({State.GRANTED, State.DECLINED})
# Where each transition may start from.
CLAIMABLE_FROM = frozenset({State.SENT, State.READ})
DECIDABLE_FROM = frozenset({State.CLAIMED, State.APPLIED})
# 免申即享 / 快申快享 are claimed; 普通申报 is applied for.
CLAIM_DELIVERIES = frozenset({Delivery.AUTOMATIC, Delivery.FAST})


# Who may do what ------------------------------------------------------------------------------


def is_enterprise_user_of(user: Any, enterprise_id: int) -> bool:
    """The enterprise's own user (role enterprise_user, organisation bound to it)."""
    if not getattr(user, "is_authenticated", False):
        return False
    jurisdiction = jurisdiction_of(user)
    return jurisdiction.enterprise_id is not None and jurisdiction.enterprise_id == enterprise_id


def can_decide_push(user: Any, push: Push) -> bool:
    """Officers (province, city, county) whose jurisdiction covers the enterprise, and admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    jurisdiction = jurisdiction_of(user)
    if not jurisdiction.can_write or jurisdiction.enterprise_id is not None:
        return False
    if not (is_admin(user) or getattr(user, "role", "") in OFFICER_ROLES):
        return False
    return jurisdiction.covers_region(push.enterprise.region_id)


def can_confirm_grants(user: Any) -> bool:
    """免申即享 confirmation is the provincial planner's (or an administrator's) decision."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_admin(user) or (
        getattr(user, "role", "") == Role.PROVINCE_PLANNER and jurisdiction_of(user).can_write
    )


# Sending after a run --------------------------------------------------------------------------


def open_on(day: dt.date) -> Q:
    """Policies still open for application on `day` (no deadline, or the deadline not passed)."""
    return Q(policy__claim_deadline__isnull=True) | Q(policy__claim_deadline__gte=day)


def _new_eligible(run: MatchRun, *, today: dt.date) -> QuerySet[MatchResult]:
    """Eligible pairs in the run's scope that were never pushed (needs-data pairs never are).

    A policy past its application deadline is not pushed: the enterprise could not claim it.
    """
    qs = MatchResult.objects.filter(
        open_on(today),
        outcome=Outcome.ELIGIBLE,
        policy__state=Policy.State.PUBLISHED,
        policy__archived_at__isnull=True,
        enterprise__archived_at__isnull=True,
    )
    if run.scope == MatchRun.Scope.POLICY and run.policy_id is not None:
        qs = qs.filter(policy_id=run.policy_id)
    elif run.scope == MatchRun.Scope.ENTERPRISE and run.enterprise_id is not None:
        qs = qs.filter(enterprise_id=run.enterprise_id)
    pushed = Push.objects.filter(
        policy_id=OuterRef("policy_id"), enterprise_id=OuterRef("enterprise_id")
    )
    return qs.exclude(Exists(pushed))


def pushes_send_for_run(*, run: MatchRun, today: dt.date | None = None) -> int:
    """Push every eligible pair new since the last push: one digest per enterprise, one Push each.

    `today` (the sending day; default the local date) decides which policies are still open.

    Returns the number of pushes created. Emails go out after the rows are committed, so a mail
    server that is down never loses a push; a digest whose email failed keeps emailed_at empty.
    The rows are written in bulk (pushing_bulk): a full run over a million enterprises pushes
    in seconds.
    """
    eligible = _new_eligible(run, today=today or timezone.localdate())
    with transaction.atomic():
        created, policy_ids = send_bulk(run=run, eligible=eligible)
        if not created:
            return 0
        tallies_mark_stale(policy_ids=policy_ids)
        MatchRun.objects.filter(pk=run.pk).update(pushes_count=created)
    run.pushes_count = created
    _email_digests(list(PushDigest.objects.filter(run=run).exclude(email_to="").order_by("pk")))
    return created


def _email_digests(digests: list[PushDigest]) -> None:
    if not digests:
        return
    sent_ids: list[int] = []
    try:
        with get_connection() as connection:
            for digest in digests:
                message = EmailMessage(
                    subject=digest.subject,
                    body=digest.body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[a.strip() for a in digest.email_to.split(",") if a.strip()],
                    connection=connection,
                )
                try:
                    message.send()
                except Exception:  # one bad address must not stop the others
                    logger.exception("push digest %s: email failed", digest.pk)
                    continue
                sent_ids.append(digest.pk)
    except Exception:
        logger.exception("push digests: mail connection failed")
    if sent_ids:
        now = timezone.now()
        for start in range(0, len(sent_ids), BATCH):
            PushDigest.objects.filter(pk__in=sent_ids[start : start + BATCH]).update(emailed_at=now)


def _events_bulk(
    pushes: list[Push], *, from_state: str, to_state: str, actor: Any, at: Any, comment: str = ""
) -> None:
    PushEvent.objects.bulk_create(
        [
            PushEvent(
                push=push,
                at=at,
                actor=actor if getattr(actor, "pk", None) else None,
                from_state=from_state,
                to_state=to_state,
                comment=comment[:500],
            )
            for push in pushes
        ],
        batch_size=BATCH,
    )


# Transitions ----------------------------------------------------------------------------------


def _move(*, push: Push, actor: Any, to_state: str, comment: str = "", **stamps: Any) -> Push:
    from_state = push.state
    push.state = to_state
    for name, value in stamps.items():
        setattr(push, name, value)
    push.updated_by = actor if getattr(actor, "pk", None) else None
    push.full_clean()
    push.save()
    tallies_mark_stale(policy_ids=[push.policy_id])
    PushEvent.objects.create(
        push=push,
        actor=push.updated_by,
        from_state=from_state,
        to_state=to_state,
        comment=comment[:500],
    )
    return push


def _illegal(push: Push, to_state: str) -> ValidationError:
    return ValidationError(
        _("“%(policy)s”当前状态为“%(state)s”，不能变更为“%(target)s”。")
        % {
            "policy": push.policy.title,
            "state": push.get_state_display(),
            "target": State(to_state).label,
        },
        code="illegal_transition",
    )


def _locked(push: Push) -> Push:
    return Push.objects.select_for_update().select_related("policy", "enterprise").get(pk=push.pk)


def push_read(*, push: Push, actor: Any) -> Push:
    """The enterprise opened the push: sent → read. Opening it again changes nothing."""
    if not is_enterprise_user_of(actor, push.enterprise_id):
        raise PermissionDenied
    with transaction.atomic():
        push = _locked(push)
        now = timezone.now()
        if push.digest_id is not None:
            PushDigest.objects.filter(pk=push.digest_id, read_at__isnull=True).update(read_at=now)
        if push.state != State.SENT:
            return push
        return _move(push=push, actor=actor, to_state=State.READ, read_at=now)


def digest_read(*, digest: PushDigest, actor: Any) -> PushDigest:
    """The enterprise opened a digest in its inbox."""
    if not is_enterprise_user_of(actor, digest.enterprise_id):
        raise PermissionDenied
    if digest.read_at is None:
        digest.read_at = timezone.now()
        digest.save(update_fields=["read_at", "updated_at"])
    return digest


def _enterprise_step(
    *,
    push: Push,
    actor: Any,
    to_state: str,
    deliveries: frozenset[str],
    comment: str,
    today: dt.date | None,
) -> Push:
    if not is_enterprise_user_of(actor, push.enterprise_id):
        raise PermissionDenied
    with transaction.atomic():
        push = _locked(push)
        if push.policy.is_closed_on(today or timezone.localdate()):
            assert push.policy.claim_deadline is not None
            raise ValidationError(
                _("“%(policy)s”的申兑已于 %(deadline)s 截止，不能再%(action)s。")
                % {
                    "policy": push.policy.title,
                    "deadline": push.policy.claim_deadline.isoformat(),
                    "action": _("认领") if to_state == State.CLAIMED else _("申报"),
                },
                code="closed",
            )
        if push.policy.delivery not in deliveries:
            raise ValidationError(
                _("“%(policy)s”的兑现方式为“%(delivery)s”，不能%(action)s。")
                % {
                    "policy": push.policy.title,
                    "delivery": push.policy.get_delivery_display(),
                    "action": _("认领") if to_state == State.CLAIMED else _("申报"),
                },
                code="wrong_delivery",
            )
        if push.state not in CLAIMABLE_FROM:
            raise _illegal(push, to_state)
        now = timezone.now()
        return _move(
            push=push,
            actor=actor,
            to_state=to_state,
            comment=comment,
            read_at=push.read_at or now,
            claimed_at=now,
        )


def push_claim(*, push: Push, actor: Any, comment: str = "", today: dt.date | None = None) -> Push:
    """The enterprise claims a 免申即享 / 快申快享 policy: sent or read → claimed."""
    return _enterprise_step(
        push=push,
        actor=actor,
        to_state=State.CLAIMED,
        deliveries=CLAIM_DELIVERIES,
        comment=comment,
        today=today,
    )


def push_apply(*, push: Push, actor: Any, comment: str = "", today: dt.date | None = None) -> Push:
    """The enterprise applies for an ordinary-application policy: sent or read → applied."""
    return _enterprise_step(
        push=push,
        actor=actor,
        to_state=State.APPLIED,
        deliveries=frozenset({Delivery.APPLICATION}),
        comment=comment,
        today=today,
    )


def _officer_step(*, push: Push, actor: Any, to_state: str, comment: str) -> Push:
    if not can_decide_push(actor, push):
        raise PermissionDenied
    with transaction.atomic():
        push = _locked(push)
        if push.state not in DECIDABLE_FROM:
            raise _illegal(push, to_state)
        return _move(
            push=push, actor=actor, to_state=to_state, comment=comment, decided_at=timezone.now()
        )


def push_grant(*, push: Push, actor: Any, comment: str = "") -> Push:
    """An officer grants a claimed or applied push: → granted."""
    return _officer_step(push=push, actor=actor, to_state=State.GRANTED, comment=comment)


def push_decline(*, push: Push, actor: Any, comment: str) -> Push:
    """An officer declines a claimed or applied push, saying why: → declined."""
    if not comment.strip():
        raise ValidationError({"comment": [_("请填写未获批的原因。")]}, code="required")
    return _officer_step(push=push, actor=actor, to_state=State.DECLINED, comment=comment.strip())


# 免申即享 ------------------------------------------------------------------------------------


def grants_confirm(*, policy: Policy, actor: Any, comment: str = "") -> int:
    """One confirmation grants a 免申即享 policy to every eligible enterprise.

    Pushes are created where missing (an enterprise found before pushing started, or one whose
    push failed); every push not yet decided becomes granted. Returns how many were granted.
    """
    if not can_confirm_grants(actor):
        raise PermissionDenied
    if policy.delivery != Delivery.AUTOMATIC:
        raise ValidationError(_("只有“免申即享”政策可以一次确认全部兑现。"), code="not_automatic")
    if policy.state != Policy.State.PUBLISHED:
        raise ValidationError(_("政策尚未发布或已撤回，不能确认兑现。"), code="not_published")
    now = timezone.now()
    with transaction.atomic():
        eligible = MatchResult.objects.filter(
            policy=policy, outcome=Outcome.ELIGIBLE, enterprise__archived_at__isnull=True
        )
        existing = set(Push.objects.filter(policy=policy).values_list("enterprise_id", flat=True))
        created = Push.objects.bulk_create(
            [
                Push(
                    policy=policy,
                    enterprise_id=enterprise_id,
                    rule_id=rule_id,
                    region=region,
                    state=State.SENT,
                    sent_at=now,
                    created_by=actor,
                )
                for enterprise_id, rule_id, region in eligible.values_list(
                    "enterprise_id", "rule_id", "enterprise__region_id"
                )
                if enterprise_id not in existing
            ],
            batch_size=BATCH,
        )
        _events_bulk(created, from_state="", to_state=State.SENT, actor=actor, at=now)
        open_pushes = list(
            Push.objects.select_for_update()
            .filter(policy=policy, enterprise__in=eligible.values("enterprise_id"))
            .exclude(state__in=FINAL_STATES)
        )
        by_state: dict[str, list[Push]] = defaultdict(list)
        for push in open_pushes:
            by_state[push.state].append(push)
        Push.objects.filter(pk__in=[p.pk for p in open_pushes]).update(
            state=State.GRANTED, decided_at=now, updated_by=actor, updated_at=now
        )
        for from_state, group in by_state.items():
            _events_bulk(
                group,
                from_state=from_state,
                to_state=State.GRANTED,
                actor=actor,
                at=now,
                comment=comment or _("免申即享：省局统一确认兑现"),
            )
        tallies_mark_stale(policy_ids=[policy.pk])
        PolicyEvent.objects.create(
            policy=policy,
            actor=actor,
            kind=PolicyEvent.Kind.GRANT_CONFIRMED,
            data={"granted": len(open_pushes), "pushes_created": len(created)},
            comment=comment[:500],
        )
    return len(open_pushes)


def push_regions_follow(*, enterprise_id: int | None = None) -> int:
    """Pushes take their enterprise's current region (the copy the county list reads, ADR 0019):
    one enterprise's after an edit, every moved enterprise's after an import (one statement).
    Returns how many pushes changed."""
    if enterprise_id is not None:
        region = (
            Enterprise.objects.filter(pk=enterprise_id).values_list("region_id", flat=True).first()
        )
        if region is None:
            return 0
        return (
            Push.objects.filter(enterprise_id=enterprise_id)
            .exclude(region=region)
            .update(region=region)
        )
    q = connection.ops.quote_name
    push, enterprise = q(Push._meta.db_table), q(Enterprise._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {push} AS p SET region = e.region_id FROM {enterprise} AS e "
            "WHERE e.id = p.enterprise_id AND p.region <> e.region_id"
        )
        return cursor.rowcount


# Reads, scoped ---------------------------------------------------------------------------------


def pushes_visible(*, user: Any) -> QuerySet[Push]:
    """Pushes to the enterprises the user may see (an enterprise user: its own only)."""
    jurisdiction = jurisdiction_of(user)
    qs = Push.objects.filter(enterprise__archived_at__isnull=True).select_related(
        "policy", "enterprise", "enterprise__region", "digest"
    )
    if jurisdiction.enterprise_id is not None:
        return qs.filter(enterprise_id=jurisdiction.enterprise_id)
    if jurisdiction.region_prefix is None:
        return qs.none()
    prefix = jurisdiction.region_prefix
    if len(prefix) == 6:
        # A county: the push's own copy of the region reads (region, sent_at, id) in order; the
        # enterprise's region decides (a stale copy can hide a push, never show another's).
        return qs.filter(region=prefix, enterprise__region_id=prefix)
    if prefix:
        qs = qs.filter(region__startswith=prefix, enterprise__region__code__startswith=prefix)
    return qs


def push_search(
    *, user: Any, state: str = "", policy: str = "", region: str = "", q: str = ""
) -> QuerySet[Push]:
    """The officers' push list: by state, policy code and region (a city or county code)."""
    qs = pushes_visible(user=user)
    if state:
        qs = qs.filter(state=state)
    if policy:
        qs = qs.filter(policy__code=policy)
    if region:
        within = region_within_prefix(region)
        qs = qs.filter(region__startswith=within, enterprise__region__code__startswith=within)
    if q.strip():
        qs = qs.filter(enterprise__name__icontains=q.strip())
    # Newest first; pushes sent together (one run) in the order they were made. An order by
    # enterprise name would sort every push of a run on each view (docs/performance.md).
    return qs.order_by("-sent_at", "-pk")


def push_detail(*, user: Any, pk: int) -> Push:
    """One push in the user's scope; Push.DoesNotExist (→ 404) outside it."""
    return pushes_visible(user=user).get(pk=pk)


def pushes_for_enterprise(*, enterprise: Enterprise) -> QuerySet[Push]:
    """An enterprise's pushes, newest first, with what the portal and officer pages show."""
    return (
        Push.objects.filter(enterprise=enterprise)
        .select_related("policy", "digest")
        .order_by("-sent_at", "policy__code")
    )


def push_events(*, push: Push) -> QuerySet[PushEvent]:
    return push.events.select_related("actor").order_by("at", "id")


__all__ = [
    "can_confirm_grants",
    "can_decide_push",
    "digest_read",
    "grants_confirm",
    "is_enterprise_user_of",
    "open_on",
    "push_apply",
    "push_claim",
    "push_decline",
    "push_detail",
    "push_events",
    "push_grant",
    "push_read",
    "push_search",
    "pushes_for_enterprise",
    "pushes_send_for_run",
    "pushes_visible",
]
