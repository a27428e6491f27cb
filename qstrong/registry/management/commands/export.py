"""`qstrong export KIND FILE`: enterprises (filtered), reference tables, chains, towns, members."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet

from qstrong.registry import exporting
from qstrong.registry.models import ChainMember, Enterprise, TownMember
from qstrong.registry.selectors import region_within_prefix


class Export(Protocol):
    """An exporting.export_* function: writes the rows, returns how many."""

    def __call__(self, *, path_or_buffer: exporting.Destination, fmt: str = ...) -> int: ...


EXPORTS: dict[str, Export] = {
    "regions": exporting.export_regions,
    "industries": exporting.export_industries,
    "chains": exporting.export_chains,
    "towns": exporting.export_towns,
    "chain-members": exporting.export_chain_members,
    "town-members": exporting.export_town_members,
}


class Command(BaseCommand):
    help = "Export to .csv or .xlsx (by the file's suffix) in the shape the importer reads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["enterprises", "matches", *sorted(EXPORTS)])
        parser.add_argument("file", type=Path)
        parser.add_argument("--region", default="", help="Province, city or county code.")
        parser.add_argument("--industry", default="", help="Industry code prefix, e.g. C27.")
        parser.add_argument("--chain", default="", help="Chain code.")
        parser.add_argument("--town", default="", help="Town code.")
        parser.add_argument(
            "--scale", default="", choices=["", "large", "medium", "small", "micro"]
        )
        parser.add_argument("--include-archived", action="store_true")
        parser.add_argument("--as-of", default=None, help="matches: evaluate for this date.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if options["kind"] == "matches":  # policy matches: the policies app's exporter
            from qstrong.policies.management.exporting import export_matches_file

            self.stdout.write(export_matches_file(path=path, options=options))
            return
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in {"csv", "xlsx"}:
            raise CommandError("the file must end in .csv or .xlsx")
        kind = options["kind"]
        if kind == "enterprises":
            count = exporting.export_enterprises(
                queryset=self.enterprises(options), path_or_buffer=path, fmt=fmt
            )
        elif kind == "chain-members":
            count = exporting.export_chain_members(
                path_or_buffer=path, fmt=fmt, queryset=self.chain_members(options)
            )
        elif kind == "town-members":
            count = exporting.export_town_members(
                path_or_buffer=path, fmt=fmt, queryset=self.town_members(options)
            )
        else:
            count = EXPORTS[kind](path_or_buffer=path, fmt=fmt)
        self.stdout.write(f"exported {count} rows to {path}")

    def chain_members(self, options: dict[str, Any]) -> QuerySet[ChainMember]:
        qs = ChainMember.objects.all()
        if options["chain"]:
            qs = qs.filter(chain__code=options["chain"])
        if options["region"]:
            qs = qs.filter(
                enterprise__region__code__startswith=region_within_prefix(options["region"])
            )
        return qs

    def town_members(self, options: dict[str, Any]) -> QuerySet[TownMember]:
        qs = TownMember.objects.all()
        if options["town"]:
            qs = qs.filter(town__code=options["town"])
        if options["region"]:
            qs = qs.filter(
                enterprise__region__code__startswith=region_within_prefix(options["region"])
            )
        return qs

    def enterprises(self, options: dict[str, Any]) -> QuerySet[Enterprise]:
        qs = Enterprise.objects.all()
        if not options["include_archived"]:
            qs = qs.filter(archived_at__isnull=True)
        if options["region"]:
            qs = qs.filter(region__code__startswith=region_within_prefix(options["region"]))
        if options["industry"]:
            qs = qs.filter(industry__code__startswith=options["industry"].upper())
        if options["chain"]:
            qs = qs.filter(chain_memberships__chain__code=options["chain"])
        if options["town"]:
            qs = qs.filter(town_memberships__town__code=options["town"])
        if options["scale"]:
            qs = qs.filter(scale=options["scale"])
        return qs.distinct()
