"""The province's Word template: accepted only when a sample handbook renders with it."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from docx import Document

from qstrong.accounts.tests.factories import PASSWORD, county_officer_qingxu, province_planner
from qstrong.handbooks.models import HandbookTemplate
from qstrong.handbooks.rendering.docx import REPO_TEMPLATE, DocxRenderer
from qstrong.handbooks.templates_store import sample_content, template_upload

pytestmark = pytest.mark.django_db


def _docx(*paragraphs: str) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_template_that_renders_the_sample_is_used_for_the_next_file() -> None:
    data = _docx("省局版式 {{ subject_name }}", "{{p body }}")
    template_upload(name="省局模板.docx", data=data, actor=province_planner())
    assert HandbookTemplate.objects.filter(active=True).count() == 1
    rendered = DocxRenderer().render(sample_content())
    xml = Document(io.BytesIO(rendered)).paragraphs[0].text
    assert xml == "省局版式 示例企业"


def test_a_broken_template_is_refused_with_the_reason_and_nothing_changes() -> None:
    with pytest.raises(ValidationError) as caught:
        template_upload(
            name="坏模板.docx", data=_docx("{{ subject_name "), actor=province_planner()
        )
    assert "模板无法生成示例手册" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        template_upload(name="notes.txt", data=b"hello", actor=province_planner())
    assert not HandbookTemplate.objects.exists()
    # And the repository's template is still the one in use
    assert DocxRenderer().template_path() == REPO_TEMPLATE


def test_only_the_province_reaches_the_template_page() -> None:
    client = Client()
    client.login(username=county_officer_qingxu().username, password=PASSWORD)
    assert client.get(reverse("handbooks:template")).status_code == 403
    client.login(username=province_planner().username, password=PASSWORD)
    assert client.get(reverse("handbooks:template")).status_code == 200
