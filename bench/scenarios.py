"""The scenarios the harness measures; a new benchmark is one more :class:`Scenario` here."""

from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["SCENARIOS", "Scenario"]


@dataclass(frozen=True)
class Scenario:
    """One request, repeated by wrk at a fixed concurrency against the running site.

    ``setup`` runs once, after the demo data is loaded and before gunicorn starts; it receives
    the harness's :class:`bench.server.Site` and typically calls ``site.manage(...)`` to add the
    data the scenario needs (say, 1,000 event series). Give it a name that says what it measures:
    the name is the key under which results are compared between runs.

    ``unique_query`` makes each request's URL one of its own: wrk appends
    ``_bench=<run>-<thread>-<n>`` to the query string. For a view that keeps its answers in the
    cache by query string (``wagtail_integration.content_cache``) and ignores unknown parameters,
    every request is then a miss and the answer is built each time.
    """

    name: str
    path: str
    description: str
    method: str = "GET"
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    expect_status: int = 200
    unique_query: bool = False
    setup: Callable | None = None


SCENARIOS = [
    Scenario(
        name="api-version",
        path="/api/integration/v1/version",
        description="The floor: the API's trivial JSON view, no database query.",
    ),
    Scenario(
        name="home-page",
        path="/de/",
        description="The German home page: Wagtail routing, a page from SQLite, a template.",
    ),
]
