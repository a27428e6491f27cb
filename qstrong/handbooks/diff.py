"""What changed between two editions, section by section (new policies, closed tasks …)."""

from __future__ import annotations

from dataclasses import dataclass, field

from qstrong.handbooks.schemas import Content, Facts, Figure, Paragraph, Section, Table


@dataclass
class SectionChange:
    key: str
    title: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _lines(section: Section | None) -> tuple[dict[str, str], list[str]]:
    """(facts label → value, other lines) of a section."""
    facts: dict[str, str] = {}
    lines: list[str] = []
    if section is None:
        return facts, lines
    for block in section.blocks:
        if isinstance(block, Facts):
            facts.update({label: value for label, value in block.rows})
        elif isinstance(block, Table):
            lines += ["｜".join(row) for row in block.rows]
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Figure):
            lines.append(f"{block.caption}：{block.summary}")
    return facts, lines


def editions_diff(old: Content, new: Content) -> list[SectionChange]:
    changes = []
    keys = [s.key for s in new.sections] + [
        s.key for s in old.sections if new.section(s.key) is None
    ]
    for key in keys:
        before, after = old.section(key), new.section(key)
        title = (after or before).title  # type: ignore[union-attr]
        old_facts, old_lines = _lines(before)
        new_facts, new_lines = _lines(after)
        change = SectionChange(key, title)
        change.added = [line for line in new_lines if line not in old_lines]
        change.removed = [line for line in old_lines if line not in new_lines]
        for label, value in new_facts.items():
            if old_facts.get(label, value) != value:
                change.changed.append(f"{label}：{old_facts[label]} → {value}")
        for label in new_facts.keys() - old_facts.keys():
            change.added.append(f"{label}：{new_facts[label]}")
        changes.append(change)
    return changes
