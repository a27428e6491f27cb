"""Page forms for the bureau's records: key projects (milestones, indicators), programmes
(enrolments, milestones) and the enterprise search picker they use.

Every record is looked up through the user's scope first (404 outside it); writing then needs
an officer of the record's region (403 with the reason otherwise), checked again by the service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qstrong.quality import selectors, services
from qstrong.quality.forms_records import (
    EnrolForm,
    IndicatorForm,
    KeyProjectForm,
    MilestoneDoneForm,
    MilestoneForm,
    ProgrammeForm,
)
from qstrong.quality.models import OPEN_STATES, KeyProject, Programme
from qstrong.quality.permissions import can_record, can_record_for_region, record_regions
from qstrong.quality.statemachine import TransitionRefused
from qstrong.quality.views.common import forbidden, render_page
from qstrong.quality.views.problems import _add_errors
from qstrong.registry.models import Region
from qstrong.registry.selectors import enterprises_visible, town_choices

PICKER_LIMIT = 20


@login_required
@require_GET
def enterprise_search(request: HttpRequest) -> JsonResponse:
    """The picker's search: at most 20 enterprises the user sees, by name or USCC."""
    q = request.GET.get("q", "").strip()[:100]
    found: list[Any] = []
    if len(q) >= 2:
        found = list(
            enterprises_visible(user=request.user)
            .filter(Q(name__icontains=q) | Q(uscc__istartswith=q))
            .select_related("region")
            .order_by("name")[:PICKER_LIMIT]
        )
    results = [
        {"id": e.pk, "name": e.name, "uscc": e.uscc, "region": e.region.name if e.region_id else ""}
        for e in found
    ]
    return JsonResponse({"q": q, "limit": PICKER_LIMIT, "results": results})


# Key projects ------------------------------------------------------------------------------


def _project_form(request: HttpRequest, data: Any = None, **kwargs: Any) -> KeyProjectForm:
    user = request.user
    problems = selectors.problems_visible(user=user).filter(
        Q(state__in=OPEN_STATES) | Q(key_projects__pk=kwargs.pop("project_pk", None))
    )
    return KeyProjectForm(
        data,
        enterprises=enterprises_visible(user=user),
        problems=problems.distinct().order_by("-registered_at"),
        programmes=selectors.programmes_visible(user=user).filter(kind=Programme.Kind.PILOT),
        **kwargs,
    )


def _editable_project(request: HttpRequest, pk: int) -> KeyProject | HttpResponse:
    project = selectors.key_projects_visible(user=request.user).filter(pk=pk).first()
    if project is None:
        raise Http404("no such key project")
    if not can_record_for_region(request.user, project.lead_enterprise.region_id):
        return forbidden(request, _("只有牵头企业所在区域的市场监管局工作人员可以修改该项目。"))
    return project


def _save_project(
    request: HttpRequest, form: KeyProjectForm, project: KeyProject | None
) -> KeyProject | None:
    try:
        return services.key_project_save(
            actor=request.user,
            data=form.record_data(),
            partners=list(form.cleaned_data["partner_enterprises"]),
            problems=list(form.cleaned_data["problems"]),
            project=project,
        )
    except TransitionRefused as exc:
        form.add_error("lead_enterprise", exc.message)
    except ValidationError as exc:
        _add_errors(form, exc)
    return None


def _project_page(
    request: HttpRequest, form: KeyProjectForm, project: KeyProject | None
) -> HttpResponse:
    context = {
        "form": form,
        "project": project,
        "lead_picked": form.picked("lead_enterprise"),
        "partners_picked": form.picked("partner_enterprises"),
    }
    status = 422 if form.errors else 200
    return render_page(request, "quality/projects/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def key_project_create(request: HttpRequest) -> HttpResponse:
    if not can_record(request.user):
        return forbidden(request, _("只有市场监管局工作人员可以登记重点攻关项目。"))
    form = _project_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = _save_project(request, form, None)
        if project is not None:
            messages.success(request, _("已登记重点攻关项目“%(name)s”。") % {"name": project.name})
            return redirect("quality:key_project_detail", project.pk)
    return _project_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def key_project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _editable_project(request, pk)
    if isinstance(project, HttpResponse):
        return project
    initial = {
        "name": project.name,
        "chain": project.chain_id,
        "lead_enterprise": [project.lead_enterprise_id],
        "partner_enterprises": list(project.partner_enterprises.values_list("pk", flat=True)),
        "other_partners": project.other_partners,
        "problems": list(project.problems.values_list("pk", flat=True)),
        "programme": project.programme_id,
        "started_on": project.started_on,
        "description": project.description,
    }
    form = _project_form(request, request.POST or None, initial=initial, project_pk=project.pk)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_project(request, form, project) is not None
    ):
        messages.success(request, _("已保存重点攻关项目。"))
        return redirect("quality:key_project_detail", project.pk)
    return _project_page(request, form, project)


def _back(name: str, pk: int, anchor: str) -> HttpResponse:
    return redirect(reverse(name, args=[pk]) + anchor)


def _milestone_add(request: HttpRequest, owner: KeyProject | Programme, back: str) -> HttpResponse:
    form = MilestoneForm(request.POST, with_step=isinstance(owner, Programme))
    if form.is_valid():
        data = form.cleaned_data
        data["position"] = owner.milestones.count() + 1
        try:
            services.milestone_save(actor=request.user, owner=owner, data=data)
        except TransitionRefused as exc:
            return forbidden(request, exc.message)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已添加里程碑。"))
            return _back(back, owner.pk, "#milestones")
    for error in [e for errors in form.errors.values() for e in errors]:
        messages.error(request, _("里程碑未保存：%(error)s") % {"error": error})
    return _back(back, owner.pk, "#milestones")


def _milestone_done(
    request: HttpRequest, owner: KeyProject | Programme, milestone_pk: int, back: str
) -> HttpResponse:
    milestone = owner.milestones.filter(pk=milestone_pk).first()
    if milestone is None:
        raise Http404("no such milestone")
    form = MilestoneDoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_complete(
                actor=request.user, milestone=milestone, done_on=form.cleaned_data["done_on"]
            )
        except TransitionRefused as exc:
            return forbidden(request, exc.message)
        messages.success(
            request, _("已将里程碑“%(title)s”标记为完成。") % {"title": milestone.title}
        )
    else:
        for error in form.errors.get("done_on", []):
            messages.error(request, _("里程碑未更新：%(error)s") % {"error": error})
    return _back(back, owner.pk, "#milestones")


@login_required
@require_POST
def key_project_milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _editable_project(request, pk)
    if isinstance(project, HttpResponse):
        return project
    return _milestone_add(request, project, "quality:key_project_detail")


@login_required
@require_POST
def key_project_milestone_done(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    project = _editable_project(request, pk)
    if isinstance(project, HttpResponse):
        return project
    return _milestone_done(request, project, milestone_pk, "quality:key_project_detail")


@login_required
@require_POST
def key_project_indicator_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _editable_project(request, pk)
    if isinstance(project, HttpResponse):
        return project
    form = IndicatorForm(request.POST)
    if form.is_valid():
        services.indicator_save(actor=request.user, project=project, data=form.cleaned_data)
        messages.success(request, _("已添加成效指标。"))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(
                    request,
                    _("成效指标未保存：%(field)s%(error)s")
                    % {"field": f"{label}：" if label else "", "error": error},
                )
    return _back("quality:key_project_detail", project.pk, "#indicators")


# Programmes --------------------------------------------------------------------------------


def _editable_programme(request: HttpRequest, pk: int) -> Programme | HttpResponse:
    programme = selectors.programmes_visible(user=request.user).filter(pk=pk).first()
    if programme is None:
        raise Http404("no such programme")
    if not can_record_for_region(request.user, programme.region_id):
        return forbidden(request, _("只有组织区域的市场监管局工作人员可以修改该专项行动。"))
    return programme


def _save_programme(
    request: HttpRequest, form: ProgrammeForm, programme: Programme | None
) -> Programme | None:
    data = {name: form.cleaned_data[name] for name in form.Meta.fields}
    if programme is not None:
        data.pop("code")
    try:
        return services.programme_save(actor=request.user, data=data, programme=programme)
    except TransitionRefused as exc:
        form.add_error("region", exc.message)
    except ValidationError as exc:
        _add_errors(form, exc)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    if not can_record(request.user):
        return forbidden(request, _("只有市场监管局工作人员可以发起专项行动。"))
    form = ProgrammeForm(request.POST or None, regions=record_regions(request.user))
    if request.method == "POST" and form.is_valid():
        programme = _save_programme(request, form, None)
        if programme is not None:
            messages.success(request, _("已发起专项行动“%(name)s”。") % {"name": programme.name})
            return redirect("quality:programme_detail", programme.pk)
    status = 422 if form.errors else 200
    context = {"form": form, "programme": None}
    return render_page(request, "quality/programmes/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _editable_programme(request, pk)
    if isinstance(programme, HttpResponse):
        return programme
    # The form works on its own copy: the service compares the stored row with the new values.
    copy = Programme.objects.get(pk=programme.pk)
    form = ProgrammeForm(request.POST or None, instance=copy, regions=record_regions(request.user))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_programme(request, form, programme) is not None
    ):
        messages.success(request, _("已保存专项行动。"))
        return redirect("quality:programme_detail", programme.pk)
    status = 422 if form.errors else 200
    context = {"form": form, "programme": programme}
    return render_page(request, "quality/programmes/form.html", context, status=status)


def enrol_form(request: HttpRequest, data: Any = None) -> EnrolForm:
    user = request.user
    return EnrolForm(
        data,
        enterprises=enterprises_visible(user=user),
        towns=town_choices().order_by("name"),
        counties=record_regions(user).filter(level=Region.Level.COUNTY),
    )


@login_required
@require_POST
def programme_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _editable_programme(request, pk)
    if isinstance(programme, HttpResponse):
        return programme
    form = enrol_form(request, request.POST)
    if form.is_valid():
        today = timezone.localdate()
        for subject in form.subjects():
            services.programme_enrol(
                actor=request.user,
                programme=programme,
                subject=subject,
                note=form.cleaned_data["note"],
                enrolled_on=today,
            )
        count = len(form.subjects())
        messages.success(request, _("已纳入 %(n)d 个行动对象。") % {"n": count})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, _("未纳入：%(error)s") % {"error": error})
    return _back("quality:programme_detail", programme.pk, "#subjects")


@login_required
@require_POST
def programme_milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _editable_programme(request, pk)
    if isinstance(programme, HttpResponse):
        return programme
    return _milestone_add(request, programme, "quality:programme_detail")


@login_required
@require_POST
def programme_milestone_done(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    programme = _editable_programme(request, pk)
    if isinstance(programme, HttpResponse):
        return programme
    return _milestone_done(request, programme, milestone_pk, "quality:programme_detail")
