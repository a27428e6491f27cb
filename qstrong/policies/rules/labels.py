"""Names for the codes rules mention: region, industry, chain and town codes → names."""

from __future__ import annotations

from collections.abc import Callable, Mapping

# The rule field whose values are codes of each kind.
KIND_OF_FIELD = {"region": "region", "industry": "industry", "chains": "chain", "towns": "town"}


class CodeLabels:
    """Code → name lookups for rendering rules; codes without a name render as the code."""

    def __init__(
        self,
        *,
        regions: Mapping[str, str] | None = None,
        industries: Mapping[str, str] | None = None,
        chains: Mapping[str, str] | None = None,
        towns: Mapping[str, str] | None = None,
    ) -> None:
        self._tables: dict[str, Mapping[str, str]] = {
            "region": regions or {},
            "industry": industries or {},
            "chain": chains or {},
            "town": towns or {},
        }

    def table(self, kind: str) -> Mapping[str, str]:
        return self._tables[kind]

    def name(self, field: str, code: str) -> str | None:
        """The name of ``code`` as a value of rule field ``field``; None when unknown."""
        kind = KIND_OF_FIELD.get(field)
        return None if kind is None else self.table(kind).get(code)


class _LazyLabels(CodeLabels):
    """Loads each table on first use and keeps it for the life of this object."""

    def __init__(self, loaders: Mapping[str, Callable[[], Mapping[str, str]]]) -> None:
        super().__init__()
        self._loaders = loaders
        self._loaded: dict[str, Mapping[str, str]] = {}

    def table(self, kind: str) -> Mapping[str, str]:
        if kind not in self._loaded:
            self._loaded[kind] = self._loaders[kind]()
        return self._loaded[kind]


def db_labels() -> CodeLabels:
    """Labels from the registry tables; each call starts a fresh cache (one per request or run)."""
    from qstrong.registry.models import Chain, Industry, Region, Town

    def loader(model: type) -> Callable[[], Mapping[str, str]]:
        return lambda: dict(model.objects.values_list("code", "name"))  # type: ignore[attr-defined]

    return _LazyLabels(
        {
            "region": loader(Region),
            "industry": loader(Industry),
            "chain": loader(Chain),
            "town": loader(Town),
        }
    )
