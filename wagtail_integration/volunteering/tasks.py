"""The volunteering app's Celery tasks, where Celery's ``autodiscover_tasks()`` looks for them."""

from .invitations import send_due_invitations

__all__ = ["send_due_invitations"]
