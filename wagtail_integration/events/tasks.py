"""Background jobs of the events domain: keeping the occurrence table in step with the series."""

from celery import shared_task

from ..exceptions import TRANSIENT_ERRORS

__all__ = ["rebuild_occurrences", "refresh_all_occurrences"]


@shared_task(
    name="wagtail_integration.events.rebuild_occurrences",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def rebuild_occurrences(page_id):
    """Rebuild the occurrences of the series that page ``page_id`` is a version of."""
    from .occurrences import rebuild_series

    return rebuild_series(page_id)


@shared_task(name="wagtail_integration.events.refresh_all_occurrences", ignore_result=True)
def refresh_all_occurrences():
    """Rebuild every live series over the current window: the nightly rolling horizon."""
    from .occurrences import refresh_all

    return refresh_all()
