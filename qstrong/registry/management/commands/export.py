"""`qstrong export KIND FILE`: enterprises (filtered), reference tables, chains, towns, members."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qstrong.registry import exporting
from qstrong.registry.models import ChainMember, Enterprise, TownMember

EXPORTS = {
    "regions": exporting.export_regions,
    "industries": exporting.export_industries,
    "chains": exporting.export_chains,
    "towns": exporting.export_towns,
    "chain-members": exporting.export_chain_members,
    "town-members": exporting.export_town_members,
}


def region_prefix(code: str) -> str:
    """140000 → 14, 140700 → 1407, 140703 → 140703: what `within` means for a region."""
    code = code.strip()
    if len(code) == 6 and code.endswith("0000"):
        return code[:2]
    if len(code) == 6 and code.endswith("00"):
        return code[:4]
    return code


class Command(BaseCommand):
    help = "Export to .csv or .xlsx (by the file's suffix) in the shape the importer reads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["enterprises", *sorted(EXPORTS)])
        parser.add_argument("file", type=Path)
        parser.add_argument("--region", default="", help="Province, city or county code.")
        parser.add_argument("--industry", default="", help="Industry code prefix, e.g. C27.")
        parser.add_argument("--chain", default="", help="Chain code.")
        parser.add_argument("--town", default="", help="Town code.")
        parser.add_argument(
            "--scale", default="", choices=["", "large", "medium", "small", "micro"]
        )
        parser.add_argument("--include-archived", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in {"csv", "xlsx"}:
            raise CommandError("the file must end in .csv or .xlsx")
        kind = options["kind"]
        if kind == "enterprises":
            count = exporting.export_enterprises(
                queryset=self.enterprises(options), path_or_buffer=path, fmt=fmt
            )
        elif kind in {"chain-members", "town-members"}:
            model = ChainMember if kind == "chain-members" else TownMember
            qs = model.objects.all()
            if options["chain"] and kind == "chain-members":
                qs = qs.filter(chain__code=options["chain"])
            if options["town"] and kind == "town-members":
                qs = qs.filter(town__code=options["town"])
            if options["region"]:
                qs = qs.filter(
                    enterprise__region__code__startswith=region_prefix(options["region"])
                )
            count = EXPORTS[kind](path_or_buffer=path, fmt=fmt, queryset=qs)
        else:
            count = EXPORTS[kind](path_or_buffer=path, fmt=fmt)
        self.stdout.write(f"exported {count} rows to {path}")

    def enterprises(self, options: dict[str, Any]) -> Any:
        qs = Enterprise.objects.all()
        if not options["include_archived"]:
            qs = qs.filter(archived_at__isnull=True)
        if options["region"]:
            qs = qs.filter(region__code__startswith=region_prefix(options["region"]))
        if options["industry"]:
            qs = qs.filter(industry__code__startswith=options["industry"].upper())
        if options["chain"]:
            qs = qs.filter(chain_memberships__chain__code=options["chain"])
        if options["town"]:
            qs = qs.filter(town_memberships__town__code=options["town"])
        if options["scale"]:
            qs = qs.filter(scale=options["scale"])
        return qs.distinct()
