"""The scenarios the harness measures; a new benchmark is one more :class:`Scenario` here."""

from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["SCENARIOS", "TOKEN_PLACEHOLDER", "Scenario", "token_options"]

#: Where a scenario's body takes a one-use token (letters only: urlencode leaves it as it is).
TOKEN_PLACEHOLDER = "BENCHTOKENPLACEHOLDER"


@dataclass(frozen=True)
class Scenario:
    """One request, repeated by wrk at a fixed concurrency against the running site.

    ``setup`` runs once, after the demo data is loaded and before gunicorn starts; it receives
    the harness's :class:`bench.server.Site` and typically calls ``site.manage(...)`` to add the
    data the scenario needs (say, 1,000 event series). Give it a name that says what it measures:
    the name is the key under which results are compared between runs.

    ``built`` makes every request's answer be built: wrk sends the header
    ``bench.middleware.BUILD_HEADER``, which retires the stored answers of a view that keeps
    them (``wagtail_integration.content_cache``) before the request. Without it, wrk repeats one
    request and measures the kept answer after the first.

    ``tokens`` is for bodies that may be accepted only once (a form's one-use token): called
    before each wrk run, it returns the path of a file of fresh tokens, one a line, and every
    request's body gets the next one in place of :data:`TOKEN_PLACEHOLDER`.
    """

    name: str
    path: str
    description: str
    method: str = "GET"
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    expect_status: int = 200
    built: bool = False
    setup: Callable | None = None
    tokens: Callable | None = None


def token_options(scenario):
    """run_wrk's arguments for a scenario whose body takes one-use tokens: a fresh file each run."""
    if scenario.tokens is None:
        return {}
    return {"tokens_file": scenario.tokens(), "placeholder": TOKEN_PLACEHOLDER}


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
