"""The chain handbook's new section (standards system and testing providers, from the nqi
registers) joins the kept order after the policy package; a province that removed sections
keeps its choice for the rest."""

from __future__ import annotations

from django.db import migrations

KEY = "standards_providers"


def add(apps, schema_editor):
    SectionLayout = apps.get_model("handbooks", "SectionLayout")
    for layout in SectionLayout.objects.filter(kind="chain"):
        sections = list(layout.sections)
        if KEY in sections:
            continue
        at = sections.index("policy_package") + 1 if "policy_package" in sections else len(sections)
        sections.insert(at, KEY)
        layout.sections = sections
        layout.save(update_fields=["sections"])


def remove(apps, schema_editor):
    SectionLayout = apps.get_model("handbooks", "SectionLayout")
    for layout in SectionLayout.objects.filter(kind="chain"):
        layout.sections = [key for key in layout.sections if key != KEY]
        layout.save(update_fields=["sections"])


class Migration(migrations.Migration):
    dependencies = [("handbooks", "0002_library")]
    operations = [migrations.RunPython(add, remove)]
