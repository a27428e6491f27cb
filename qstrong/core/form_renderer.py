"""The form renderer: Django's templates, but a select's options written in Python.

The stock select template includes one template per option; the enterprise list's filters
(regions, industries, chains, towns: ~300 options) spent more time there than in the rest of the
page. `select_html` writes what that template writes, character for character (a test compares
the two), and every other widget renders with the project's template engine as before.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare name for True, nothing for False."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, f"{value}")
        for name, value in attrs.items()
        if value is not False
    )


def select_html(widget: dict[str, Any]) -> SafeString:
    """django/forms/widgets/select.html and select_option.html for one widget context."""
    parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in group_choices:
            parts.append(
                format_html('\n  <option value="{}"', f"{option['value']}")
                + _attrs(option["attrs"])
                + ">"
                + conditional_escape(option["label"])
                + "</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # every value above is escaped


class FormRenderer(TemplatesSetting):
    """TemplatesSetting (the project's engine, its cached loader), selects written directly."""

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        if template_name == SELECT_TEMPLATE and "widget" in context:
            return select_html(context["widget"])
        return str(super().render(template_name, context, request))
