"""Load the shipped GB/T 2260 and GB/T 4754-2017 tables."""

from django.db import migrations


def load(apps, schema_editor):
    from qstrong.registry.reference import load_reference_data

    load_reference_data(apps.get_model("registry", "Region"), apps.get_model("registry", "Industry"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
