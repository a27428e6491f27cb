"""The content snapshot of a handbook edition: a strict schema, validated on the way in."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Paragraph(_Strict):
    type: Literal["paragraph"] = "paragraph"
    text: str


class Facts(_Strict):
    """Label → value rows (a profile)."""

    type: Literal["facts"] = "facts"
    rows: list[tuple[str, str]]


class Table(_Strict):
    type: Literal["table"] = "table"
    title: str = ""
    columns: list[str]
    rows: list[list[str]]


class Figure(_Strict):
    type: Literal["figure"] = "figure"
    caption: str
    svg: str
    # The figure's text for the Word file and for the "what changed" comparison.
    summary: str = ""
    # A wide figure (the chain maps) gets a landscape page of its own in the PDF.
    wide: bool = False


Block = Annotated[Paragraph | Facts | Table | Figure, Field(discriminator="type")]


class Section(_Strict):
    key: str
    title: str
    edited: bool = False
    blocks: list[Block]


class Content(_Strict):
    kind: Literal["enterprise", "chain", "town"]
    title: str
    subject_name: str
    subject_code: str
    edition: int
    data_date: str
    compiled_by: str
    sections: list[Section]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


def content_load(data: object) -> Content:
    """The stored JSON as a Content (JSON has lists where Python had tuples)."""
    return Content.model_validate_json(_dumps(data), strict=True)


def _dumps(data: object) -> str:
    import json

    return json.dumps(data, ensure_ascii=False)


def content_dump(content: Content) -> dict[str, object]:
    return content.model_dump(mode="json")


class LayoutSpec(_Strict):
    """A kind's section order as the province keeps it."""

    sections: list[str] = Field(min_length=1)
