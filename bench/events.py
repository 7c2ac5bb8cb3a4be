"""The occurrences API and the index calendar feed at 10 to 10,000 event series (DESIGN §9).

``python bench/run.py --series 10,100,1000`` measures, for each number of series, in a database
of its own (SQLite: copied from one prepared with the demo data; PostgreSQL, with
``--database-url``: the named database, dropped, created and given the demo data per size):

- the data: ``populate(size)`` creates the series below one event index (monthly on an nth
  weekday, weekly, every second week, courses with COUNT, single events, a few overrides),
  published, and materialises their occurrences with ``refresh_all()``;
- in process, with Django's test client: the queries each request runs (``CaptureQueriesContext``),
  built (the answer cache off) and answered from the cache, and the latency of the API's first
  page, built and cached, beside the naive approach, which expands every series' rule per request
  (:func:`naive_occurrences`; measured in process only, not served);
- under gunicorn with wrk: the floor (``api-version``), the first page of a year's occurrences,
  a deep page and the index feed, each twice. The API and the feeds keep finished answers in the
  cache (``wagtail_integration.content_cache``) keyed by the query string: ``occurrences-N``,
  ``occurrences-deep-N`` and ``ical-index-N`` repeat one URL, so all but the first request are
  answered from the cache (what most clients get); their ``-built-`` twins send a header that
  the benchmark's server answers by retiring the stored answers first (``Scenario.built``,
  ``bench/middleware.py``), so every request is a miss and its answer is built (and stored)
  each time. The cache keys only on the parameters a view reads: an unknown one (a
  cache-buster) would not make a miss.

:func:`explain` is not part of a run: it shows, on a database a run filled, where one request's
database time goes (each query timed, with SQLite's or PostgreSQL's plan).

The functions that touch the database run inside ``manage.py shell`` (the harness itself does
not set Django up); they print one line ``BENCH-JSON {...}`` that the harness reads.
"""

import datetime as dt
import json
import shutil
import statistics
import time
import zoneinfo
from pathlib import Path

from bench import BenchError
from bench.scenarios import SCENARIOS, Scenario

__all__ = [
    "DEFAULT_SIZES",
    "INDEX_SLUG",
    "KINDS",
    "REQUESTS",
    "WINDOW",
    "event_scenarios",
    "explain",
    "format_sizes",
    "in_process",
    "naive_occurrences",
    "parse_sizes",
    "populate",
    "run_sizes",
    "scenario_kind",
    "target_checks",
]

#: The sizes measured unless ``--series`` names others; 10,000 only when asked (setup is slow).
DEFAULT_SIZES = (10, 100, 1000)
ALL_SIZES = (10, 100, 1000, 10_000)
#: The event index the series are created below; its feed is ``/de/<slug>/ical/``.
INDEX_SLUG = "bench-veranstaltungen"
#: The one-year window every occurrences request asks for: [start, end) in Europe/Berlin.
WINDOW = ("2027-01-01", "2028-01-01")
PAGE_SIZE = 20
#: The deep page starts here, or at the last page when the window has fewer occurrences.
DEEP_OFFSET = 2000
#: The harness reads the result of a ``manage.py shell`` run from the line with this prefix.
MARKER = "BENCH-JSON "
#: The target of DESIGN §9: at 1,000 series, the occurrences median within 2× the floor's.
TARGET_SIZE, TARGET_RATIO = 1000, 2.0

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def parse_sizes(text):
    """``"10,100,1000"`` (or ``all``) as a tuple of positive integers."""
    if text.strip() == "all":
        return ALL_SIZES
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        sizes = ()
    if not sizes or min(sizes) < 1:
        raise BenchError(f"--series takes sizes like 10,100,1000 or 'all', not {text!r}")
    return sizes


def occurrences_path(offset=0):
    """The occurrences request of a one-year window, ``PAGE_SIZE`` items from ``offset``."""
    start, end = WINDOW
    return (
        f"/api/integration/v1/occurrences?start={start}&end={end}&limit={PAGE_SIZE}&offset={offset}"
    )


FEED_PATH = f"/de/{INDEX_SLUG}/ical/"


def deep_offset(count):
    """The offset of the deep page: ``DEEP_OFFSET``, or the last page when there are fewer."""
    last = max(0, (count - 1) // PAGE_SIZE * PAGE_SIZE)
    return min(DEEP_OFFSET, last)


#: The requests measured at each size; each is a scenario twice, cached and built.
REQUESTS = ("occurrences", "occurrences-deep", "ical-index")
#: What names a scenario of :func:`event_scenarios` without its size, and keys its query count.
KINDS = tuple(kind for request in REQUESTS for kind in (request, f"{request}-built"))


def event_scenarios(size, count=None):
    """The scenarios of ``size`` series; ``count`` (occurrences in the window) sets the deep page.

    Each request twice: ``<request>-<size>`` repeats one URL (answered from the cache after the
    first), ``<request>-built-<size>`` retires the stored answers before each request (built
    every time). Their data comes
    from :func:`populate`, run by the harness in a database of that size only.
    """
    offset = DEEP_OFFSET if count is None else deep_offset(count)
    requests = (
        ("occurrences", occurrences_path(), f"A year of occurrences of {size:,} series, page 1"),
        (
            "occurrences-deep",
            occurrences_path(offset),
            f"A year of occurrences of {size:,} series, 20 from offset {offset}",
        ),
        ("ical-index", FEED_PATH, f"The event index's calendar feed with {size:,} series"),
    )
    scenarios = []
    for request, path, description in requests:
        scenarios.append(
            Scenario(
                name=f"{request}-{size}",
                path=path,
                description=f"{description}; one URL, answered from the cache after the first.",
            )
        )
        scenarios.append(
            Scenario(
                name=f"{request}-built-{size}",
                path=path,
                description=f"{description}; the stored answers retired before each request, "
                "so built each time.",
                built=True,
            )
        )
    return scenarios


def scenario_kind(name):
    """``"occurrences-built"`` for ``"occurrences-built-1000"``; None for other scenarios."""
    kind, _, size = name.rpartition("-")
    return kind if size.isdigit() and kind in KINDS else None


# Inside Django (manage.py shell -c)


def _series_plan(i, year=2026):
    """Fields of the ``i``-th series: a realistic mix of rules, deterministic in ``i``.

    Of every 20 series: 8 monthly on an nth weekday (a Stammtisch; every fourth ends in June
    2027), 4 weekly (a language café), 3 every second week, 2 courses of 8 weekly dates starting
    in 2027, 3 single events (talks) spread over 2026 to 2028.
    """
    kind = i % 20
    weekday = i % 5  # Monday to Friday
    start_time = dt.time(17 + i % 4, 0 if i % 2 else 30)
    plan = {"start_time": start_time, "end_time": dt.time(start_time.hour + 2, start_time.minute)}
    if kind < 8:
        nth = (1, 2, 3, 4, -1)[i % 5]
        month = 1 + i % 12
        plan["first_date"] = _nth_weekday(year, month, weekday, nth)
        until = ";UNTIL=20270630T235959Z" if i % 4 == 0 else ""
        plan["rule"] = f"RRULE:FREQ=MONTHLY;BYDAY={nth:+d}{_WEEKDAYS[weekday]}{until}"
        plan["kind"] = "monthly"
    elif kind < 15:
        first = dt.date(year, 1, 5) + dt.timedelta(days=(i * 3) % 300)
        interval = ";INTERVAL=2" if kind >= 12 else ""
        plan["first_date"] = first
        plan["rule"] = f"RRULE:FREQ=WEEKLY{interval};BYDAY={_WEEKDAYS[first.weekday()]}"
        plan["kind"] = "weekly" if not interval else "biweekly"
    elif kind < 17:
        first = dt.date(year + 1, 1, 4) + dt.timedelta(days=(i * 5) % 330)
        plan["first_date"] = first
        plan["rule"] = f"RRULE:FREQ=WEEKLY;COUNT=8;BYDAY={_WEEKDAYS[first.weekday()]}"
        plan["kind"] = "course"
    else:
        plan["first_date"] = dt.date(year, 6, 1) + dt.timedelta(days=(i * 11) % 900)
        plan["rule"] = ""
        plan["kind"] = "single"
    return plan


def _nth_weekday(year, month, weekday, nth):
    if nth > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last = following - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _insert_child_rows(model, objects):
    """Insert the rows of ``model``'s own table (the page rows exist): bulk_create refuses
    multi-table inheritance, so one executemany does it."""
    from django.db import connection

    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [
        [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def populate(size):
    """Create ``size`` published series below a new event index and materialise them.

    Pages go in with two bulk inserts (tree paths computed here, as treebeard would); no
    revisions are made, which the API and the feeds do not read. Prints ``BENCH-JSON`` with the
    counts and timings.
    """
    import recurrence
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from wagtail_integration.directory.models import Venue
    from wagtail_integration.events.models import (
        EventCategory,
        EventIndexPage,
        EventSeriesPage,
        OccurrenceOverride,
        OverrideAction,
    )
    from wagtail_integration.events.occurrences import refresh_all

    started = time.monotonic()
    locale = Locale.get_default()
    now = timezone.now()
    with transaction.atomic():
        categories = [
            EventCategory.objects.get_or_create(slug=slug, locale=locale, defaults={"name": name})[
                0
            ]
            for slug, name in (
                ("stammtisch", "Stammtisch"),
                ("schulung", "Schulung"),
                ("vortrag", "Vortrag"),
                ("sprachcafe", "Sprachcafé"),
            )
        ]
        venues = [
            Venue.objects.create(
                name=f"Bench-Treffpunkt {n}",
                street=f"Hauptstraße {n}",
                postcode="10115",
                city="Berlin",
                locale=locale,
            )
            for n in range(1, 6)
        ]
        root = Site.objects.get(is_default_site=True).root_page
        index = EventIndexPage(title="Bench-Veranstaltungen", slug=INDEX_SLUG, locale=locale)
        root.add_child(instance=index)
        index.save_revision().publish()

        pages, plans = [], []
        for i in range(size):
            plan = _series_plan(i)
            slug = f"bench-reihe-{i}"
            page = EventSeriesPage(
                title=f"Bench-Reihe {i} ({plan['kind']})",
                draft_title=f"Bench-Reihe {i} ({plan['kind']})",
                slug=slug,
                path=EventIndexPage._get_path(index.path, index.depth + 1, i + 1),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                locale=locale,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                summary="Austausch und Vernetzung für Ehrenamtliche.",
                category=categories[i % len(categories)],
                venue=venues[i % len(venues)] if i % 7 else None,
                online_url="https://meet.example.org/bench" if i % 7 == 0 else "",
                first_date=plan["first_date"],
                start_time=plan["start_time"],
                end_time=plan["end_time"],
                time_zone="Europe/Berlin",
                recurrence=recurrence.deserialize(plan["rule"]) if plan["rule"] else None,
            )
            pages.append(page)
            plans.append(plan)
        parents = Page.objects.bulk_create(
            [
                Page(**{f.attname: getattr(p, f.attname) for f in Page._meta.concrete_fields})
                for p in pages
            ],
            batch_size=500,
        )
        for page, parent in zip(pages, parents, strict=True):
            page.pk = page.page_ptr_id = parent.pk
        _insert_child_rows(EventSeriesPage, pages)
        Page.objects.filter(pk=index.pk).update(numchild=size)

        overrides = []
        weekly = [
            (p, plan) for p, plan in zip(pages, plans, strict=True) if plan["kind"] == "weekly"
        ]
        for page, plan in weekly[::5]:  # every fifth weekly series: a note, a cancel, a move
            first = plan["first_date"]
            in_window = first + dt.timedelta(weeks=-((first - dt.date(2027, 1, 1)).days // 7))
            for weeks, action, extra in (
                (2, OverrideAction.NOTE, {"note": "Input: Ehrenamt und Steuern"}),
                (5, OverrideAction.CANCEL, {"note": "Fällt aus (Feiertag)"}),
                (9, OverrideAction.MOVE, {"new_start_time": dt.time(18, 0)}),
            ):
                overrides.append(
                    OccurrenceOverride(
                        page_id=page.pk,
                        locale=locale,
                        date=in_window + dt.timedelta(weeks=weeks),
                        action=action,
                        sort_order=len(overrides),
                        **extra,
                    )
                )
        OccurrenceOverride.objects.bulk_create(overrides)
    pages_s = time.monotonic() - started

    step = max(1, size // 10)

    def progress(done, total):
        if done % step == 0 or done == total:
            print(f"  materialised {done:,} of {total:,} series", flush=True)

    started = time.monotonic()
    occurrences = refresh_all(progress=progress)
    _analyze()
    result = {
        "series": size,
        "overrides": len(overrides),
        "occurrences_stored": occurrences,
        "pages_s": round(pages_s, 1),
        "refresh_s": round(time.monotonic() - started, 1),
    }
    print(MARKER + json.dumps(result), flush=True)


def _analyze():
    """On PostgreSQL, what autovacuum does soon after a bulk load: planner statistics and the
    visibility map that index-only scans need. Without them, the planner estimates a hundred
    rows where there are tens of thousands, and plans by that."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _window_bounds():
    """``WINDOW`` as the API reads it: local midnights of Europe/Berlin, in UTC."""
    zone = zoneinfo.ZoneInfo("Europe/Berlin")
    return tuple(
        dt.datetime.combine(dt.date.fromisoformat(day), dt.time(0), tzinfo=zone).astimezone(dt.UTC)
        for day in WINDOW
    )


def naive_occurrences(offset=0, limit=PAGE_SIZE):
    """The naive approach: expand every live series' rule for the window, sort, cut a page.

    Translations share their source's dates, so each series is expanded once, as the API lists it.
    What the materialised table replaces. It runs two queries whatever the number of series, but
    its work grows with it. Its answer is leaner than the API's (no venue, no translated note, no
    URLs), which favours it.
    """
    from wagtail.models import Locale

    from wagtail_integration.events.models import EventSeriesPage
    from wagtail_integration.events.occurrences import compute_occurrences

    bounds = _window_bounds()
    default = Locale.get_default()
    series = {}  # one version per series, the default locale's where there is one
    for page in EventSeriesPage.objects.live().public().prefetch_related("overrides"):
        if page.translation_key not in series or page.locale_id == default.pk:
            series[page.translation_key] = page
    found = []
    for page in series.values():
        found.extend(o for o in compute_occurrences(page, bounds) if o.start < bounds[1])
    found.sort(key=lambda o: (o.start, o.series_id))
    items = [
        {
            "series": o.series_id,
            "title": o.series.title,
            "start": o.start.astimezone(o.series.zone).isoformat(),
            "end": o.end.astimezone(o.series.zone).isoformat(),
            "status": o.status,
            "note": o.override.note if o.override else "",
        }
        for o in found[offset : offset + limit]
    ]
    return json.dumps({"count": len(found), "items": items})


def _timed(call, budget_s, at_least=5, at_most=200):
    """Median and p99 in ms of ``call()``, repeated within ``budget_s`` (``at_least`` times)."""
    times = []
    deadline = time.monotonic() + budget_s
    while len(times) < at_most and (len(times) < at_least or time.monotonic() < deadline):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "runs": len(times),
        "median_ms": round(statistics.median(times), 2),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2),
    }


def _with_unknown_parameter(path):
    return path + ("&" if "?" in path else "?") + "_bench=check"


def _without_stamps(content):
    """The lines of an answer but a feed's ``DTSTAMP`` (the time it was built)."""
    return [line for line in content.splitlines() if not line.startswith(b"DTSTAMP")]


def in_process(budget_s=3.0):
    """Query counts per request, built and cached, and in-process latencies; prints ``BENCH-JSON``.

    Built: with ``RESPONSE_CACHE_SECONDS`` 0 (the rest of the settings as they are), each request
    is sent once to warm up (as a gunicorn worker is warm), then once inside
    ``CaptureQueriesContext``; the answer is also compared with that of the same request plus an
    unknown parameter, which the ``-built-`` scenarios rely on the view ignoring. Cached: the
    same request twice with the cache on, the second counted.
    """
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from wagtail_integration.conf import get_setting, user_settings

    if get_setting("RESPONSE_CACHE_SECONDS") <= 0:
        raise RuntimeError(
            "RESPONSE_CACHE_SECONDS is 0 in these settings: the cached scenarios would measure "
            "answers built each time."
        )
    cache_off = override_settings(
        WAGTAIL_INTEGRATION={**user_settings(), "RESPONSE_CACHE_SECONDS": 0}
    )
    client = Client(HTTP_HOST="localhost")

    def get(path):
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        return response

    def counted(path):
        get(path)
        with CaptureQueriesContext(connection) as captured:
            response = get(path)
        return response, len(captured)

    with cache_off:
        count = get(occurrences_path()).json()["count"]
    paths = {
        "occurrences": occurrences_path(),
        "occurrences-deep": occurrences_path(deep_offset(count)),
        "ical-index": FEED_PATH,
    }
    queries, sizes = {}, {}
    for request, path in paths.items():
        with cache_off:
            response, queries[f"{request}-built"] = counted(path)
            other = get(_with_unknown_parameter(path))
        if _without_stamps(other.content) != _without_stamps(response.content):
            raise RuntimeError(f"{path} answers differently with an unknown query parameter.")
        sizes[request] = len(response.content)
        response, queries[request] = counted(path)
        if not response.has_header("ETag"):
            raise RuntimeError(f"{path} was not answered through the answer cache (no ETag).")

    with cache_off:
        first = get(occurrences_path()).json()
    naive = json.loads(naive_occurrences())
    if naive["count"] != count or [i["start"] for i in naive["items"]] != [
        i["start"] for i in first["items"]
    ]:
        raise RuntimeError("The naive expansion and the API disagree on the first page.")
    with CaptureQueriesContext(connection) as captured:
        naive_occurrences()
    queries["naive"] = len(captured)
    with cache_off:
        built = _timed(lambda: get(paths["occurrences"]), budget_s)
    result = {
        "occurrences_in_window": count,
        "deep_offset": deep_offset(count),
        "response_cache_seconds": get_setting("RESPONSE_CACHE_SECONDS"),
        "queries": queries,
        "response_bytes": sizes,
        "latency": {
            "occurrences-built": built,
            "occurrences": _timed(lambda: get(paths["occurrences"]), budget_s),
            "naive": _timed(naive_occurrences, budget_s, at_least=3, at_most=50),
        },
    }
    print(MARKER + json.dumps(result), flush=True)


def explain(offset=0):
    """Where one occurrences request spends its database time: each query, timed, with its plan.

    Run inside ``manage.py shell`` on a database :func:`populate` filled (for instance the
    harness's ``var/bench/bench.sqlite3`` after a ``--series`` run, or a PostgreSQL database
    given by ``DATABASE_URL``). The plan is SQLite's ``EXPLAIN QUERY PLAN`` or PostgreSQL's
    ``EXPLAIN (ANALYZE, BUFFERS)``, which runs the query again (the queries only read). The
    answer is built, with the answer cache off (from the cache it runs no query). Prints the
    queries, then ``BENCH-JSON``.
    """
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from wagtail_integration.conf import user_settings

    client = Client(HTTP_HOST="localhost")
    path = occurrences_path(offset)
    with override_settings(WAGTAIL_INTEGRATION={**user_settings(), "RESPONSE_CACHE_SECONDS": 0}):
        client.get(path)  # warm, as a worker is
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            status = client.get(path).status_code
            total_ms = (time.perf_counter() - started) * 1000
    prefix = (
        "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    )
    queries = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            started = time.perf_counter()
            cursor.execute(query["sql"])
            cursor.fetchall()
            elapsed = (time.perf_counter() - started) * 1000
            cursor.execute(prefix + query["sql"])
            plan = [str(row[-1]) for row in cursor.fetchall()]
            queries.append({"ms": round(elapsed, 2), "sql": query["sql"], "plan": plan})
    print(f"{path}: {status}, {total_ms:.1f} ms in all, {len(queries)} queries")
    for query in queries:
        print(f"\n{query['ms']:8.2f} ms  {query['sql'][:160]}")
        print("\n".join(f"             {line}" for line in query["plan"]))
    print(MARKER + json.dumps({"path": path, "total_ms": round(total_ms, 2), "queries": queries}))


# In the harness


def _shell(site, code, timeout):
    output = site.manage("shell", "-c", code, timeout=timeout)
    for line in output.splitlines():
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER) :])
    raise BenchError(f"No result from manage.py shell -c {code!r}:\n{output[-2000:]}")


def fresh_site(site, template):
    """Give ``site`` a database with the demo data and an empty cache.

    SQLite: prepared once, then the file is copied. PostgreSQL: the database ``site`` names is
    dropped, created and given the demo data again (about half a minute); no other database is
    touched.
    """
    if site.database_url:
        site.prepare()
    elif template.exists():
        site.workdir.mkdir(parents=True, exist_ok=True)
        site.log.unlink(missing_ok=True)
        shutil.copyfile(template, site.database)
        site.manage("shell", "-c", "from django.core.cache import cache; cache.clear()")
    else:
        site.prepare()
        shutil.copyfile(site.database, template)


def run_sizes(args, wrk, make_site, measure_rounds, select_patterns=None):
    """Measure each size of ``args.series`` in its own database; return the JSON-ready sizes.

    ``make_site()`` gives a :class:`bench.server.Site` on the harness's database;
    ``measure_rounds(site, scenarios)`` runs wrk as the harness does and returns its rows.
    """
    import fnmatch

    floor = next(s for s in SCENARIOS if s.name == "api-version")
    template = Path(make_site().workdir) / "demo-template.sqlite3"
    template.unlink(missing_ok=True)  # the demo data of this checkout, not of an older one
    sizes = []
    try:
        for size in args.series:
            site = make_site()
            print(f"\n== {size:,} series ==")
            print(f"Preparing a fresh {site.database_vendor} database with the demo data …")
            fresh_site(site, template)
            print(f"Creating {size:,} series and materialising their occurrences …")
            setup = _shell(
                site,
                f"from bench.events import populate; populate({size})",
                timeout=max(600, size),
            )
            print(
                f"  pages in {setup['pages_s']} s, {setup['occurrences_stored']:,} occurrences "
                f"in {setup['refresh_s']} s"
            )
            print("Counting queries, built and cached, and timing the first page in process …")
            measured = _shell(
                site, "from bench.events import in_process; in_process()", timeout=1800
            )
            scenarios = event_scenarios(size, measured["occurrences_in_window"])
            if select_patterns:
                scenarios = [
                    s for s in scenarios if any(fnmatch.fnmatch(s.name, p) for p in select_patterns)
                ]
            with site.running():
                rows = measure_rounds(site, [floor, *scenarios])
            sizes.append({"series": size, "setup": setup, **measured, "results": rows})
    finally:
        template.unlink(missing_ok=True)
    return sizes


def _ratio(value, floor):
    return f"{value / floor:.1f}" if floor and value else "–"


def format_sizes(sizes):
    """The table of a ``--series`` run: each size's scenarios beside its floor, and queries."""
    header = (
        "series",
        "scenario",
        "conn",
        "requests/s",
        "median ms",
        "p99 ms",
        "× floor",
        "queries",
    )
    rows = []
    for size in sizes:
        floors = {r["connections"]: r for r in size["results"] if r["scenario"] == "api-version"}
        for r in size["results"]:
            kind = scenario_kind(r["scenario"])
            floor = floors[r["connections"]]
            rows.append(
                (
                    f"{size['series']:,}",
                    r["scenario"],
                    str(r["connections"]),
                    f"{r['requests_per_second']:.1f}",
                    f"{r['median_ms']:.2f}",
                    f"{r['p99_ms']:.2f}",
                    _ratio(r["median_ms"], floor["median_ms"]),
                    str(size["queries"][kind]) if kind else "0",
                )
            )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in [header, *rows]
    ]
    lines.insert(1, "-" * len(lines[0]))

    lines.append("")
    lines.append(
        "Built: the stored answers retired before each request, the answer made each time "
        "(in process: the cache off). "
        "Cached: one URL repeated, answered from the cache."
    )
    lines.append(
        "In process (Django test client, one at a time; the naive expansion is not served):"
    )
    for size in sizes:
        latency, queries = size["latency"], size["queries"]
        built, cached, naive = (
            latency["occurrences-built"],
            latency["occurrences"],
            latency["naive"],
        )
        lines.append(
            f"  {size['series']:>6,} series, {size['occurrences_in_window']:>7,} occurrences "
            f"in the year: first page built {built['median_ms']:.2f} ms median "
            f"({built['p99_ms']:.2f} p99), cached {cached['median_ms']:.2f} ms median "
            f"({cached['p99_ms']:.2f} p99), naive {naive['median_ms']:.2f} ms median "
            f"({naive['p99_ms']:.2f} p99, {naive['runs']} runs)"
        )
        counts = ", ".join(
            f"{request} {queries[f'{request}-built']} / {queries[request]}" for request in REQUESTS
        )
        lines.append(f"{'':10}queries built / cached: {counts}; naive {queries['naive']}")
    return "\n".join(lines)


def target_checks(sizes):
    """``(passed, message)`` for DESIGN §9's two targets, as far as ``sizes`` measured them.

    The query count must not grow with the number of series: checked on the built answers (from
    the cache the API runs none at all). The median at 1,000 series is checked twice, on separate
    lines: cached (what a client gets) and built (a cache miss).
    """
    checks = []
    names = ", ".join(f"{size['series']:,}" for size in sizes)
    for request in REQUESTS:
        counts = [size["queries"][f"{request}-built"] for size in sizes]
        checks.append(
            (
                len(set(counts)) == 1,
                f"queries of {request}, built, by size ({names}): {', '.join(map(str, counts))}",
            )
        )
    target = next((s for s in sizes if s["series"] == TARGET_SIZE), None)
    if target is None:
        checks.append((None, f"median at {TARGET_SIZE:,} series: not measured in this run"))
        return checks
    floors = {r["connections"]: r for r in target["results"] if r["scenario"] == "api-version"}
    for kind, label in (
        ("occurrences", "cached, what a client gets"),
        ("occurrences-built", "built each time, a cache miss"),
    ):
        name = f"{kind}-{TARGET_SIZE}"
        rows = [r for r in target["results"] if r["scenario"] == name]
        if not rows:
            checks.append((None, f"median of {name} ({label}): not measured in this run"))
        for r in rows:
            floor_ms = floors[r["connections"]]["median_ms"]
            if not (floor_ms and r["median_ms"]):
                checks.append((False, f"{name} or its floor completed no request"))
                continue
            ratio = r["median_ms"] / floor_ms
            checks.append(
                (
                    ratio <= TARGET_RATIO,
                    f"median of {name} ({label}), {r['connections']} connections: "
                    f"{r['median_ms']:.2f} ms, {ratio:.2f}× the floor's {floor_ms:.2f} ms "
                    f"(target ≤ {TARGET_RATIO:g}×)",
                )
            )
    return checks
