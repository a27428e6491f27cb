"""The quality API (django-ninja router at /api/quality/): reads via selectors, writes via services.

A refusal answers 403 and a transition that does not apply now 409, each naming the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from qstrong.accounts.models import Organisation
from qstrong.core.apitypes import PathId, QueryYear
from qstrong.quality import selectors, services
from qstrong.quality.models import (
    ZERO,
    KeyProject,
    Problem,
    ProblemEvent,
    Programme,
    QualityLoss,
)
from qstrong.quality.permissions import can_record_for_region
from qstrong.quality.schemas import (
    ActionIn,
    EventOut,
    KeyProjectIn,
    KeyProjectOut,
    LedgerOut,
    LossIn,
    LossOut,
    MilestoneIn,
    ProblemCommentIn,
    ProblemDetail,
    ProblemIn,
    ProblemPage,
    ProblemQuery,
    ProblemTransitionIn,
    ProgrammeEnrolmentIn,
    ProgrammeIn,
    ProgrammeOut,
    ProjectIndicatorIn,
)
from qstrong.quality.statemachine import TransitionInvalid, TransitionRefused, transitions_available
from qstrong.registry.models import Chain, Enterprise, Region, Segment, Town
from qstrong.registry.selectors import enterprises_visible

router = Router(tags=["quality"])


def refusals(run: Callable[..., Any]) -> Callable[..., Any]:
    """A refusal is 403 naming who may; a transition that does not apply now is 409."""

    @wraps(run)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return run(*args, **kwargs)
        except TransitionRefused as exc:
            raise HttpError(403, exc.message) from exc
        except TransitionInvalid as exc:
            raise HttpError(409, exc.message) from exc

    return wrapper


def _code_name(code: str, name: str) -> dict[str, str]:
    return {"code": code, "name": name}


def _row(p: Problem) -> dict[str, Any]:
    return {
        "id": p.pk,
        "title": p.title,
        "chain": _code_name(p.chain.code, p.chain.name),
        "segment": p.segment.name if p.segment else None,
        "grade": p.grade,
        "grade_label": p.get_grade_display(),
        "handling_level": p.handling_level,
        "klass": p.klass,
        "klass_label": p.get_klass_display(),
        "state": p.state,
        "state_label": p.get_state_display(),
        "region": _code_name(p.region_id, p.region.name),
        "registered_at": p.registered_at,
        "closed_at": p.closed_at,
        "has_overdue_actions": bool(getattr(p, "has_overdue", False)),
        "source": p.source,
    }


def _event(e: ProblemEvent) -> dict[str, Any]:
    return {
        "id": e.pk,
        "kind": e.kind,
        "transition": e.transition,
        "from_state": e.from_state,
        "to_state": e.to_state,
        "actor": (e.actor.display_name or e.actor.username) if e.actor else None,
        "at": e.at,
        "comment": e.comment,
        "evidence_note": e.evidence_note,
        "files": [f.name for f in e.files.all()],
    }


def _detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    p = selectors.problem_detail(user=request.user, pk=pk)
    today = timezone.localdate()
    return {
        **_row(p),
        "has_overdue_actions": any(a.is_overdue(today) for a in p.actions.all()),
        "description": p.description,
        "root_cause": p.root_cause,
        "check_result": p.check_result,
        "enterprises": [_code_name(e.uscc, e.name) for e in p.enterprises.all()],
        "programme": p.programme.code if p.programme else None,
        "actions": [
            {
                "id": a.pk,
                "kind": a.kind,
                "kind_label": a.get_kind_display(),
                "description": a.description,
                "owner_bureau": a.owner_bureau.name if a.owner_bureau else None,
                "owner_enterprise": a.owner_enterprise.name if a.owner_enterprise else None,
                "owner_person": a.owner_person,
                "deadline": a.deadline,
                "done": a.done,
                "overdue": a.is_overdue(today),
            }
            for a in p.actions.all()
        ],
        "events": [_event(e) for e in p.events.all()],
        "transitions_available": [
            t.name for t in transitions_available(user=request.user, problem=p)
        ],
        "savings": sum((loss.savings for loss in p.losses.all()), ZERO),
    }


@router.get("/problems", response=ProblemPage, summary="质量问题清单：筛选、分页")
def problem_list(request: HttpRequest, query: Query[ProblemQuery]) -> dict[str, Any]:
    filters = selectors.ProblemFilters(
        **query.dict(include={"q", "chain", "grade", "klass", "state", "overdue", "programme"})
    )
    qs = selectors.problem_search(user=request.user, filters=filters)
    start = (query.page - 1) * query.page_size
    return {
        "count": qs.count(),
        "page": query.page,
        "page_size": query.page_size,
        "results": [_row(p) for p in qs[start : start + query.page_size]],
    }


@router.get(
    "/problems/{pk}", response=ProblemDetail, summary="质量问题详情（措施、办理记录、可执行操作）"
)
def problem_get(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    return _detail(request, pk)


def _lookup_enterprises(request: HttpRequest, usccs: list[str]) -> list[Enterprise]:
    found = {e.uscc: e for e in enterprises_visible(user=request.user).filter(uscc__in=usccs)}
    missing = [u for u in usccs if u.upper() not in found]
    if missing:
        raise ValidationError(
            {"enterprises": _("未找到企业：%(codes)s") % {"codes": "、".join(missing)}}
        )
    return [found[u.upper()] for u in usccs]


@router.post("/problems", response={201: ProblemDetail}, summary="登记质量问题")
@refusals
def problem_create(request: HttpRequest, payload: ProblemIn) -> Status:
    chain = Chain.objects.filter(code=payload.chain, archived_at__isnull=True).first()
    if chain is None:
        raise ValidationError({"chain": _("未找到产业链“%(code)s”。") % {"code": payload.chain}})
    segment = None
    if payload.segment:
        segment = Segment.objects.filter(chain=chain, name=payload.segment).first()
        if segment is None:
            raise ValidationError(
                {
                    "segment": _("产业链“%(chain)s”没有环节“%(segment)s”。")
                    % {"chain": chain.name, "segment": payload.segment}
                }
            )
    programme = None
    if payload.programme:
        programme = (
            selectors.programmes_visible(user=request.user).filter(code=payload.programme).first()
        )
        if programme is None:
            raise ValidationError(
                {"programme": _("未找到专项行动“%(code)s”。") % {"code": payload.programme}}
            )
    problem = services.problem_register(
        actor=request.user,
        chain=chain,
        segment=segment,
        enterprises=_lookup_enterprises(request, payload.enterprises),
        grade=payload.grade,
        klass=payload.klass,
        title=payload.title,
        description=payload.description,
        programme=programme,
    )
    return Status(201, _detail(request, problem.pk))


@router.post(
    "/problems/{pk}/transitions/{name}",
    response=ProblemDetail,
    summary="变更问题状态（表单或 multipart，可附佐证文件 evidence_files）",
)
@refusals
def problem_transition(
    request: HttpRequest,
    pk: PathId,
    name: str,
    payload: Form[ProblemTransitionIn],
    evidence_files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> dict[str, Any]:
    problem = selectors.problem_detail(user=request.user, pk=pk)
    services.problem_transition(
        problem=problem,
        actor=request.user,
        transition=name,
        comment=payload.comment,
        root_cause=payload.root_cause,
        evidence_note=payload.evidence_note,
        evidence_files=evidence_files or [],
    )
    return _detail(request, pk)


@router.post("/problems/{pk}/actions", response={201: ProblemDetail}, summary="添加整改措施")
@refusals
def problem_action_add(request: HttpRequest, pk: PathId, payload: ActionIn) -> Status:
    problem = selectors.problem_detail(user=request.user, pk=pk)
    bureau = None
    if payload.owner_bureau:
        bureau = Organisation.objects.filter(
            name=payload.owner_bureau, kind=Organisation.Kind.BUREAU
        ).first()
        if bureau is None:
            raise ValidationError(
                {"owner_bureau": _("未找到监管局“%(name)s”。") % {"name": payload.owner_bureau}}
            )
    enterprise = None
    if payload.owner_enterprise:
        enterprise = problem.enterprises.filter(uscc=payload.owner_enterprise.upper()).first()
        if enterprise is None:
            raise ValidationError({"owner_enterprise": _("责任企业须为该问题的涉及企业。")})
    services.problem_action_add(
        problem=problem,
        actor=request.user,
        kind=payload.kind,
        description=payload.description,
        owner_person=payload.owner_person,
        deadline=payload.deadline,
        owner_bureau=bureau,
        owner_enterprise=enterprise,
    )
    return Status(201, _detail(request, pk))


@router.post("/problems/{pk}/actions/{action_id}/done", response=ProblemDetail, summary="措施完成")
@refusals
def problem_action_done(request: HttpRequest, pk: PathId, action_id: PathId) -> dict[str, Any]:
    problem = selectors.problem_detail(user=request.user, pk=pk)
    action = problem.actions.filter(pk=action_id).first()
    if action is None:
        raise Http404("no such action")
    services.problem_action_complete(action=action, actor=request.user)
    return _detail(request, pk)


@router.post("/problems/{pk}/comments", response={201: EventOut}, summary="评论（企业用户可评论）")
@refusals
def problem_comment(request: HttpRequest, pk: PathId, payload: ProblemCommentIn) -> Status:
    problem = selectors.problem_detail(user=request.user, pk=pk)
    event = services.problem_comment(problem=problem, actor=request.user, comment=payload.comment)
    return Status(201, _event(event))


def _milestones(items: Any) -> list[dict[str, Any]]:
    return [
        {
            "title": m.title,
            "step": m.step,
            "due_on": m.due_on,
            "done_on": m.done_on,
            "state": m.state,
        }
        for m in items
    ]


def _project(project: KeyProject) -> dict[str, Any]:
    lead = project.lead_enterprise
    return {
        "id": project.pk,
        "name": project.name,
        "chain": _code_name(project.chain.code, project.chain.name) if project.chain else None,
        "lead_enterprise": _code_name(lead.uscc, lead.name),
        "partner_enterprises": [
            _code_name(e.uscc, e.name) for e in project.partner_enterprises.all()
        ],
        "other_partners": project.other_partners,
        "problems": [p.pk for p in project.problems.all()],
        "programme": project.programme.code if project.programme else None,
        "milestones": _milestones(project.milestones.all()),
        "indicators": [
            {
                "name": i.name,
                "unit": i.unit,
                "before": i.before,
                "after": i.after,
                "target": i.target,
            }
            for i in project.indicators.all()
        ],
        "savings": sum((loss.savings for loss in project.losses.all()), ZERO),
        "source": project.source,
        "source_note": project.source_note,
    }


@router.get("/key-projects", response=list[KeyProjectOut], summary="重点攻关项目")
def key_project_list(request: HttpRequest, chain: str = "") -> list[dict[str, Any]]:
    projects = selectors.key_project_list(user=request.user, chain=chain).prefetch_related(
        "partner_enterprises", "problems", "milestones", "indicators", "losses"
    )
    return [_project(p) for p in projects]


@router.get("/key-projects/{pk}", response=KeyProjectOut, summary="重点攻关项目详情")
def key_project_get(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    return _project(selectors.key_project_detail(user=request.user, pk=pk))


def _loss(loss: QualityLoss) -> dict[str, Any]:
    chain, programme = loss.chain, loss.programme
    return {
        "id": loss.pk,
        "problem": loss.problem_id,
        "key_project": loss.key_project_id,
        "chain": chain.code if chain else None,
        "programme": programme.code if programme else None,
        "year": loss.year,
        "failures_before": loss.failures_before,
        "failures_after": loss.failures_after,
        "failures_avoided": loss.failures_avoided,
        "cost_per_failure": loss.cost_per_failure,
        "other_cost_before": loss.other_cost_before,
        "other_cost_after": loss.other_cost_after,
        "savings": loss.savings,
        "source_note": loss.source_note,
    }


def _total(total: selectors.Total) -> dict[str, Any]:
    return {
        "key": total.key,
        "label": total.label,
        "rows": total.rows,
        "failures_avoided": total.failures_avoided,
        "savings": total.savings,
    }


@router.get(
    "/losses", response=LedgerOut, summary="质量损失台账，含按产业链、试点、年度合计（万元）"
)
def loss_list(
    request: HttpRequest, year: QueryYear = None, chain: str = Query("", max_length=40)
) -> dict[str, Any]:
    qs = selectors.losses_visible(user=request.user)
    if year:
        qs = qs.filter(year=year)
    if chain:
        qs = selectors.loss_chain_filter(qs, chain)
    totals = selectors.loss_totals(qs)
    return {
        "rows": [_loss(loss) for loss in qs],
        "total": _total(totals.overall),
        "by_chain": [_total(t) for t in totals.by_chain],
        "by_programme": [_total(t) for t in totals.by_programme],
        "by_year": [_total(t) for t in totals.by_year],
    }


@router.post("/losses", response={201: LossOut}, summary="记录质量损失（问题或重点攻关项目）")
@refusals
def loss_create(request: HttpRequest, payload: LossIn) -> Status:
    if (payload.problem is None) == (payload.key_project is None):
        raise ValidationError(_("请指定 problem 或 key_project 之一。"))
    problem = project = None
    if payload.problem is not None:
        problem = selectors.problem_detail(user=request.user, pk=payload.problem)
    else:
        project = selectors.key_project_detail(user=request.user, pk=payload.key_project or 0)
    data = payload.dict(exclude={"problem", "key_project"})
    loss = services.quality_loss_save(
        actor=request.user, data=data, problem=problem, key_project=project
    )
    return Status(201, _loss(loss))


def _programme(programme: Programme, progress: selectors.Progress | None = None) -> dict[str, Any]:
    progress = progress or selectors.programme_progress(programme)
    return {
        "id": programme.pk,
        "code": programme.code,
        "name": programme.name,
        "kind": programme.kind,
        "kind_label": programme.get_kind_display(),
        "region": _code_name(programme.region_id, programme.region.name),
        "progress": {
            "done": progress.done,
            "total": progress.total,
            "percent": progress.percent,
            "measure": progress.measure,
            "savings": progress.savings,
        },
        "milestones": _milestones(programme.milestones.all()),
        "source": programme.source,
        "source_note": programme.source_note,
    }


@router.get("/programmes", response=list[ProgrammeOut], summary="专项行动与进度")
def programme_list(request: HttpRequest) -> list[dict[str, Any]]:
    found = list(
        selectors.programmes_visible(user=request.user)
        .select_related("region")
        .prefetch_related("milestones")
    )
    progress = selectors.programmes_progress(found)
    return [_programme(p, progress[p.pk]) for p in found]


@router.get("/programmes/{pk}", response=ProgrammeOut, summary="专项行动详情")
def programme_get(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    return _programme(selectors.programme_detail(user=request.user, pk=pk))


def _chain_or_none(code: str | None) -> Chain | None:
    if not code:
        return None
    chain = Chain.objects.filter(code=code, archived_at__isnull=True).first()
    if chain is None:
        raise ValidationError({"chain": _("未找到产业链“%(code)s”。") % {"code": code}})
    return chain


@router.post("/key-projects", response={201: KeyProjectOut}, summary="新建重点攻关项目")
@refusals
def key_project_create(request: HttpRequest, payload: KeyProjectIn) -> Status:
    lead = _lookup_enterprises(request, [payload.lead_enterprise])[0]
    partners = Enterprise.objects.filter(uscc__in=[u.upper() for u in payload.partner_enterprises])
    problems = selectors.problems_visible(user=request.user).filter(pk__in=payload.problems)
    programme = None
    if payload.programme:
        programme = (
            selectors.programmes_visible(user=request.user).filter(code=payload.programme).first()
        )
        if programme is None:
            raise ValidationError(
                {"programme": _("未找到专项行动“%(code)s”。") % {"code": payload.programme}}
            )
    project = services.key_project_save(
        actor=request.user,
        data={
            "name": payload.name,
            "chain": _chain_or_none(payload.chain),
            "lead_enterprise": lead,
            "other_partners": payload.other_partners,
            "programme": programme,
            "description": payload.description,
            "started_on": payload.started_on,
        },
        partners=list(partners),
        problems=list(problems),
    )
    return Status(201, _project(selectors.key_project_detail(user=request.user, pk=project.pk)))


@router.post(
    "/key-projects/{pk}/milestones", response={201: KeyProjectOut}, summary="添加项目里程碑"
)
@refusals
def key_project_milestone_add(request: HttpRequest, pk: PathId, payload: MilestoneIn) -> Status:
    project = selectors.key_project_detail(user=request.user, pk=pk)
    services.milestone_save(actor=request.user, owner=project, data=payload.dict())
    return Status(201, _project(selectors.key_project_detail(user=request.user, pk=pk)))


@router.post("/key-projects/{pk}/indicators", response={201: KeyProjectOut}, summary="添加成效指标")
@refusals
def key_project_indicator_add(
    request: HttpRequest, pk: PathId, payload: ProjectIndicatorIn
) -> Status:
    project = selectors.key_project_detail(user=request.user, pk=pk)
    services.indicator_save(actor=request.user, project=project, data=payload.dict())
    return Status(201, _project(selectors.key_project_detail(user=request.user, pk=pk)))


@router.post("/programmes", response={201: ProgrammeOut}, summary="新建专项行动")
@refusals
def programme_create(request: HttpRequest, payload: ProgrammeIn) -> Status:
    region = Region.objects.filter(code=payload.region).first()
    if region is None:
        raise ValidationError({"region": _("行政区划代码不存在。")})
    if Programme.objects.filter(code=payload.code).exists():
        raise ValidationError({"code": _("编号“%(code)s”已被使用。") % {"code": payload.code}})
    data = {**payload.dict(exclude={"region"}), "region": region}
    programme = services.programme_save(actor=request.user, data=data)
    return Status(201, _programme(programme))


def _subject(kind: str, code: str) -> Any:
    models: dict[str, Any] = {
        "enterprise": Enterprise.objects.filter(uscc=code.upper()),
        "chain": Chain.objects.filter(code=code),
        "town": Town.objects.filter(code=code),
        "county": Region.objects.filter(code=code, level=Region.Level.COUNTY),
    }
    subject = models[kind].first()
    if subject is None:
        raise ValidationError({"code": _("未找到对象“%(code)s”。") % {"code": code}})
    return subject


@router.post("/programmes/{pk}/enrolments", response={201: ProgrammeOut}, summary="纳入行动对象")
@refusals
def programme_enrol(request: HttpRequest, pk: PathId, payload: ProgrammeEnrolmentIn) -> Status:
    programme = selectors.programme_detail(user=request.user, pk=pk)
    # Who may enrol is answered before what is enrolled: a reader is refused (403), whatever
    # the code names, rather than told the subject does not exist.
    if not can_record_for_region(request.user, programme.region_id):
        raise HttpError(
            403,
            _("您不能记录%(what)s：仅限该区域的市场监管局工作人员。") % {"what": _("行动对象")},
        )
    services.programme_enrol(
        actor=request.user,
        programme=programme,
        subject=_subject(payload.kind, payload.code),
        note=payload.note,
    )
    return Status(201, _programme(programme))


@router.post("/programmes/{pk}/milestones", response={201: ProgrammeOut}, summary="添加行动里程碑")
@refusals
def programme_milestone_add(request: HttpRequest, pk: PathId, payload: MilestoneIn) -> Status:
    programme = selectors.programme_detail(user=request.user, pk=pk)
    services.milestone_save(actor=request.user, owner=programme, data=payload.dict())
    return Status(201, _programme(programme))
