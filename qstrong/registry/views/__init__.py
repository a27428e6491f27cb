"""The registry's pages: enterprises, chains, towns, imports."""

from __future__ import annotations

from qstrong.registry.views.catalogue import chain_detail, chain_list, town_detail, town_list
from qstrong.registry.views.enterprise_forms import enterprise_create, enterprise_edit
from qstrong.registry.views.enterprises import (
    enterprise_archive,
    enterprise_detail,
    enterprise_export,
    enterprise_list,
    enterprise_restore,
)
from qstrong.registry.views.exports import export_detail, export_download
from qstrong.registry.views.imports import import_detail, import_page, import_report_download

__all__ = [
    "chain_detail",
    "chain_list",
    "enterprise_archive",
    "enterprise_create",
    "enterprise_detail",
    "enterprise_edit",
    "enterprise_export",
    "enterprise_list",
    "enterprise_restore",
    "export_detail",
    "export_download",
    "import_detail",
    "import_page",
    "import_report_download",
    "town_detail",
    "town_list",
]
