"""Push.region: the enterprise's county, copied for the county push list's index (ADR 0019)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('policies', '0006_month_tally'),
        ('registry', '0007_enterprise_count'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='push',
            name='region',
            field=models.CharField(blank=True, default='', max_length=6, verbose_name='所在地区代码'),
        ),
        # Every existing push takes its enterprise's region (one statement; SQLite and PostgreSQL).
        migrations.RunSQL(
            "UPDATE policies_push SET region = COALESCE((SELECT e.region_id FROM "
            "registry_enterprise e WHERE e.id = policies_push.enterprise_id), '')",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name='push',
            index=models.Index(fields=['region', '-sent_at', '-id'], name='push_region_sent_idx'),
        ),
    ]
