"""Seed the standard measure library and the section orders (data the province edits after)."""

from __future__ import annotations

from django.db import migrations


def seed(apps, schema_editor):
    from qstrong.handbooks.library import SECTION_ORDERS, STANDARD_MEASURES

    MeasureTemplate = apps.get_model("handbooks", "MeasureTemplate")
    SectionLayout = apps.get_model("handbooks", "SectionLayout")
    for order, (kind, category, text) in enumerate(STANDARD_MEASURES, start=1):
        MeasureTemplate.objects.get_or_create(
            kind=kind, category=category, text=text, defaults={"sort_order": order}
        )
    for kind, sections in SECTION_ORDERS.items():
        SectionLayout.objects.get_or_create(kind=kind, defaults={"sections": list(sections)})


def unseed(apps, schema_editor):
    apps.get_model("handbooks", "MeasureTemplate").objects.all().delete()
    apps.get_model("handbooks", "SectionLayout").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("handbooks", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
