"""wagtail-integration: what a city's integration office needs on its Wagtail site.

What a host site uses is importable from here::

    from wagtail_integration import NextStammtischBlock, UpcomingEventsBlock, beat_schedule

The names are looked up on first use (a module ``__getattr__``), so that importing the package
loads no Django model: settings.py and a Celery module may import it before the apps are ready.
"""

import importlib

__version__ = "0.1.0.dev0"

# Public name -> the module that defines it.
_EXPORTS = {
    "IntegrationError": "wagtail_integration.exceptions",
    "NextStammtischBlock": "wagtail_integration.events.blocks",
    "UpcomingEventsBlock": "wagtail_integration.events.blocks",
    "beat_schedule": "wagtail_integration.celery",
    "get_setting": "wagtail_integration.conf",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # found once; later lookups do not come here
    return value


def __dir__():
    return sorted({*globals(), *_EXPORTS})
