"""Models of the core app: what the background machinery records about itself."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["WorkerHeartbeat"]


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker ran the heartbeat job, one row per worker host."""

    hostname = models.CharField(_("worker"), max_length=255, unique=True)
    last_seen = models.DateTimeField(_("last seen"), db_index=True)
    task_id = models.CharField(_("task id"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-last_seen"]

    def __str__(self):
        return self.hostname
