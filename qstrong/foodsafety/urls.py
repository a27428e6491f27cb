"""Food safety pages."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from qstrong.foodsafety.views import issues, overview, records, routine

app_name = "foodsafety"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", overview.overview, name="overview"),
    path("gaps.xlsx", overview.gap_export, name="gap_export"),
    path("enrol/", overview.enrol_list, name="enrol_list"),
    path("e/<int:pk>/enrol/", overview.enrol, name="enrol"),
    path("e/<int:pk>/leave/", overview.enrolment_end, name="enrolment_end"),
    path("e/<int:pk>/panel/", overview.enterprise_panel, name="enterprise_panel"),
    path("e/<int:pk>/", routine.routine, name="routine"),
    path("e/<int:pk>/staff/", routine.staff_edit, name="staff_edit"),
    path("e/<int:pk>/risks/", routine.risk_list, name="risk_list"),
    path("e/<int:pk>/risks/<int:item_pk>/", routine.risk_edit, name="risk_edit"),
    path("e/<int:pk>/risks/<int:item_pk>/archive/", routine.risk_archive, name="risk_archive"),
    path("e/<int:pk>/comment/", routine.routine_comment, name="routine_comment"),
    path("e/<int:pk>/annual/<int:year>/file/", routine.annual_file, name="annual_file"),
    path("e/<int:pk>/daily/new/", records.daily_new, name="daily_new"),
    path("e/<int:pk>/weekly/new/", records.weekly_new, name="weekly_new"),
    path("e/<int:pk>/monthly/new/", records.monthly_new, name="monthly_new"),
    path("e/<int:pk>/annual/new/", records.annual_new, name="annual_new"),
    path("issues/<int:pk>/", issues.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/fix/", issues.issue_fix, name="issue_fix"),
    path("issues/<int:pk>/reopen/", issues.issue_reopen, name="issue_reopen"),
    path("issues/<int:pk>/comment/", issues.issue_comment, name="issue_comment"),
    path("issues/<int:pk>/evidence/<int:event_pk>/", issues.evidence_file, name="evidence_file"),
]
