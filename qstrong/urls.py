"""URL map: pages per app, the JSON API under /api/, the admin under /admin/."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, re_path

from qstrong.accounts import views as account_views
from qstrong.api import api
from qstrong.api import not_found as api_not_found

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/", include("qstrong.accounts.urls")),
    path("registry/", include("qstrong.registry.urls")),
    path("jobs/", include("qstrong.core.urls")),
    path("audit/", include("qstrong.core.urls_audit")),
    path("policies/", include("qstrong.policies.urls")),
    path("portal/", include("qstrong.portal.urls")),
    path("casework/", include("qstrong.casework.urls")),
    path("quality/", include("qstrong.quality.urls")),
    path("nqi/", include("qstrong.nqi.urls")),
    path("foodsafety/", include("qstrong.foodsafety.urls")),
    path("insights/", include("qstrong.insights.urls")),
    path("ops/", include("qstrong.ops.urls")),
    path("handbooks/", include("qstrong.handbooks.urls")),
    path("changes/", include("qstrong.changes.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    re_path(r"^api/(?P<unmatched>.*)$", api_not_found, name="api-not-found"),
    path("admin/", admin.site.urls),
]
