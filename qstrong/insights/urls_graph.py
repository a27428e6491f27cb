"""Chain graph and map pages (the industry map, the bottleneck map, Shanxi); in insights/urls.py."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from qstrong.insights import views_graph as graph
from qstrong.insights import views_maps as maps

urlpatterns: list[URLPattern | URLResolver] = [
    path("graph/", graph.graph_index, name="graph_index"),
    path("graph/<str:code>/", graph.graph_detail, name="graph_detail"),
    path("graph/<str:code>/svg/", graph.graph_svg, name="graph_svg"),
    path("map/", maps.map_page, name="map_page"),
    path("map/counties.geojson", maps.map_geojson, name="map_geojson"),
    path("map/data/", maps.map_data, name="map_data"),
    path("map/county/<str:code>/", maps.map_county, name="map_county"),
]
