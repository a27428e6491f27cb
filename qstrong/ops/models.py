"""One row per scheduled job and fire time: the unique (job, slot) pair is the lock."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """A scheduled job that fired. Many schedulers may try the same slot; the unique constraint
    lets exactly one insert the row, and only the one that inserted it runs the job."""

    class JobName(models.TextChoices):
        MATCH = "match", _("夜间全量匹配")
        REMIND_TASKS = "remind_tasks", _("任务到期提醒")
        PRUNE_EXPORTS = "prune_exports", _("清理导出文件")
        CERTIFICATES_EXPIRE = "certificates_expire", _("认证证书到期处理")

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    job_name = models.CharField(_("定时任务"), max_length=32, choices=JobName.choices)
    slot = models.DateTimeField(_("计划时间"))
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.QUEUED)
    claimed_by = models.CharField(_("调度进程"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("触发时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    message = models.TextField(_("结果"), blank=True)
    job = models.ForeignKey(
        "core.Job", verbose_name=_("后台任务"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("定时任务运行")
        verbose_name_plural = _("定时任务运行")
        ordering = ["-slot", "job_name"]
        constraints = [
            models.UniqueConstraint(fields=["job_name", "slot"], name="ops_one_run_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.job_name} @ {self.slot:%Y-%m-%d %H:%M}"
