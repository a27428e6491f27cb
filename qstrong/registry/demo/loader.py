"""Load the demo: the article's chains, towns, enterprises, links; demo accounts; synthetic firms.

Idempotent: everything goes through the registry services, which record an audit event only for
a real change, and a synthetic file already imported is not imported again.
"""

from __future__ import annotations

import csv
import hashlib
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record
from qstrong.registry.demo.accounts import (
    DEMO_ENTERPRISE_KEYS,
    demo_accounts_load,
    refuse_in_production,
)
from qstrong.registry.demo.article import DEMO_CHAINS, DEMO_TOWNS
from qstrong.registry.demo.article_enterprises import (
    ARTICLE_ENTERPRISES,
    ARTICLE_SUPPLY_LINKS,
    DemoEnterprise,
)
from qstrong.registry.demo.synthetic import write_synthetic_file
from qstrong.registry.models import (
    Chain,
    ChainMember,
    Enterprise,
    ImportBatch,
    Segment,
    Source,
    Town,
)
from qstrong.registry.reference import load_reference_data, reference_data_loaded
from qstrong.registry.services import (
    chain_upsert,
    enterprise_set_memberships,
    enterprise_upsert,
    supply_link_upsert,
    town_upsert,
)

SYNTHETIC_SEED = 2024
SYNTHETIC_NOTE = "合成演示数据：由 qstrong synth 生成，并非真实企业"
_CHUNK = 1000


class Writer(Protocol):
    def write(self, msg: str, /) -> Any: ...


class DemoLoadError(RuntimeError):
    """The demo could not be loaded (e.g. the synthetic import was rejected)."""


class SyntheticRefused(RuntimeError):
    """Synthetic enterprises were asked for under production settings."""


def _refuse_in_production(*, users: bool, synthetic: int) -> None:
    """Check before writing anything, so that a refusal leaves the database as it was."""
    if not getattr(settings, "PRODUCTION", False):
        return
    if users:
        refuse_in_production()
    if synthetic:
        raise SyntheticRefused(
            "拒绝在生产环境（QSTRONG_ENV=production）导入合成企业：它们会进入政策匹配与推送。"
            "Refusing to import synthetic enterprises under production settings."
        )


def _tally(counter: Counter[str], outcome: str) -> None:
    counter[outcome] += 1


def chains_load() -> Counter[str]:
    counts: Counter[str] = Counter()
    for order, spec in enumerate(DEMO_CHAINS, start=1):
        _, outcome = chain_upsert(
            code=spec.code,
            name=spec.name,
            segments=spec.segments,
            description=spec.description,
            sort_order=order,
            source=spec.source,
            source_note=spec.source_note,
            actor=None,
        )
        _tally(counts, outcome)
    return counts


def towns_load() -> Counter[str]:
    counts: Counter[str] = Counter()
    for spec in DEMO_TOWNS:
        _, outcome = town_upsert(
            code=spec.code,
            data={
                "name": spec.name,
                "county_id": spec.county,
                "level": Town.Level.PROVINCIAL,
                "leading_industry": spec.leading_industry,
                "industry_id": spec.industry,
                "batch": spec.batch,
                "is_key": spec.is_key,
            },
            source=spec.source,
            source_note=spec.source_note,
            actor=None,
        )
        _tally(counts, outcome)
    return counts


def _enterprise_data(spec: DemoEnterprise) -> dict[str, Any]:
    return {
        "name": spec.name,
        "region_id": spec.region,
        "industry_id": spec.industry,
        "certifications": list(spec.certifications) if spec.certifications is not None else None,
        "standards_led": spec.standards_led,
    }


def enterprises_load() -> tuple[Counter[str], int, dict[str, Enterprise]]:
    """Upsert the article's enterprises and their memberships: (counts, changed, by key)."""
    counts: Counter[str] = Counter()
    changed_memberships = 0
    by_key: dict[str, Enterprise] = {}
    chains = {chain.code: chain for chain in Chain.objects.all()}
    towns = {town.code: town for town in Town.objects.all()}
    for spec in ARTICLE_ENTERPRISES:
        enterprise, outcome = enterprise_upsert(
            uscc=spec.uscc,
            data=_enterprise_data(spec),
            source=Source.ARTICLE,
            source_note=spec.source_note,
            actor=None,
        )
        _tally(counts, outcome)
        by_key[spec.key] = enterprise
        chain_places = None
        if spec.chains:
            chain_places = [
                (
                    chains[place.chain],
                    place.role,
                    Segment.objects.get(chain=chains[place.chain], name=place.segment)
                    if place.segment
                    else None,
                )
                for place in spec.chains
            ]
        town_places = [(towns[p.town], p.leading) for p in spec.towns] if spec.towns else None
        if chain_places is None and town_places is None:
            continue
        changes = enterprise_set_memberships(
            enterprise=enterprise, chains=chain_places, towns=town_places, actor=None
        )
        changed_memberships += bool(changes)
    return counts, changed_memberships, by_key


def supply_links_load(by_key: dict[str, Enterprise]) -> int:
    chains = {chain.code: chain for chain in Chain.objects.all()}
    for spec in ARTICLE_SUPPLY_LINKS:
        supply_link_upsert(
            supplier=by_key[spec.supplier],
            customer=by_key[spec.customer],
            product=spec.product,
            chain=chains[spec.chain],
            actor=None,
        )
    return len(ARTICLE_SUPPLY_LINKS)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _usccs_in(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row["统一社会信用代码"] for row in csv.DictReader(handle)]


def synthetic_load(*, count: int, seed: int = SYNTHETIC_SEED) -> dict[str, Any]:
    """Write a synthetic file, import it through the importer, mark the enterprises synthetic.

    A file with the same content already committed is not imported again: re-running the demo
    adds no batch and no audit event.
    """
    from qstrong.registry.importing import import_path  # the importer: another engineer's module

    with tempfile.TemporaryDirectory(prefix="qstrong-demo-") as tmp:
        path = Path(tmp) / f"synthetic-enterprises-{count}-seed{seed}.csv"
        write_synthetic_file(path=path, count=count, seed=seed)
        sha256 = _file_sha256(path)
        usccs = _usccs_in(path)
        batch = ImportBatch.objects.filter(
            kind=ImportBatch.Kind.ENTERPRISES, sha256=sha256, state=ImportBatch.State.COMMITTED
        ).first()
        imported = batch is None
        if batch is None:
            batch = import_path(
                path=path,
                kind=ImportBatch.Kind.ENTERPRISES,
                actor=None,
                source=(Source.SYNTHETIC.value, SYNTHETIC_NOTE),
            )
    if batch.state != ImportBatch.State.COMMITTED:
        raise DemoLoadError(
            f"synthetic import batch {batch.pk} ended {batch.state}: {list(batch.errors)[:5]}"
        )
    # New enterprises were created marked synthetic; only those the file updated need marking.
    created = batch.created_count if imported else 0
    marked = created + synthetic_mark(usccs=usccs, batch=batch, skip=created == len(usccs))
    placed = synthetic_place_on_segments()
    return {
        "rows": len(usccs),
        "batch": batch.pk,
        "imported": imported,
        "created": batch.created_count if imported else 0,
        "updated": batch.updated_count if imported else 0,
        "unchanged": batch.unchanged_count if imported else len(usccs),
        "marked": marked,
        "placed": placed,
    }


@transaction.atomic
def synthetic_mark(*, usccs: list[str], batch: ImportBatch, skip: bool = False) -> int:
    """Set source="synthetic" on the file's enterprises that are not yet; one audit event.

    `skip`: the import created every one of them marked already (the first load).
    """
    marked = 0
    for start in range(0, 0 if skip else len(usccs), _CHUNK):
        marked += (
            Enterprise.objects.filter(uscc__in=usccs[start : start + _CHUNK])
            .exclude(source=Source.SYNTHETIC)
            .update(source=Source.SYNTHETIC, source_note=SYNTHETIC_NOTE)
        )
    if marked:
        audit_record(
            actor=None,
            action=AuditEvent.Action.UPDATE,
            object_type="registry.importbatch",
            object_id=str(batch.pk),
            object_repr=batch.filename,
            changes={"source": [None, Source.SYNTHETIC]},
            import_batch_id=batch.pk,
            note=f"{marked} enterprises marked synthetic",
        )
    return marked


@transaction.atomic
def synthetic_place_on_segments() -> int:
    """Put synthetic chain members on a segment of their chain, so the chain page shows a chain.

    The import format carries `chain:role` only; for synthetic firms the segment is drawn from a
    stable hash of the code, so every run places them the same way. One read and one bulk update
    (COPY + UPDATE … FROM on PostgreSQL), whatever the number of members.
    """
    import polars as pl

    from qstrong.registry.importing import dbwrite

    segments: dict[int, list[int]] = {}
    for segment_id, chain_id in Segment.objects.order_by("position").values_list("pk", "chain_id"):
        segments.setdefault(chain_id, []).append(segment_id)
    members = ChainMember.objects.filter(
        enterprise__source=Source.SYNTHETIC, segment__isnull=True, chain_id__in=list(segments)
    ).values_list("pk", "chain_id", "enterprise__uscc")
    placed = [
        (pk, options[hashlib.sha256(uscc.encode()).digest()[0] % len(options)])
        for pk, chain_id, uscc in members.iterator(chunk_size=20_000)
        if (options := segments[chain_id])
    ]
    frame = pl.DataFrame(placed, schema={"id": pl.Int64, "segment_id": pl.Int64}, orient="row")
    dbwrite.update_frame(ChainMember, frame)
    return len(placed)


# Each app loads its own part of the article (after the registry, so it can refer to it); every
# loader is idempotent and returns what it created.
DEMO_EXTENSIONS = (
    "qstrong.policies.demo.load_demo",
    "qstrong.casework.demo.load_demo",
    "qstrong.quality.demo.load_demo",
    "qstrong.foodsafety.demo.load_demo",
    "qstrong.insights.demo.load_demo",
    "qstrong.nqi.demo.load_demo",
    "qstrong.handbooks.demo.load_demo",
)


def load_demo(
    *,
    synthetic: int = 0,
    users: bool = True,
    seed: int = SYNTHETIC_SEED,
    stdout: Writer | None = None,
) -> dict[str, Any]:
    """Load (or bring up to date) the whole demo; returns what was created, updated, unchanged."""
    _refuse_in_production(users=users, synthetic=synthetic)

    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(text + "\n")

    if not reference_data_loaded():
        say("参考数据 / reference data …")
        load_reference_data()
    result: dict[str, Any] = {}
    with transaction.atomic():
        say("报道数据 / article data …")
        result["chains"] = dict(chains_load())
        result["towns"] = dict(towns_load())
        counts, changed_memberships, by_key = enterprises_load()
        result["enterprises"] = dict(counts)
        result["memberships_changed"] = changed_memberships
        result["supply_links"] = supply_links_load(by_key)
        if users:
            say("演示账户 / demo accounts …")
            demo_enterprises = [by_key[key] for key in DEMO_ENTERPRISE_KEYS]
            result.update(demo_accounts_load(enterprises=demo_enterprises))
    if synthetic > 0:
        say(f"合成企业 / synthetic enterprises ({synthetic}) …")
        result["synthetic"] = synthetic_load(count=synthetic, seed=seed)
    for dotted in DEMO_EXTENSIONS:
        result[dotted.split(".")[1]] = import_string(dotted)(say=say)
    return result
