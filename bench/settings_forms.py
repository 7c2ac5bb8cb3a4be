"""The production settings with the rate limit off: the settings of ``bench/forms.py``.

wrk sends every submission from one address; with the limit on (``SUBMISSION_RATE_LIMIT``,
10 an hour) all but the first ten would be refused with 429, and the benchmark would measure
the refusal, not the intake. The limit's own cost is one cache increment per submission.
"""

import os

from example_site.settings.production import *  # noqa: F403
from example_site.settings.production import WAGTAIL_INTEGRATION

WAGTAIL_INTEGRATION = {**WAGTAIL_INTEGRATION, "SUBMISSION_RATE_LIMIT": ""}

# ``--forms-cache local``: the cache in each process's memory, Redis the broker only; shows what
# a Redis outage costs the intake itself when the cache does not depend on Redis.
if os.environ.get("BENCH_FORMS_CACHE") == "local":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
