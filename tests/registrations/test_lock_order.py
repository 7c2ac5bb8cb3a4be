"""A registration and a rebuild of its series at the same moment wait for each other in turn,
never in a circle (PostgreSQL's row locks; SQLite lets one writer in at a time)."""

import threading

import pytest
from django.db import connection, connections, transaction

from tests import factories
from wagtail_integration.events.models import Occurrence, OccurrenceOverride
from wagtail_integration.events.occurrences import rebuild_series
from wagtail_integration.registrations.models import Registration
from wagtail_integration.registrations.seats import target_for


@pytest.mark.django_db(transaction=True)
def test_a_registration_holding_its_date_and_a_rebuild_cancelling_it_do_not_deadlock():
    if connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL only: SQLite's IMMEDIATE transactions let one writer in at a time, so "
            "a registration and a rebuild cannot hold locks at the same moment there."
        )
    factories.ensure_default_site()
    page = factories.training(seats=5, rule="RRULE:FREQ=WEEKLY;COUNT=2")
    first = Occurrence.objects.filter(series=page).order_by("start").first()
    # The editors' cancellation is on the live page; its rebuild (a worker's job) has not run
    # yet (saved straight to the live page: publishing would run the rebuild here at once).
    OccurrenceOverride.objects.create(
        page=page,
        locale=page.locale,
        date=first.start.astimezone(page.zone).date(),
        action="cancel",
    )
    locked, rebuilding, outcome = threading.Event(), threading.Event(), {}

    def register():
        try:
            with transaction.atomic():
                target = target_for(occurrence=first)
                target.lock()
                locked.set()
                rebuilding.wait(10)
                threading.Event().wait(0.5)  # the rebuild now waits for our locks, or deadlocks
                Registration.objects.create(
                    series=target.series,
                    occurrence=target.occurrence,
                    starts_at=target.occurrence.start,
                    name="Erika Beispiel",
                    email="erika@example.org",
                    language="de",
                )
            outcome["registration"] = "stored"
        except Exception as exc:  # the deadlock PostgreSQL breaks, if the order were wrong
            outcome["registration"] = repr(exc)
        finally:
            connections.close_all()

    def rebuild():
        locked.wait(10)
        rebuilding.set()
        try:
            rebuild_series(page.pk)
            outcome["rebuild"] = "done"
        except Exception as exc:
            outcome["rebuild"] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register), threading.Thread(target=rebuild)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert outcome == {"registration": "stored", "rebuild": "done"}
    # The rebuild ran after the registration: it found it and ended it with the date.
    entry = Registration.objects.get()
    assert entry.status == "cancelled"
    assert Occurrence.objects.get(pk=first.pk).status == "cancelled"
    assert entry.starts_at == first.start
