"""Register pages, panels, routing and files."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from qstrong.nqi.views import detail, io, pages, panels, records

app_name = "nqi"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", pages.overview, name="overview"),
    path("certificates/", pages.certificate_list, name="certificate_list"),
    path("certificates/new/", pages.certificate_create, name="certificate_create"),
    path("certificates/<int:pk>/", pages.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/status/", pages.certificate_status, name="certificate_status"),
    path("instruments/", pages.instrument_list, name="instrument_list"),
    path("instruments/<int:pk>/", detail.instrument_detail, name="instrument_detail"),
    path("instruments/<int:pk>/verify/", detail.instrument_verify, name="instrument_verify"),
    path("standards/<int:pk>/", detail.standard_detail, name="standard_detail"),
    path("gi/<int:pk>/", detail.gi_detail, name="gi_detail"),
    path("campaigns/", detail.campaign_list, name="campaign_list"),
    path("campaigns/<int:pk>/", detail.campaign_detail, name="campaign_detail"),
    path("records/<str:kind>/new/", records.record_create, name="record_create"),
    path("records/<str:kind>/<int:pk>/edit/", records.record_edit, name="record_edit"),
    path("providers/", pages.provider_list, name="provider_list"),
    path("providers/<int:pk>/", pages.provider_detail, name="provider_detail"),
    path("standards/", pages.standard_list, name="standard_list"),
    path("ip/", pages.ip_overview, name="ip"),
    path("files/", io.import_page, name="import"),
    path("files/<str:register>.<str:fmt>", io.export, name="export"),
    path("needs/<int:pk>/route/", panels.need_route, name="need_route"),
    path("routings/<int:pk>/answer/", panels.routing_answer, name="routing_answer"),
    path("panels/enterprise/<int:pk>/", panels.enterprise_panel, name="enterprise_panel"),
    path("panels/chain/<str:code>/", panels.chain_panel, name="chain_panel"),
    path("panels/town/<str:code>/", panels.town_panel, name="town_panel"),
    path("panels/need/<int:pk>/", panels.need_panel, name="need_panel"),
    path("panels/portal/", panels.portal_panel, name="portal_panel"),
]
