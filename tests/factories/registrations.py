"""Trainings people register for, and what a registration form sends."""

import datetime as dt

from django.utils import timezone

from tests.factories.events import event_index, series


def training(index=None, title="Neu im Ehrenamt", *, seats=10, rule=None, days_ahead=10, **fields):
    """A published series with registration on this site, its dates materialised.

    By default a single evening ``days_ahead`` days from now, 18:00–20:00 Berlin time, with
    ``seats`` seats and a waiting list; ``rule`` (RFC 5545 text) makes it recurring, and
    ``fields`` set any other field (``registration_scope="series"`` for a course).
    """
    index = index or event_index()
    first = timezone.localdate() + dt.timedelta(days=days_ahead)
    defaults = {
        "registration": "form",
        "registration_seats": seats,
        "first_date": first,
        "start_time": dt.time(18, 0),
        "end_time": dt.time(20, 0),
        "summary": "Einführung für neue Ehrenamtliche.",
    }
    return series(index, title, rule, materialise=True, **{**defaults, **fields})


def registration_token(target, seconds_ago=60):
    """A fill-time token of the registration form for ``target``, made ``seconds_ago`` ago."""
    import time

    from wagtail_integration.registrations.forms import form_key
    from wagtail_integration.submissions.spam import make_token

    return make_token(form_key(target), now=time.time() - seconds_ago)


def registration_data(target, number=1, **fields):
    """What the form sends for person ``number`` (a name and an address of their own)."""
    return {
        "name": f"Person {number}",
        "email": f"person{number}@example.org",
        "consent": True,
        "form_token": registration_token(target),
        **fields,
    }
