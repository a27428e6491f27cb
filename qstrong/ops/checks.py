"""`qstrong check` (and every start) refuses a schedule setting that is not a cron expression."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from qstrong.ops.schedule import ScheduleError, configured_jobs


@register()
def schedule_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    try:
        configured_jobs()
    except ScheduleError as exc:
        return [Error(str(exc), id="ops.E001")]
    return []
