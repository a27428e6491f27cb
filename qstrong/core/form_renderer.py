"""The form renderer: Django's templates, but the common widgets written in Python.

The stock widget templates include a template per option and per attribute list; the
enterprise list's filters (regions, industries, chains, towns: ~300 options) spent more time
there than in the rest of the page, and a form of checkboxes (the portal's calculator) likewise.
`select_html`, `input_html` and `multiple_input_html` write what those templates write,
character for character (tests compare the two on every stock template they stand for); any
other widget, and a project template that replaces one, render with the template engine.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
# Stock templates that are nothing but `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in [
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    ]
)
# Stock templates that are nothing but `{% include "django/forms/widgets/multiple_input.html" %}`.
MULTIPLE_INPUT_TEMPLATES = frozenset(
    ("django/forms/widgets/checkbox_select.html", "django/forms/widgets/radio.html")
)


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


def input_html(widget: dict[str, Any]) -> SafeString:
    """django/forms/widgets/input.html."""
    value = widget.get("value")
    return mark_safe(  # every value is escaped
        format_html('<input type="{}" name="{}"', widget["type"], widget["name"])
        + (format_html(' value="{}"', f"{value}") if value is not None else "")
        + _attrs(widget["attrs"])
        + ">"
    )


def _input_option_html(option: dict[str, Any]) -> str:
    """django/forms/widgets/input_option.html (what radio_option and checkbox_option include)."""
    tag = input_html(option) + "\n"  # input.html's own last line break, kept by the include
    if not option.get("wrap_label"):
        return tag
    target = option["attrs"].get("id")
    return (
        (format_html('<label for="{}">', target) if target else "<label>")
        + tag
        + " "
        + conditional_escape(option["label"])
        + "</label>"
    )


def multiple_input_html(widget: dict[str, Any]) -> SafeString:
    """django/forms/widgets/multiple_input.html (radio and checkbox_select)."""
    target, css = widget["attrs"].get("id"), widget["attrs"].get("class")
    parts = [
        "<div",
        format_html(' id="{}"', target) if target else "",
        format_html(' class="{}"', css) if css else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(format_html("\n  <div><label>{}</label>", group))
        for option in options:
            parts.append("<div>\n    " + _input_option_html(option) + "\n\n</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return mark_safe("".join(parts))  # every value above is escaped


class FormRenderer(TemplatesSetting):
    """TemplatesSetting (the project's engine, its cached loader), with the stock select,
    input and checkbox / radio templates written directly."""

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict) and "attrs" in widget:
            if template_name == SELECT_TEMPLATE:
                return select_html(widget)
            if template_name in INPUT_TEMPLATES:
                return input_html(widget)
            if template_name in MULTIPLE_INPUT_TEMPLATES:
                return multiple_input_html(widget)
        return str(super().render(template_name, context, request))
