"""Insights pages: dashboards, indicator data, the panels on chain and town pages."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from qstrong.insights import views_dashboards as boards
from qstrong.insights import views_indicators as data

app_name = "insights"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", boards.overview, name="overview"),
    path("chains/", boards.chain_index, name="chain_index"),
    path("chains/<str:code>/", boards.chain_dashboard, name="chain_dashboard"),
    path("towns/", boards.town_index, name="town_index"),
    path("towns/<str:code>/", boards.town_dashboard, name="town_dashboard"),
    path("outreach/", boards.outreach, name="outreach"),
    path("coverage/", boards.coverage, name="coverage"),
    path("panels/chain/<str:code>/", boards.chain_panel, name="chain_panel"),
    path("panels/town/<str:code>/", boards.town_panel, name="town_panel"),
    path("indicators/", data.indicator_list, name="indicator_list"),
    path("indicators/new/", data.indicator_create, name="indicator_create"),
    path("indicators/import/", data.indicator_import, name="indicator_import"),
    path("indicators/export/", data.indicator_export, name="indicator_export"),
    path("indicators/<int:pk>/edit/", data.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/archive/", data.indicator_archive, name="indicator_archive"),
    path("", include("qstrong.insights.urls_graph")),
]
