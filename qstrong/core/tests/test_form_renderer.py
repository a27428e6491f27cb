"""The Python select writes exactly what Django's own select template writes."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from qstrong.core.form_renderer import FormRenderer

STOCK = DjangoTemplates()  # Django's own templates, as shipped


class _Tagged(forms.Select):
    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["data-chain"] = f'<"{value}">'
        option["attrs"]["data-off"] = False
        return option


class _Form(forms.Form):
    plain = forms.ChoiceField(choices=[("", "全部"), ("a", "甲 & 乙"), ("b", "<b>")])
    grouped = forms.ChoiceField(
        choices=[("", "—"), ("华北", [("14", "山西"), ("13", "河北")]), ("x", "其他")],
        widget=forms.Select(attrs={"class": "form-select", "required": True, "data-x": '"q"'}),
    )
    many = forms.MultipleChoiceField(choices=[(1, "一"), (2, "二"), (3, "三")])
    tagged = forms.ChoiceField(choices=[("s1", "环节一"), ("s2", "环节二")], widget=_Tagged)
    number = forms.TypedChoiceField(choices=[(0, "零"), (None, "空")], coerce=int)


@pytest.mark.parametrize(
    "data",
    [{}, {"plain": "a", "grouped": "13", "many": ["1", "3"], "tagged": "s2", "number": "0"}],
)
@pytest.mark.parametrize("name", ["plain", "grouped", "many", "tagged", "number"])
def test_the_python_select_writes_what_the_stock_template_writes(
    data: dict[str, Any], name: str
) -> None:
    ours = _Form(data or None, renderer=FormRenderer())[name].as_widget()
    stock = _Form(data or None, renderer=STOCK)[name].as_widget()
    assert ours == stock
    assert "<option" in ours


def test_other_widgets_still_render_from_templates() -> None:
    class Other(forms.Form):
        text = forms.CharField()
        radio = forms.ChoiceField(choices=[("a", "甲")], widget=forms.RadioSelect)

    ours, stock = Other(renderer=FormRenderer()), Other(renderer=STOCK)
    assert ours["text"].as_widget() == stock["text"].as_widget()
    assert ours["radio"].as_widget() == stock["radio"].as_widget()


class _Inputs(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control", "x": '"<'}))
    number = forms.IntegerField(required=False)
    email = forms.EmailField(required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    flag = forms.BooleanField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    upload = forms.FileField(required=False)
    boxes = forms.MultipleChoiceField(
        choices=[("a", "甲 & 乙"), ("组", [("b", "<b>"), ("c", "丙")])],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "qs-boxes"}),
        required=False,
    )
    radio = forms.ChoiceField(choices=[("x", "是"), ("y", "否")], widget=forms.RadioSelect)
    bare = forms.ChoiceField(
        choices=[("x", "是")], widget=forms.RadioSelect(attrs={"id": ""}), required=False
    )


@pytest.mark.parametrize(
    "data",
    [
        {},
        {
            "text": 'a "b" <c>',
            "number": "7",
            "email": "a@b.cn",
            "hidden": "h",
            "date": "2026-01-02",
            "flag": "on",
            "secret": "s",
            "boxes": ["a", "c"],
            "radio": "y",
        },
    ],
)
@pytest.mark.parametrize("name", list(_Inputs.base_fields))
def test_python_inputs_write_what_the_stock_templates_write(
    data: dict[str, Any], name: str
) -> None:
    ours = _Inputs(data or None, renderer=FormRenderer())[name].as_widget()
    stock = _Inputs(data or None, renderer=STOCK)[name].as_widget()
    assert ours == stock
    assert "<input" in ours


def test_the_templates_written_in_python_are_still_djangos_simple_ones() -> None:
    # A Django upgrade that changes one of them must be looked at (form_renderer.py).
    from pathlib import Path

    import django.forms

    from qstrong.core.form_renderer import INPUT_TEMPLATES, MULTIPLE_INPUT_TEMPLATES

    root = Path(django.forms.__file__).parent / "templates"
    for names, include in (
        (INPUT_TEMPLATES, "input.html"),
        (MULTIPLE_INPUT_TEMPLATES, "multiple_input.html"),
    ):
        for name in names:
            text = (root / name).read_text().strip()
            assert text == f'{{% include "django/forms/widgets/{include}" %}}', name
