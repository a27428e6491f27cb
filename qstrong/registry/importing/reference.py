"""The registry's codes an import checks against, loaded once per import."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from qstrong.registry.models import Chain, Industry, Region, Segment, Town


def fold(text: str) -> str:
    """How names are matched: full-width folded, spaces removed, lower case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


@dataclass
class Reference:
    counties: list[str]
    regions: list[str]
    region_names: dict[str, str]
    industries: list[str]
    industry_by_digits: dict[str, str]
    chains: dict[str, str]  # folded code or name → code
    chain_ids: dict[str, int]
    chain_names: dict[str, str]  # code → name
    segments: dict[tuple[str, str], int]  # (chain code, folded segment name) → id
    towns: dict[str, str]
    town_ids: dict[str, int]
    town_names: dict[str, str]

    @classmethod
    def load(cls) -> Reference:
        regions = list(Region.objects.values_list("code", "name", "level"))
        industries = list(Industry.objects.values_list("code", flat=True))
        chains = list(Chain.objects.values_list("pk", "code", "name"))
        towns = list(Town.objects.values_list("pk", "code", "name"))
        chain_code = {pk: code for pk, code, _ in chains}
        return cls(
            counties=[code for code, _, level in regions if level == Region.Level.COUNTY],
            regions=[code for code, _, _ in regions],
            region_names={code: name for code, name, _ in regions},
            industries=industries,
            industry_by_digits={code[1:]: code for code in industries if len(code) > 1},
            chains={
                **{fold(name): code for _, code, name in chains},
                **{fold(code): code for _, code, _ in chains},
            },
            chain_ids={code: pk for pk, code, _ in chains},
            chain_names={code: name for _, code, name in chains},
            segments={
                (chain_code[chain_id], fold(name)): pk
                for pk, chain_id, name in Segment.objects.values_list("pk", "chain_id", "name")
            },
            towns={
                **{fold(name): code for _, code, name in towns},
                **{fold(code): code for _, code, _ in towns},
            },
            town_ids={code: pk for pk, code, _ in towns},
            town_names={code: name for _, code, name in towns},
        )
