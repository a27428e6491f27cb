"""Every page (URL name) and every API GET ('GET /api/…' as in the OpenAPI document), classified
for test_query_count_registry.py: measured at two sizes by a named query-count test, or exempt
with a one-line reason. A page that reads a list that grows with the registry must be covered.

To add a page: put one of its URLs in the two-size test of its app
(`qstrong/<app>/tests/test_query_counts.py`, built on `qstrong.core.testing.assert_flat_queries`)
and name that test here with `covered(...)`; or, for a page with no list, `exempt(<reason>)`.
`POST_ONLY` is checked: the view must refuse every method but POST.
"""

from __future__ import annotations

from dataclasses import dataclass

ADMIN_NAMESPACE = "admin"  # Django's admin: the administrators' tool, not a page of the product


@dataclass(frozen=True)
class Covered:
    module: str
    test: str


@dataclass(frozen=True)
class Exempt:
    reason: str


def covered(app: str, test: str) -> Covered:
    return Covered(module=f"qstrong/{app}/tests/test_query_counts.py", test=test)


def exempt(reason: str) -> Exempt:
    return Exempt(reason=reason)


# Tests (each measures its pages before and after adding rows, as a province and a county user).
REGISTRY = covered("registry", "test_registry_lists_do_not_grow_with_rows")
POLICIES = covered("policies", "test_policy_lists_do_not_grow_with_rows")
PORTAL = covered("portal", "test_portal_does_not_grow_with_pushes")
CASEWORK = covered("casework", "test_casework_lists_do_not_grow_with_rows")
QUALITY = covered("quality", "test_quality_lists_do_not_grow_with_rows")
NQI = covered("nqi", "test_nqi_lists_do_not_grow_with_rows")
FOODSAFETY = covered("foodsafety", "test_foodsafety_lists_do_not_grow_with_rows")
INSIGHTS = covered("insights", "test_insights_pages_do_not_grow_with_rows")
OPS = covered("ops", "test_scheduled_runs_do_not_grow_with_rows")
HANDBOOKS = covered("handbooks", "test_handbook_lists_and_batches_do_not_grow_with_rows")
HANDBOOK = covered(
    "handbooks", "test_an_enterprise_s_handbooks_and_a_handbook_do_not_grow_with_measures"
)
CHANGES = covered("changes", "test_the_queue_does_not_grow_with_requests")
OWN_CHANGES = covered("changes", "test_the_enterprise_s_own_list_does_not_grow")

# Reasons.
POST_ONLY = exempt("an action (POST only) answered by a redirect: no page to count")
FORM = exempt("a form (GET shows it, POST saves it): one record and its pickers, no growing list")
FILE = exempt("streams one stored file")
EXPORT = exempt("an export: a file written by a background job (or inline under its cap)")
JOB = exempt("one background job's status, polled")
ACCOUNT = exempt("the user's own sign-in or security form")
REDIRECT = exempt("redirects to the user's home page by role")
GROUPS = exempt("the configured subject groups (e.g. the ten key towns) and their indicators")
STATIC = exempt("static reference data of fixed size (no registry rows)")

PAGES: dict[str, Covered | Exempt] = {
    "home": REDIRECT,
    "set_language": exempt("Django's language switch: POST, redirect"),
    "api-not-found": exempt("the JSON API's 404 for an unknown path"),
    # accounts
    "accounts:login": ACCOUNT,
    "accounts:logout": POST_ONLY,
    "accounts:set_language": POST_ONLY,
    "accounts:password_change": ACCOUNT,
    "accounts:otp_setup": ACCOUNT,
    "accounts:otp_verify": ACCOUNT,
    # registry
    "registry:enterprise_list": REGISTRY,
    "registry:enterprise_export": EXPORT,
    "registry:export_detail": JOB,
    "registry:export_download": FILE,
    "registry:enterprise_create": FORM,
    "registry:enterprise_detail": REGISTRY,
    "registry:enterprise_edit": FORM,
    "registry:enterprise_archive": POST_ONLY,
    "registry:enterprise_restore": POST_ONLY,
    "registry:chain_list": REGISTRY,
    "registry:chain_detail": REGISTRY,
    "registry:town_list": REGISTRY,
    "registry:town_detail": REGISTRY,
    "registry:import_page": exempt(
        "the upload form and the latest imports (capped, no registry rows)"
    ),
    "registry:import_detail": exempt("one import's summary; its row errors go to the report file"),
    "registry:import_report_download": FILE,
    # core
    "core:job_status": JOB,
    "core:job_progress": JOB,
    "audit:trail": exempt("the audit administrator's trail: paginated by the database, no joins"),
    "audit:export_xlsx": EXPORT,
    "audit:export_csv": EXPORT,
    # policies
    "policies:policy_list": POLICIES,
    "policies:policy_create": FORM,
    "policies:policy_detail": POLICIES,
    "policies:policy_edit": FORM,
    "policies:rule_editor": FORM,
    "policies:policy_publish": POST_ONLY,
    "policies:policy_withdraw": POST_ONLY,
    "policies:attachment_upload": POST_ONLY,
    "policies:attachment_download": FILE,
    "policies:explain": POLICIES,
    "policies:enterprise_panel": POLICIES,
    "policies:run_list": POLICIES,
    "policies:run_create": POST_ONLY,
    "policies:run_detail": POLICIES,
    "policies:push_list": POLICIES,
    "policies:push_enterprise": POLICIES,
    "policies:push_decide": POST_ONLY,
    "policies:grants_confirm": POST_ONLY,
    "policies:coverage": POLICIES,
    "policies:coverage_export": EXPORT,
    # portal
    "portal:home": PORTAL,
    "portal:digest_detail": exempt("one digest message of the enterprise"),
    "portal:push_detail": PORTAL,
    "portal:push_claim": POST_ONLY,
    "portal:push_apply": POST_ONLY,
    "portal:calculator": PORTAL,
    "portal:join": ACCOUNT,
    "portal:register": ACCOUNT,
    "portal:invite": FORM,
    "portal:registrations": exempt("registrations of enterprise users: capped at 200 + 50 rows"),
    "portal:registration_decide": POST_ONLY,
    "portal:colleagues": exempt("the users of one enterprise (a handful)"),
    "portal:colleague_active": POST_ONLY,
    # casework
    "casework:activity_list": CASEWORK,
    "casework:activity_calendar": CASEWORK,
    "casework:activity_stats": CASEWORK,
    "casework:activity_create": FORM,
    "casework:activity_detail": CASEWORK,
    "casework:activity_edit": FORM,
    "casework:activity_photo_add": POST_ONLY,
    "casework:activity_attachment_add": POST_ONLY,
    "casework:activity_need_add": POST_ONLY,
    "casework:photo_file": FILE,
    "casework:photo_archive": POST_ONLY,
    "casework:attachment_file": FILE,
    "casework:attachment_archive": POST_ONLY,
    "casework:enterprise_search": CASEWORK,
    "casework:evidence_file": FILE,
    "casework:need_list": CASEWORK,
    "casework:need_create": FORM,
    "casework:need_detail": CASEWORK,
    "casework:task_create": POST_ONLY,
    "casework:task_list": CASEWORK,
    "casework:task_board": CASEWORK,
    "casework:my_overdue": CASEWORK,
    "casework:task_detail": CASEWORK,
    "casework:task_transition": POST_ONLY,
    "casework:task_evidence_add": POST_ONLY,
    "casework:lists_export": EXPORT,
    "casework:lists_export_detail": JOB,
    "casework:lists_export_download": FILE,
    "casework:enterprise_panel": CASEWORK,
    "casework:chain_panel": CASEWORK,
    "casework:town_panel": CASEWORK,
    # quality
    "quality:problem_list": QUALITY,
    "quality:problem_kanban": QUALITY,
    "quality:problem_create": FORM,
    "quality:problem_detail": QUALITY,
    "quality:problem_transition": POST_ONLY,
    "quality:problem_action_add": POST_ONLY,
    "quality:problem_action_done": POST_ONLY,
    "quality:problem_comment": POST_ONLY,
    "quality:problem_loss_add": POST_ONLY,
    "quality:evidence_download": FILE,
    "quality:key_project_list": QUALITY,
    "quality:key_project_create": FORM,
    "quality:key_project_detail": QUALITY,
    "quality:key_project_edit": FORM,
    "quality:key_project_milestone_add": POST_ONLY,
    "quality:key_project_milestone_done": POST_ONLY,
    "quality:key_project_indicator_add": POST_ONLY,
    "quality:loss_ledger": QUALITY,
    "quality:loss_export": EXPORT,
    "quality:programme_list": QUALITY,
    "quality:programme_create": FORM,
    "quality:programme_detail": QUALITY,
    "quality:programme_edit": FORM,
    "quality:programme_enrol": POST_ONLY,
    "quality:programme_milestone_add": POST_ONLY,
    "quality:programme_milestone_done": POST_ONLY,
    "quality:enterprise_search": QUALITY,
    "quality:enterprise_panel": QUALITY,
    "quality:chain_panel": QUALITY,
    # nqi
    "nqi:overview": NQI,
    "nqi:certificate_list": NQI,
    "nqi:certificate_create": FORM,
    "nqi:certificate_detail": NQI,
    "nqi:certificate_status": POST_ONLY,
    "nqi:instrument_list": NQI,
    "nqi:instrument_detail": NQI,
    "nqi:instrument_verify": POST_ONLY,
    "nqi:standard_detail": NQI,
    "nqi:gi_detail": NQI,
    "nqi:campaign_list": NQI,
    "nqi:campaign_detail": NQI,
    "nqi:record_create": FORM,
    "nqi:record_edit": FORM,
    "nqi:provider_list": NQI,
    "nqi:provider_detail": NQI,
    "nqi:standard_list": NQI,
    "nqi:ip": NQI,
    "nqi:import": exempt("the upload form for the registers' files"),
    "nqi:export": EXPORT,
    "nqi:need_route": POST_ONLY,
    "nqi:routing_answer": POST_ONLY,
    "nqi:enterprise_panel": NQI,
    "nqi:chain_panel": NQI,
    "nqi:town_panel": NQI,
    "nqi:need_panel": exempt("one need's routing to providers (≤ 10 suggested providers)"),
    "nqi:portal_panel": exempt("the enterprise's own registers in the portal (one enterprise)"),
    # foodsafety
    "foodsafety:overview": FOODSAFETY,
    "foodsafety:gap_export": EXPORT,
    "foodsafety:enrol_list": FOODSAFETY,
    "foodsafety:enrol": FORM,
    "foodsafety:enrolment_end": POST_ONLY,
    "foodsafety:enterprise_panel": FOODSAFETY,
    "foodsafety:routine": FOODSAFETY,
    "foodsafety:staff_edit": FORM,
    "foodsafety:risk_list": FOODSAFETY,
    "foodsafety:risk_edit": FORM,
    "foodsafety:risk_archive": POST_ONLY,
    "foodsafety:routine_comment": POST_ONLY,
    "foodsafety:annual_file": FILE,
    "foodsafety:daily_new": FORM,
    "foodsafety:weekly_new": FORM,
    "foodsafety:monthly_new": FORM,
    "foodsafety:annual_new": FORM,
    "foodsafety:issue_detail": FOODSAFETY,
    "foodsafety:issue_fix": POST_ONLY,
    "foodsafety:issue_reopen": POST_ONLY,
    "foodsafety:issue_comment": POST_ONLY,
    "foodsafety:evidence_file": FILE,
    # insights
    "insights:overview": INSIGHTS,
    "insights:chain_index": INSIGHTS,
    "insights:chain_dashboard": INSIGHTS,
    "insights:town_index": INSIGHTS,
    "insights:town_dashboard": INSIGHTS,
    "insights:outreach": INSIGHTS,
    "insights:coverage": INSIGHTS,
    "insights:chain_panel": INSIGHTS,
    "insights:town_panel": INSIGHTS,
    "insights:indicator_list": INSIGHTS,
    "insights:indicator_create": FORM,
    "insights:indicator_import": exempt("the upload form for indicator files"),
    "insights:indicator_export": EXPORT,
    "insights:indicator_edit": FORM,
    "insights:indicator_archive": POST_ONLY,
    "insights:graph_index": INSIGHTS,
    "insights:graph_detail": INSIGHTS,
    "insights:graph_svg": INSIGHTS,
    "insights:map_page": INSIGHTS,
    "insights:map_geojson": STATIC,
    "insights:map_data": INSIGHTS,
    "insights:map_county": INSIGHTS,
    # ops
    "ops:scheduled_run_list": OPS,
    # handbooks
    "handbooks:list": HANDBOOKS,
    "handbooks:mine": HANDBOOK,
    "handbooks:detail": HANDBOOK,
    "handbooks:download": FILE,
    "handbooks:action": POST_ONLY,
    "handbooks:section_edit": POST_ONLY,
    "handbooks:measure_add": POST_ONLY,
    "handbooks:measure_edit": POST_ONLY,
    "handbooks:measure_delete": POST_ONLY,
    "handbooks:batch_list": HANDBOOKS,
    "handbooks:batch_create": FORM,
    "handbooks:batch_detail": HANDBOOKS,
    "handbooks:batch_action": POST_ONLY,
    "handbooks:batch_zip": POST_ONLY,
    "handbooks:batch_zip_download": FILE,
    "handbooks:template": exempt("the Word template upload form"),
    "handbooks:library": HANDBOOKS,
    "handbooks:library_sections": POST_ONLY,
    "handbooks:library_measure_add": POST_ONLY,
    "handbooks:library_measure_edit": POST_ONLY,
    "handbooks:library_measure_active": POST_ONLY,
    # changes
    "changes:queue": CHANGES,
    "changes:mine": OWN_CHANGES,
    "changes:new": FORM,
    "changes:detail": CHANGES,
    "changes:decide": POST_ONLY,
    "changes:evidence": FILE,
}

API: dict[str, Covered | Exempt] = {
    # registry
    "GET /api/enterprises": REGISTRY,
    "GET /api/enterprises/{uscc}": REGISTRY,
    "GET /api/enterprises/{uscc}/history": REGISTRY,
    "GET /api/chains": REGISTRY,
    "GET /api/chains/{code}": REGISTRY,
    "GET /api/towns": REGISTRY,
    "GET /api/towns/{code}": REGISTRY,
    "GET /api/regions": STATIC,
    "GET /api/industries": STATIC,
    "GET /api/imports/{batch_id}": exempt("one import's summary"),
    "GET /api/imports/{batch_id}/report.xlsx": FILE,
    "GET /api/jobs/{job_id}": JOB,
    # policies
    "GET /api/policies/": POLICIES,
    "GET /api/policies/industries": STATIC,
    "GET /api/policies/runs": POLICIES,
    "GET /api/policies/runs/{run_id}": POLICIES,
    "GET /api/policies/matches": POLICIES,
    "GET /api/policies/{policy_id}": POLICIES,
    "GET /api/policies/{policy_id}/rules": POLICIES,
    "GET /api/policies/{policy_id}/explain/{uscc}": POLICIES,
    "GET /api/pushes/": POLICIES,
    "GET /api/pushes/coverage": POLICIES,
    "GET /api/pushes/{push_id}": POLICIES,
    "GET /api/portal/pushes": PORTAL,
    # casework
    "GET /api/casework/activities": CASEWORK,
    "GET /api/casework/activities/{pk}": CASEWORK,
    "GET /api/casework/needs": CASEWORK,
    "GET /api/casework/needs/{pk}": CASEWORK,
    "GET /api/casework/tasks": CASEWORK,
    "GET /api/casework/tasks/{pk}": CASEWORK,
    # quality
    "GET /api/quality/problems": QUALITY,
    "GET /api/quality/problems/{pk}": QUALITY,
    "GET /api/quality/key-projects": QUALITY,
    "GET /api/quality/key-projects/{pk}": QUALITY,
    "GET /api/quality/losses": QUALITY,
    "GET /api/quality/programmes": QUALITY,
    "GET /api/quality/programmes/{pk}": QUALITY,
    # foodsafety
    "GET /api/foodsafety/enrolments": FOODSAFETY,
    "GET /api/foodsafety/gaps": FOODSAFETY,
    "GET /api/foodsafety/enterprises/{uscc}/records": FOODSAFETY,
    "GET /api/foodsafety/issues": FOODSAFETY,
    "GET /api/foodsafety/issues/{issue_id}": FOODSAFETY,
    # insights
    "GET /api/insights/metrics": STATIC,
    "GET /api/insights/indicators": INSIGHTS,
    "GET /api/insights/indicators/{pk}": exempt("one indicator value"),
    "GET /api/insights/figures/group": GROUPS,
    "GET /api/insights/figures/share": GROUPS,
    "GET /api/insights/groups": GROUPS,
    # nqi
    "GET /api/nqi/enterprises/{uscc}": NQI,
    "GET /api/nqi/certificates": NQI,
    "GET /api/nqi/certificates/{pk}": NQI,
    "GET /api/nqi/instruments": NQI,
    "GET /api/nqi/instruments/{pk}": NQI,
    "GET /api/nqi/providers": NQI,
    "GET /api/nqi/standards": NQI,
    "GET /api/nqi/standards/{pk}": NQI,
    "GET /api/nqi/participations": NQI,
    "GET /api/nqi/participations/{pk}": NQI,
    "GET /api/nqi/trademarks": NQI,
    "GET /api/nqi/trademarks/{pk}": NQI,
    "GET /api/nqi/patents": NQI,
    "GET /api/nqi/patents/{pk}": NQI,
    "GET /api/nqi/gi-products": NQI,
    "GET /api/nqi/gi-products/{pk}": NQI,
    "GET /api/nqi/gi-authorisations": NQI,
    "GET /api/nqi/gi-authorisations/{pk}": NQI,
    "GET /api/nqi/brands": NQI,
    "GET /api/nqi/brands/{pk}": NQI,
    "GET /api/nqi/catalogue-lines": NQI,
    "GET /api/nqi/catalogue-lines/{pk}": NQI,
    "GET /api/nqi/campaigns": NQI,
    "GET /api/nqi/campaigns/{pk}": NQI,
    "GET /api/nqi/innovation-bases": NQI,
    "GET /api/nqi/innovation-bases/{pk}": NQI,
    # handbooks
    "GET /api/handbooks/": HANDBOOKS,
    "GET /api/handbooks/{handbook_id}": HANDBOOK,
    "GET /api/handbooks/{handbook_id}/file.{fmt}": FILE,
    "GET /api/handbooks/batches": HANDBOOKS,
    "GET /api/handbooks/batches/{batch_id}": HANDBOOKS,
    "GET /api/handbooks/batches/{batch_id}/zip/{job_id}": JOB,
    "GET /api/handbooks/batches/{batch_id}/zip/{job_id}/file": FILE,
    # changes
    "GET /api/changes/": CHANGES,
    "GET /api/changes/{change_id}": CHANGES,
}
