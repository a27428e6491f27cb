"""The real objects the authorization matrix requests, one per URL name or API path.

Each picker returns the URL's keyword arguments and its *anchor*: the county of the object and
its enterprise (if it has one). The matrix's roles are relative to the anchor: "county" is an
officer of that county, "county2" an officer of another county, "ent" a user of that enterprise
(of an enterprise of that county when the object has none), "ent2" a user of an enterprise of
another county. A URL without an object is anchored on the demo enterprise 广誉远 (太谷区).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

MISSING = 2**31 - 7  # an id no row has: the matrix then checks refusals only (never a 500)


@dataclass(frozen=True)
class Anchor:
    kwargs: dict[str, Any]
    region: str  # county code
    enterprise_id: int | None


Picker = Callable[[], Anchor]


def default_anchor(**kwargs: Any) -> Anchor:
    from qstrong.registry.models import Enterprise

    home = Enterprise.objects.get(name="广誉远中药股份有限公司")
    return Anchor(kwargs, home.region_id, home.pk)


def _first(qs: QuerySet[Any]) -> Model | None:
    return qs.order_by("pk").first()


def by_enterprise(
    qs: Callable[[], QuerySet[Any]], key: str = "pk", attr: str = "pk", path: str = "enterprise"
) -> Picker:
    """An object with an enterprise: anchored on that enterprise and its county."""

    def pick() -> Anchor:
        obj = _first(qs().filter(**{f"{path}__isnull": False}))
        if obj is None:
            return default_anchor(**{key: MISSING})
        enterprise = obj
        for part in path.split("__"):
            enterprise = getattr(enterprise, part)
        return Anchor({key: getattr(obj, attr)}, enterprise.region_id, enterprise.pk)

    return pick


def by_region(
    qs: Callable[[], QuerySet[Any]], key: str = "pk", attr: str = "pk", path: str = "region_id"
) -> Picker:
    """An object placed in a county (or whose county is reached through `path`)."""

    def pick() -> Anchor:
        obj = qs().filter(**{f"{path}__isnull": False}).order_by("pk").values("pk", path).first()
        if obj is None:
            return default_anchor(**{key: MISSING})
        row = qs().get(pk=obj["pk"])
        return Anchor({key: getattr(row, attr)}, str(obj[path])[:6], None)

    return pick


def plain(qs: Callable[[], QuerySet[Any]], key: str = "pk", attr: str = "pk") -> Picker:
    """An object of no county (a chain, a policy, a batch): anchored on the default enterprise."""

    def pick() -> Anchor:
        obj = _first(qs())
        return default_anchor(**{key: getattr(obj, attr) if obj is not None else MISSING})

    return pick


def fixed(**kwargs: Any) -> Picker:
    return lambda: default_anchor(**kwargs)


def with_extra(picker: Picker, **extra: Callable[[Anchor], Any]) -> Picker:
    def pick() -> Anchor:
        anchor = picker()
        more = {key: make(anchor) for key, make in extra.items()}
        return Anchor({**anchor.kwargs, **more}, anchor.region, anchor.enterprise_id)

    return pick


def _models() -> Any:
    from qstrong.casework import models as casework
    from qstrong.changes import models as changes
    from qstrong.core import models as core
    from qstrong.foodsafety import models as food
    from qstrong.handbooks import models as handbooks
    from qstrong.insights import models as insights
    from qstrong.nqi import models as nqi
    from qstrong.policies import models as policies
    from qstrong.quality import models as quality
    from qstrong.registry import models as registry

    class M:
        pass

    for module in (
        casework,
        changes,
        core,
        food,
        handbooks,
        insights,
        nqi,
        policies,
        quality,
        registry,
    ):
        for name in dir(module):
            value = getattr(module, name)
            if isinstance(value, type) and issubclass(value, Model):
                setattr(M, f"{module.__name__.split('.')[1]}_{name}", value)
    return M


def page_pickers() -> dict[str, Picker]:
    """URL name → picker, for every page URL that takes arguments."""
    m = _models()

    def enterprise_pick() -> Anchor:
        return default_anchor(pk=default_anchor().enterprise_id)

    push = by_enterprise(lambda: m.policies_Push.objects.all())
    need = by_enterprise(lambda: m.casework_Need.objects.all())
    task = by_enterprise(lambda: m.casework_Task.objects.all(), path="need__enterprise")
    problem = by_region(lambda: m.quality_Problem.objects.all())
    project = by_enterprise(lambda: m.quality_KeyProject.objects.all(), path="lead_enterprise")
    programme = plain(lambda: m.quality_Programme.objects.all())
    food = by_enterprise(lambda: m.foodsafety_Enrolment.objects.all(), attr="enterprise_id")
    issue = by_enterprise(lambda: m.foodsafety_Issue.objects.all())
    handbook = by_enterprise(lambda: m.handbooks_Handbook.objects.all())
    batch = plain(lambda: m.handbooks_Batch.objects.all())
    policy = plain(lambda: m.policies_Policy.objects.all())
    chain = plain(lambda: m.registry_Chain.objects.all(), key="code", attr="code")
    town = plain(lambda: m.registry_Town.objects.all(), key="code", attr="code")
    certificate = by_enterprise(lambda: m.nqi_Certificate.objects.all())
    change = by_enterprise(lambda: m.changes_ChangeRequest.objects.all())
    instrument = by_enterprise(lambda: m.nqi_Instrument.objects.all())
    trademark = by_enterprise(lambda: m.nqi_Trademark.objects.all())

    def library_measure() -> Anchor:
        template = _first(m.handbooks_MeasureTemplate.objects.filter(kind="enterprise"))
        return default_anchor(kind="enterprise", pk=getattr(template, "pk", MISSING))

    def first_pk(model: Any, **filters: Any) -> Callable[[Anchor], int]:
        return lambda _a: getattr(_first(model.objects.filter(**filters)), "pk", MISSING)

    return {
        "registry:export_detail": fixed(pk="00000000-0000-0000-0000-000000000000"),
        "registry:export_download": fixed(pk="00000000-0000-0000-0000-000000000000"),
        "registry:enterprise_detail": enterprise_pick,
        "registry:enterprise_edit": enterprise_pick,
        "registry:enterprise_archive": enterprise_pick,
        "registry:enterprise_restore": enterprise_pick,
        "registry:chain_detail": chain,
        "registry:town_detail": town,
        "registry:import_detail": plain(lambda: m.registry_ImportBatch.objects.all()),
        "registry:import_report_download": plain(lambda: m.registry_ImportBatch.objects.all()),
        "core:job_status": fixed(pk="00000000-0000-0000-0000-000000000000"),
        "core:job_progress": fixed(pk="00000000-0000-0000-0000-000000000000"),
        "policies:policy_detail": policy,
        "policies:policy_edit": policy,
        "policies:rule_editor": policy,
        "policies:policy_publish": policy,
        "policies:policy_withdraw": policy,
        "policies:attachment_upload": policy,
        "policies:attachment_download": with_extra(policy, attachment_pk=lambda a: MISSING),
        "policies:explain": with_extra(policy, enterprise_pk=lambda a: a.enterprise_id),
        "policies:enterprise_panel": lambda: default_anchor(
            enterprise_pk=default_anchor().enterprise_id
        ),
        "policies:run_detail": plain(lambda: m.policies_MatchRun.objects.all()),
        "policies:push_enterprise": lambda: default_anchor(pk=default_anchor().enterprise_id),
        "policies:push_decide": push,
        "policies:grants_confirm": plain(lambda: m.policies_Policy.objects.all(), key="policy_pk"),
        "portal:digest_detail": by_enterprise(lambda: m.policies_PushDigest.objects.all()),
        "portal:push_detail": push,
        "portal:push_claim": push,
        "portal:push_apply": push,
        "portal:join": fixed(token="not-a-token"),
        "portal:registration_decide": fixed(pk=MISSING),
        "portal:colleague_active": fixed(pk=MISSING),
        "casework:activity_detail": plain(lambda: m.casework_OutreachActivity.objects.all()),
        "casework:activity_edit": plain(lambda: m.casework_OutreachActivity.objects.all()),
        "casework:activity_photo_add": plain(lambda: m.casework_OutreachActivity.objects.all()),
        "casework:activity_attachment_add": plain(
            lambda: m.casework_OutreachActivity.objects.all()
        ),
        "casework:activity_need_add": plain(lambda: m.casework_OutreachActivity.objects.all()),
        "casework:photo_file": plain(lambda: m.casework_ActivityPhoto.objects.all()),
        "casework:photo_archive": plain(lambda: m.casework_ActivityPhoto.objects.all()),
        "casework:attachment_file": plain(lambda: m.casework_ActivityAttachment.objects.all()),
        "casework:attachment_archive": plain(lambda: m.casework_ActivityAttachment.objects.all()),
        "casework:evidence_file": plain(lambda: m.casework_TaskEvidence.objects.all()),
        "casework:need_detail": need,
        "casework:task_create": need,
        "casework:task_detail": task,
        "casework:task_transition": task,
        "casework:task_evidence_add": task,
        "casework:lists_export_detail": fixed(pk="00000000-0000-0000-0000-000000000000"),
        "casework:lists_export_download": fixed(pk="00000000-0000-0000-0000-000000000000"),
        "casework:enterprise_panel": enterprise_pick,
        "casework:chain_panel": chain,
        "casework:town_panel": town,
        "quality:problem_detail": problem,
        "quality:problem_transition": with_extra(problem, name=lambda a: "accept"),
        "quality:problem_action_add": problem,
        "quality:problem_action_done": with_extra(
            problem, action_pk=first_pk(m.quality_ProblemAction)
        ),
        "quality:problem_comment": problem,
        "quality:problem_loss_add": problem,
        "quality:evidence_download": plain(lambda: m.quality_EvidenceFile.objects.all()),
        "quality:key_project_detail": project,
        "quality:key_project_edit": project,
        "quality:key_project_milestone_add": project,
        "quality:key_project_milestone_done": with_extra(
            project, milestone_pk=first_pk(m.quality_Milestone, key_project__isnull=False)
        ),
        "quality:key_project_indicator_add": project,
        "quality:programme_detail": programme,
        "quality:programme_edit": programme,
        "quality:programme_enrol": programme,
        "quality:programme_milestone_add": programme,
        "quality:programme_milestone_done": with_extra(
            programme, milestone_pk=first_pk(m.quality_Milestone, programme__isnull=False)
        ),
        "quality:enterprise_panel": enterprise_pick,
        "quality:chain_panel": chain,
        "nqi:certificate_detail": certificate,
        "nqi:certificate_status": certificate,
        "nqi:provider_detail": plain(lambda: m.nqi_Provider.objects.all()),
        "nqi:export": fixed(register="certificates", fmt="csv"),
        "nqi:need_route": need,
        "nqi:routing_answer": plain(lambda: m.nqi_Routing.objects.all()),
        "nqi:enterprise_panel": enterprise_pick,
        "nqi:chain_panel": chain,
        "nqi:town_panel": town,
        "nqi:need_panel": need,
        "foodsafety:enrol": food,
        "foodsafety:enrolment_end": food,
        "foodsafety:enterprise_panel": food,
        "foodsafety:routine": food,
        "foodsafety:staff_edit": food,
        "foodsafety:risk_list": food,
        "foodsafety:risk_edit": with_extra(food, item_pk=first_pk(m.foodsafety_RiskItem)),
        "foodsafety:risk_archive": with_extra(food, item_pk=first_pk(m.foodsafety_RiskItem)),
        "foodsafety:routine_comment": food,
        "foodsafety:annual_file": with_extra(food, year=lambda a: 2025),
        "foodsafety:daily_new": food,
        "foodsafety:weekly_new": food,
        "foodsafety:monthly_new": food,
        "foodsafety:annual_new": food,
        "foodsafety:issue_detail": issue,
        "foodsafety:issue_fix": issue,
        "foodsafety:issue_reopen": issue,
        "foodsafety:issue_comment": issue,
        "foodsafety:evidence_file": with_extra(issue, event_pk=first_pk(m.foodsafety_IssueEvent)),
        "insights:chain_dashboard": chain,
        "insights:town_dashboard": town,
        "insights:chain_panel": chain,
        "insights:town_panel": town,
        "insights:indicator_edit": by_enterprise(lambda: m.insights_Indicator.objects.all()),
        "insights:indicator_archive": by_enterprise(lambda: m.insights_Indicator.objects.all()),
        "insights:graph_detail": chain,
        "insights:graph_svg": chain,
        "insights:map_county": lambda: default_anchor(code=default_anchor().region),
        "handbooks:detail": handbook,
        "handbooks:download": with_extra(handbook, fmt=lambda a: "docx"),
        "handbooks:action": with_extra(handbook, action=lambda a: "submit"),
        "handbooks:section_edit": with_extra(handbook, key=lambda a: "overview"),
        "handbooks:measure_add": handbook,
        "handbooks:measure_edit": with_extra(
            handbook,
            measure_pk=lambda a: getattr(
                _first(m.handbooks_Measure.objects.filter(handbook_id=a.kwargs["pk"])),
                "pk",
                MISSING,
            ),
        ),
        "handbooks:measure_delete": with_extra(
            handbook,
            measure_pk=lambda a: getattr(
                _first(m.handbooks_Measure.objects.filter(handbook_id=a.kwargs["pk"])),
                "pk",
                MISSING,
            ),
        ),
        "handbooks:batch_detail": batch,
        "handbooks:batch_action": with_extra(batch, action=lambda a: "publish"),
        "handbooks:batch_zip": batch,
        "changes:detail": change,
        "changes:decide": change,
        "changes:evidence": by_enterprise(
            lambda: m.changes_EvidenceFile.objects.all(), path="change_request__enterprise"
        ),
        "handbooks:batch_zip_download": with_extra(
            batch, job=lambda a: "00000000-0000-0000-0000-000000000000"
        ),
        "handbooks:library_sections": fixed(kind="enterprise"),
        "handbooks:library_measure_add": fixed(kind="enterprise"),
        "handbooks:library_measure_edit": library_measure,
        "handbooks:library_measure_active": library_measure,
        "nqi:instrument_detail": instrument,
        "nqi:instrument_verify": instrument,
        "nqi:standard_detail": plain(lambda: m.nqi_Standard.objects.all()),
        "nqi:gi_detail": plain(lambda: m.nqi_GIProduct.objects.all()),
        "nqi:campaign_detail": by_region(lambda: m.nqi_MetrologyCampaign.objects.all()),
        "nqi:record_create": fixed(kind="trademark"),
        "api-not-found": fixed(unmatched="no-such-operation"),
        "nqi:record_edit": with_extra(trademark, kind=lambda a: "trademark"),
    }


def api_pickers() -> dict[str, Picker]:
    """API path (as in the OpenAPI document) → picker, for every path with parameters."""
    m = _models()
    pages = page_pickers()

    def uscc_of(picker: Picker, key: str = "uscc") -> Picker:
        def pick() -> Anchor:
            anchor = picker()
            enterprise = m.registry_Enterprise.objects.get(pk=anchor.enterprise_id)
            return Anchor({key: enterprise.uscc}, anchor.region, anchor.enterprise_id)

        return pick

    def rename(picker: Picker, **names: str) -> Picker:
        def pick() -> Anchor:
            anchor = picker()
            kwargs = {names.get(k, k): v for k, v in anchor.kwargs.items()}
            return Anchor(kwargs, anchor.region, anchor.enterprise_id)

        return pick

    def home():
        return default_anchor(
            uscc=m.registry_Enterprise.objects.get(pk=default_anchor().enterprise_id).uscc
        )

    food = pages["foodsafety:routine"]
    policy = pages["policies:policy_detail"]
    return {
        "/api/enterprises/{uscc}": home,
        "/api/enterprises/{uscc}/history": home,
        "/api/chains/{code}": pages["registry:chain_detail"],
        "/api/towns/{code}": pages["registry:town_detail"],
        "/api/imports/{batch_id}": rename(pages["registry:import_detail"], pk="batch_id"),
        "/api/imports/{batch_id}/report.xlsx": rename(
            pages["registry:import_detail"], pk="batch_id"
        ),
        "/api/jobs/{job_id}": fixed(job_id="00000000-0000-0000-0000-000000000000"),
        "/api/policies/runs/{run_id}": rename(pages["policies:run_detail"], pk="run_id"),
        "/api/policies/{policy_id}": rename(policy, pk="policy_id"),
        "/api/policies/{policy_id}/publish": rename(policy, pk="policy_id"),
        "/api/policies/{policy_id}/withdraw": rename(policy, pk="policy_id"),
        "/api/policies/{policy_id}/rules": rename(policy, pk="policy_id"),
        "/api/policies/{policy_id}/explain/{uscc}": with_extra(
            rename(policy, pk="policy_id"), uscc=lambda a: home().kwargs["uscc"]
        ),
        "/api/casework/activities/{pk}": pages["casework:activity_detail"],
        "/api/casework/needs/{pk}": pages["casework:need_detail"],
        "/api/casework/tasks/{pk}": pages["casework:task_detail"],
        "/api/casework/tasks/{pk}/transitions": pages["casework:task_detail"],
        "/api/quality/problems/{pk}": pages["quality:problem_detail"],
        "/api/quality/problems/{pk}/transitions/{name}": pages["quality:problem_transition"],
        "/api/quality/problems/{pk}/actions": pages["quality:problem_detail"],
        "/api/quality/problems/{pk}/actions/{action_id}/done": rename(
            pages["quality:problem_action_done"], action_pk="action_id"
        ),
        "/api/quality/problems/{pk}/comments": pages["quality:problem_detail"],
        "/api/quality/key-projects/{pk}": pages["quality:key_project_detail"],
        "/api/quality/key-projects/{pk}/milestones": pages["quality:key_project_detail"],
        "/api/quality/key-projects/{pk}/indicators": pages["quality:key_project_detail"],
        "/api/quality/programmes/{pk}": pages["quality:programme_detail"],
        "/api/quality/programmes/{pk}/enrolments": pages["quality:programme_detail"],
        "/api/quality/programmes/{pk}/milestones": pages["quality:programme_detail"],
        "/api/foodsafety/enterprises/{uscc}/records": uscc_of(food),
        "/api/foodsafety/enterprises/{uscc}/daily-checks": uscc_of(food),
        "/api/foodsafety/enterprises/{uscc}/weekly-reports": uscc_of(food),
        "/api/foodsafety/enterprises/{uscc}/monthly-meetings": uscc_of(food),
        "/api/foodsafety/enterprises/{uscc}/annual-reports": uscc_of(food),
        "/api/foodsafety/issues/{issue_id}": rename(
            pages["foodsafety:issue_detail"], pk="issue_id"
        ),
        "/api/foodsafety/issues/{issue_id}/fix": rename(
            pages["foodsafety:issue_detail"], pk="issue_id"
        ),
        "/api/foodsafety/issues/{issue_id}/comments": rename(
            pages["foodsafety:issue_detail"], pk="issue_id"
        ),
        "/api/insights/indicators/{pk}": pages["insights:indicator_edit"],
        "/api/nqi/enterprises/{uscc}": home,
        "/api/nqi/certificates/{pk}": pages["nqi:certificate_detail"],
        "/api/nqi/certificates/{pk}/status": pages["nqi:certificate_detail"],
        "/api/nqi/needs/{need_id}/routings": rename(pages["casework:need_detail"], pk="need_id"),
        "/api/nqi/routings/{pk}/answer": pages["nqi:routing_answer"],
        "/api/pushes/grants/{code}/confirm": plain(
            lambda: m.policies_Policy.objects.all(), key="code", attr="code"
        ),
        "/api/pushes/{push_id}": rename(pages["portal:push_detail"], pk="push_id"),
        "/api/pushes/{push_id}/read": rename(pages["portal:push_detail"], pk="push_id"),
        "/api/pushes/{push_id}/claim": rename(pages["portal:push_detail"], pk="push_id"),
        "/api/pushes/{push_id}/apply": rename(pages["portal:push_detail"], pk="push_id"),
        "/api/pushes/{push_id}/grant": rename(pages["portal:push_detail"], pk="push_id"),
        "/api/pushes/{push_id}/decline": rename(pages["portal:push_detail"], pk="push_id"),
        "/api/handbooks/{handbook_id}": rename(pages["handbooks:detail"], pk="handbook_id"),
        "/api/handbooks/{handbook_id}/transitions": rename(
            pages["handbooks:detail"], pk="handbook_id"
        ),
        "/api/handbooks/{handbook_id}/measures": rename(
            pages["handbooks:detail"], pk="handbook_id"
        ),
        "/api/handbooks/{handbook_id}/measures/{measure_id}": rename(
            pages["handbooks:measure_edit"], pk="handbook_id", measure_pk="measure_id"
        ),
        "/api/handbooks/{handbook_id}/file.{fmt}": rename(
            pages["handbooks:download"], pk="handbook_id"
        ),
        "/api/handbooks/batches/{batch_id}": rename(pages["handbooks:batch_detail"], pk="batch_id"),
        "/api/changes/{change_id}": rename(pages["changes:detail"], pk="change_id"),
        "/api/changes/{change_id}/approve": rename(pages["changes:detail"], pk="change_id"),
        "/api/changes/{change_id}/reject": rename(pages["changes:detail"], pk="change_id"),
        "/api/handbooks/batches/{batch_id}/zip": rename(
            pages["handbooks:batch_detail"], pk="batch_id"
        ),
        "/api/handbooks/batches/{batch_id}/zip/{job_id}": rename(
            pages["handbooks:batch_zip_download"], pk="batch_id", job="job_id"
        ),
        "/api/handbooks/batches/{batch_id}/zip/{job_id}/file": rename(
            pages["handbooks:batch_zip_download"], pk="batch_id", job="job_id"
        ),
        "/api/nqi/instruments/{pk}": pages["nqi:instrument_detail"],
        "/api/nqi/instruments/{pk}/verifications": pages["nqi:instrument_detail"],
        "/api/nqi/standards/{pk}": pages["nqi:standard_detail"],
        "/api/nqi/participations/{pk}": by_enterprise(
            lambda: m.nqi_StandardParticipation.objects.all()
        ),
        "/api/nqi/innovation-bases/{pk}": by_region(lambda: m.nqi_InnovationBase.objects.all()),
        "/api/nqi/trademarks/{pk}": by_enterprise(lambda: m.nqi_Trademark.objects.all()),
        "/api/nqi/patents/{pk}": by_enterprise(lambda: m.nqi_Patent.objects.all()),
        "/api/nqi/gi-products/{pk}": pages["nqi:gi_detail"],
        "/api/nqi/gi-authorisations/{pk}": by_enterprise(
            lambda: m.nqi_GIAuthorisation.objects.all()
        ),
        "/api/nqi/brands/{pk}": by_region(lambda: m.nqi_Brand.objects.all()),
        "/api/nqi/catalogue-lines/{pk}": plain(lambda: m.nqi_ProviderService.objects.all()),
        "/api/nqi/campaigns/{pk}": pages["nqi:campaign_detail"],
    }
