"""Every write of the food-safety routine: enrolment, risk list, the four records, issues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict

from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record
from qstrong.foodsafety import permissions
from qstrong.foodsafety.files import (
    EVIDENCE_MAX_BYTES,
    EVIDENCE_TYPES,
    REPORT_MAX_BYTES,
    REPORT_TYPES,
    check_upload,
)
from qstrong.foodsafety.models import (
    AnnualReport,
    DailyCheck,
    Enrolment,
    Issue,
    IssueEvent,
    MonthlyMeeting,
    RiskItem,
    RoutineComment,
    WeeklyReport,
)
from qstrong.registry.models import Enterprise

DEFAULT_FIX_DAYS = 7


class CheckResult(BaseModel):
    """One line of a daily check's stored results (DailyCheck.results)."""

    model_config = ConfigDict(strict=True, extra="forbid")
    risk_item: int
    risk_point: str
    passed: bool


@dataclass(frozen=True)
class IssueLine:
    """A problem written down while filling a record."""

    description: str
    deadline: dt.date | None = None
    risk_item: RiskItem | None = None


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _active_enrolment(enterprise: Enterprise) -> Enrolment:
    enrolment = Enrolment.objects.filter(enterprise=enterprise, archived_at__isnull=True).first()
    if enrolment is None:
        raise ValidationError(_("该企业未纳入食品安全日管控。"))
    return enrolment


def _not_future(day: dt.date, today: dt.date, field: str) -> None:
    if day > today:
        raise ValidationError({field: _("日期不能晚于今天（%(today)s）。") % {"today": today}})


def _audit(actor: Any, obj: Any, kind: str, changes: dict[str, Any] | None = None) -> None:
    audit_record(
        actor=actor,
        action=kind,
        object_type=f"foodsafety.{type(obj).__name__.lower()}",
        object_id=str(obj.pk),
        object_repr=str(obj),
        changes=changes or {},
    )


# --- enrolment and staff ----------------------------------------------------------------------


def enrolment_create(
    *,
    enterprise: Enterprise,
    actor: Any,
    enrolled_on: dt.date | None = None,
    main_responsible: str = "",
    director: str = "",
    officer: str = "",
    note: str = "",
    source_note: str = "",
    today: dt.date | None = None,
) -> Enrolment:
    """Take an enterprise into the routine (or back into it, keeping its records)."""
    _require(permissions.can_enrol(actor, enterprise))
    day = enrolled_on or _today(today)
    _not_future(day, _today(today), "enrolled_on")
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().filter(enterprise=enterprise).first()
        if enrolment is not None and enrolment.archived_at is None:
            raise ValidationError(_("该企业已纳入食品安全日管控。"))
        enrolment = enrolment or Enrolment(enterprise=enterprise, created_by=actor)
        enrolment.archived_at = None
        enrolment.enrolled_on = day
        enrolment.main_responsible, enrolment.director, enrolment.officer = (
            main_responsible.strip(),
            director.strip(),
            officer.strip(),
        )
        enrolment.note, enrolment.source_note = note.strip(), source_note
        enrolment.updated_by = actor
        enrolment.full_clean()
        enrolment.save()
        _audit(actor, enrolment, AuditEvent.Action.CREATE, {"enrolled_on": str(day)})
    return enrolment


def enrolment_end(*, enrolment: Enrolment, actor: Any) -> Enrolment:
    """Take the enterprise out of the routine; its records stay as evidence."""
    _require(permissions.can_enrol(actor, enrolment.enterprise))
    with transaction.atomic():
        enrolment.archived_at = timezone.now()
        enrolment.updated_by = actor
        enrolment.save(update_fields=["archived_at", "updated_by", "updated_at"])
        _audit(actor, enrolment, AuditEvent.Action.ARCHIVE)
    return enrolment


def enrolment_staff_update(
    *, enrolment: Enrolment, actor: Any, main_responsible: str, director: str, officer: str
) -> Enrolment:
    _require(permissions.can_edit_staff(actor, enrolment.enterprise))
    new = {
        "main_responsible": main_responsible.strip(),
        "director": director.strip(),
        "officer": officer.strip(),
    }
    changes = {
        key: [getattr(enrolment, key), value]
        for key, value in new.items()
        if getattr(enrolment, key) != value
    }
    if not changes:
        return enrolment
    with transaction.atomic():
        for key, value in new.items():
            setattr(enrolment, key, value)
        enrolment.updated_by = actor
        enrolment.full_clean()
        enrolment.save()
        _audit(actor, enrolment, AuditEvent.Action.UPDATE, changes)
    return enrolment


# --- the risk-control list ---------------------------------------------------------------------

RISK_FIELDS = ("risk_point", "control_measure", "frequency", "responsible", "position")


def risk_item_add(
    *,
    enterprise: Enterprise,
    actor: Any,
    risk_point: str,
    control_measure: str,
    frequency: str = RiskItem.Frequency.DAILY,
    responsible: str = "",
    position: int | None = None,
) -> RiskItem:
    _require(permissions.can_fill_records(actor, enterprise))
    _active_enrolment(enterprise)
    if position is None:
        position = (
            RiskItem.objects.filter(enterprise=enterprise).order_by("-position").first()
            or RiskItem(position=0)
        ).position + 1
    item = RiskItem(
        enterprise=enterprise,
        risk_point=risk_point.strip(),
        control_measure=control_measure.strip(),
        frequency=frequency,
        responsible=responsible.strip(),
        position=position,
        created_by=actor,
        updated_by=actor,
    )
    with transaction.atomic():
        item.full_clean()
        item.save()
        _audit(actor, item, AuditEvent.Action.CREATE, {f: getattr(item, f) for f in RISK_FIELDS})
    return item


def risk_item_update(*, item: RiskItem, actor: Any, **fields: Any) -> RiskItem:
    """Change a line of the list; the audit trail keeps each version's values."""
    _require(permissions.can_fill_records(actor, item.enterprise))
    unknown = set(fields) - set(RISK_FIELDS)
    if unknown:
        raise ValueError(f"unknown risk item fields: {sorted(unknown)}")
    clean = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    changes = {k: [getattr(item, k), v] for k, v in clean.items() if getattr(item, k) != v}
    if not changes:
        return item
    with transaction.atomic():
        for key, value in clean.items():
            setattr(item, key, value)
        item.updated_by = actor
        item.full_clean()
        item.save()
        _audit(actor, item, AuditEvent.Action.UPDATE, changes)
    return item


def risk_item_archive(*, item: RiskItem, actor: Any) -> RiskItem:
    _require(permissions.can_fill_records(actor, item.enterprise))
    with transaction.atomic():
        item.archived_at = timezone.now()
        item.updated_by = actor
        item.save(update_fields=["archived_at", "updated_by", "updated_at"])
        _audit(actor, item, AuditEvent.Action.ARCHIVE)
    return item


# --- records ------------------------------------------------------------------------------------


def _raise_issues(
    *,
    enterprise: Enterprise,
    actor: Any,
    lines: Sequence[IssueLine],
    source: str,
    found_on: dt.date,
    record_field: str,
    record: Any,
) -> list[Issue]:
    issues = []
    for number, line in enumerate(lines, start=1):
        deadline = line.deadline or found_on + dt.timedelta(days=DEFAULT_FIX_DAYS)
        if deadline < found_on:
            raise ValidationError(
                {"issues": _("第 %(n)s 个问题：整改期限不能早于发现日期。") % {"n": number}}
            )
        if not line.description.strip():
            message = _("第 %(n)s 个问题：请填写问题描述。") % {"n": number}
            raise ValidationError({"issues": message})
        issue = Issue(
            enterprise=enterprise,
            source=source,
            risk_point=line.risk_item.risk_point if line.risk_item else "",
            description=line.description.strip(),
            found_on=found_on,
            deadline=deadline,
            created_by=actor,
            updated_by=actor,
            **{record_field: record},
        )
        issue.full_clean()
        issue.save()
        IssueEvent.objects.create(
            issue=issue,
            actor=actor,
            kind=IssueEvent.Kind.FOUND,
            comment=issue.description,
            data={"deadline": str(deadline), "risk_point": issue.risk_point},
        )
        issues.append(issue)
    return issues


def _save_unique(obj: Any, message: str, field: str) -> None:
    """Save a record that exists once per period; a duplicate is the user's error, not a 500."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError({field: message}) from exc


def daily_check_record(
    *,
    enterprise: Enterprise,
    actor: Any,
    date: dt.date,
    checker: str,
    issues: Sequence[IssueLine] = (),
    note: str = "",
    today: dt.date | None = None,
) -> DailyCheck:
    """日管控: the day's check against the daily (and per-batch) items of the risk list."""
    _require(permissions.can_fill_records(actor, enterprise))
    _active_enrolment(enterprise)
    _not_future(date, _today(today), "date")
    duplicate = _("%(date)s 已有检查记录，每天只记录一次。") % {"date": date}
    if DailyCheck.objects.filter(enterprise=enterprise, date=date).exists():
        raise ValidationError({"date": duplicate})
    failed = {line.risk_item.pk for line in issues if line.risk_item is not None}
    items = list(RiskItem.objects.filter(enterprise=enterprise, archived_at__isnull=True))
    results = [
        CheckResult(risk_item=i.pk, risk_point=i.risk_point, passed=i.pk not in failed).model_dump()
        for i in items
        if i.checked_daily or i.pk in failed
    ]
    check = DailyCheck(
        enterprise=enterprise,
        date=date,
        checker=checker.strip(),
        no_issue=not issues,
        results=results,
        note=note.strip(),
        created_by=actor,
        updated_by=actor,
    )
    with transaction.atomic():
        check.full_clean(validate_constraints=False)
        _save_unique(check, duplicate, "date")
        _raise_issues(
            enterprise=enterprise,
            actor=actor,
            lines=issues,
            source=Issue.Source.DAILY,
            found_on=date,
            record_field="daily_check",
            record=check,
        )
        _audit(actor, check, AuditEvent.Action.CREATE, {"no_issue": check.no_issue})
    return check


def weekly_report_record(
    *,
    enterprise: Enterprise,
    actor: Any,
    iso_year: int,
    iso_week: int,
    reporter: str,
    conclusion: str,
    hazards: str = "",
    measures: str = "",
    issues: Sequence[IssueLine] = (),
    today: dt.date | None = None,
) -> WeeklyReport:
    """周排查: the director's report for one ISO week (written during or after that week)."""
    _require(permissions.can_fill_records(actor, enterprise))
    _active_enrolment(enterprise)
    now = _today(today)
    monday = dt.date.fromisocalendar(iso_year, iso_week, 1)
    if monday > now:
        raise ValidationError({"week": _("不能填写尚未开始的周。")})
    label = f"{iso_year}-W{iso_week:02d}"
    duplicate = _("%(week)s 已有排查报告，每周只报告一次。") % {"week": label}
    if WeeklyReport.objects.filter(
        enterprise=enterprise, iso_year=iso_year, iso_week=iso_week
    ).exists():
        raise ValidationError({"week": duplicate})
    report = WeeklyReport(
        enterprise=enterprise,
        iso_year=iso_year,
        iso_week=iso_week,
        reporter=reporter.strip(),
        hazards=hazards.strip(),
        measures=measures.strip(),
        conclusion=conclusion.strip(),
        created_by=actor,
        updated_by=actor,
    )
    with transaction.atomic():
        report.full_clean(validate_constraints=False)
        _save_unique(report, duplicate, "week")
        _raise_issues(
            enterprise=enterprise,
            actor=actor,
            lines=issues,
            source=Issue.Source.WEEKLY,
            found_on=min(now, monday + dt.timedelta(days=6)),
            record_field="weekly_report",
            record=report,
        )
        _audit(actor, report, AuditEvent.Action.CREATE, {"week": label})
    return report


def monthly_meeting_record(
    *,
    enterprise: Enterprise,
    actor: Any,
    month: dt.date,
    held_on: dt.date,
    chair: str,
    attendees: str,
    minutes: str,
    decisions: str = "",
    issues: Sequence[IssueLine] = (),
    today: dt.date | None = None,
) -> MonthlyMeeting:
    """月调度: the minutes of the month's scheduling meeting."""
    _require(permissions.can_fill_records(actor, enterprise))
    _active_enrolment(enterprise)
    now = _today(today)
    month = month.replace(day=1)
    if month > now:
        raise ValidationError({"month": _("不能填写尚未开始的月份。")})
    _not_future(held_on, now, "held_on")
    if (held_on.year, held_on.month) != (month.year, month.month):
        raise ValidationError({"held_on": _("会议日期应在所填月份之内。")})
    duplicate = _("%(month)s 已有调度会议纪要，每月只记录一次。") % {"month": f"{month:%Y-%m}"}
    if MonthlyMeeting.objects.filter(enterprise=enterprise, month=month).exists():
        raise ValidationError({"month": duplicate})
    meeting = MonthlyMeeting(
        enterprise=enterprise,
        month=month,
        held_on=held_on,
        chair=chair.strip(),
        attendees=attendees.strip(),
        minutes=minutes.strip(),
        decisions=decisions.strip(),
        created_by=actor,
        updated_by=actor,
    )
    with transaction.atomic():
        meeting.full_clean(validate_constraints=False)
        _save_unique(meeting, duplicate, "month")
        _raise_issues(
            enterprise=enterprise,
            actor=actor,
            lines=issues,
            source=Issue.Source.MONTHLY,
            found_on=held_on,
            record_field="monthly_meeting",
            record=meeting,
        )
        _audit(actor, meeting, AuditEvent.Action.CREATE, {"month": f"{month:%Y-%m}"})
    return meeting


def annual_report_record(
    *,
    enterprise: Enterprise,
    actor: Any,
    year: int,
    text: str = "",
    upload: Any = None,
    today: dt.date | None = None,
) -> AnnualReport:
    """年报告: the year's report, as text, as a file (PDF or Word), or both."""
    _require(permissions.can_fill_records(actor, enterprise))
    _active_enrolment(enterprise)
    now = _today(today)
    if year > now.year:
        raise ValidationError({"year": _("不能填写未来年度的报告。")})
    if year < 2000:
        raise ValidationError({"year": _("年度不正确。")})
    if not text.strip() and upload is None:
        raise ValidationError({"text": _("请填写报告内容或上传报告文件。")})
    duplicate = _("%(year)s 年度报告已提交。") % {"year": year}
    if AnnualReport.objects.filter(enterprise=enterprise, year=year).exists():
        raise ValidationError({"year": duplicate})
    report = AnnualReport(
        enterprise=enterprise, year=year, text=text.strip(), created_by=actor, updated_by=actor
    )
    if upload is not None:
        report.file_name = check_upload(
            upload, field="file", allowed=REPORT_TYPES, max_bytes=REPORT_MAX_BYTES
        )
    with transaction.atomic():
        report.full_clean(exclude=["file"], validate_constraints=False)
        if upload is not None:
            report.file.save(report.file_name, upload, save=False)
        _save_unique(report, duplicate, "year")
        _audit(actor, report, AuditEvent.Action.CREATE, {"year": year, "file": report.file_name})
    return report


# --- issues -------------------------------------------------------------------------------------


def issue_fix(
    *,
    issue: Issue,
    actor: Any,
    note: str,
    evidence: Any = None,
    fixed_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Issue:
    """The enterprise reports the fix: what was done, when, with a photo or document."""
    _require(permissions.can_fill_records(actor, issue.enterprise))
    now = _today(today)
    day = fixed_on or now
    if issue.state != Issue.State.TO_FIX:
        raise ValidationError(_("该问题已整改，不能重复提交。"))
    if not note.strip():
        raise ValidationError({"note": _("请填写整改说明。")})
    _not_future(day, now, "fixed_on")
    if day < issue.found_on:
        raise ValidationError({"fixed_on": _("整改完成日期不能早于发现日期。")})
    event = IssueEvent(
        issue=issue,
        actor=actor,
        kind=IssueEvent.Kind.FIXED,
        comment=note.strip(),
        data={"fixed_on": str(day), "late": day > issue.deadline},
    )
    if evidence is not None:
        event.evidence_name = check_upload(
            evidence, field="evidence", allowed=EVIDENCE_TYPES, max_bytes=EVIDENCE_MAX_BYTES
        )
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked.state != Issue.State.TO_FIX:
            raise ValidationError(_("该问题已整改，不能重复提交。"))
        if evidence is not None:
            event.evidence.save(event.evidence_name, evidence, save=False)
        event.save()
        issue.state, issue.fixed_on, issue.updated_by = Issue.State.FIXED, day, actor
        issue.save(update_fields=["state", "fixed_on", "updated_by", "updated_at"])
    return issue


def issue_reopen(
    *, issue: Issue, actor: Any, comment: str, deadline: dt.date, today: dt.date | None = None
) -> Issue:
    """The officer finds the fix insufficient and sends it back with a new deadline."""
    _require(permissions.can_comment(actor, issue.enterprise))
    if issue.state != Issue.State.FIXED:
        raise ValidationError(_("只有已整改的问题才能退回。"))
    if not comment.strip():
        raise ValidationError({"comment": _("请说明退回理由。")})
    if deadline < _today(today):
        raise ValidationError({"deadline": _("新的整改期限不能早于今天。")})
    with transaction.atomic():
        IssueEvent.objects.create(
            issue=issue,
            actor=actor,
            kind=IssueEvent.Kind.REOPENED,
            comment=comment.strip(),
            data={"deadline": str(deadline), "previous_deadline": str(issue.deadline)},
        )
        issue.state, issue.fixed_on, issue.deadline = Issue.State.TO_FIX, None, deadline
        issue.updated_by = actor
        issue.save(update_fields=["state", "fixed_on", "deadline", "updated_by", "updated_at"])
    return issue


def issue_comment(*, issue: Issue, actor: Any, comment: str) -> IssueEvent:
    _require(permissions.can_comment(actor, issue.enterprise))
    if not comment.strip():
        raise ValidationError({"comment": _("请填写意见。")})
    return IssueEvent.objects.create(
        issue=issue, actor=actor, kind=IssueEvent.Kind.COMMENTED, comment=comment.strip()
    )


def routine_comment_add(*, enterprise: Enterprise, actor: Any, text: str) -> RoutineComment:
    """An officer's remark on the enterprise's routine as a whole."""
    _require(permissions.can_comment(actor, enterprise))
    if not text.strip():
        raise ValidationError({"text": _("请填写意见。")})
    comment = RoutineComment(enterprise=enterprise, author=actor, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment
