"""System checks for the host site's configuration of the package."""

from django.core import checks

from .conf import DEFAULTS, user_settings


@checks.register(checks.Tags.compatibility)
def check_settings(app_configs=None, **kwargs):
    """Warn about unknown keys and refuse values of the wrong type in ``WAGTAIL_INTEGRATION``."""
    messages = []
    try:
        configured = user_settings()
    except Exception as exc:  # ImproperlyConfigured: not a dict
        return [checks.Error(str(exc), id="wagtail_integration.E001")]
    for key, value in configured.items():
        if key not in DEFAULTS:
            messages.append(
                checks.Warning(
                    f"WAGTAIL_INTEGRATION has an unknown key {key!r}.",
                    hint="Check the spelling against the configuration reference in the docs.",
                    id="wagtail_integration.W001",
                )
            )
            continue
        if not _has_type_of(value, DEFAULTS[key]):
            messages.append(
                checks.Error(
                    f"WAGTAIL_INTEGRATION[{key!r}] must be of type "
                    f"{type(DEFAULTS[key]).__name__}, not {type(value).__name__}.",
                    id="wagtail_integration.E002",
                )
            )
    return messages


def _has_type_of(value, default):
    """Whether ``value`` may stand where ``default`` stands (an int may stand for a float)."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float)
    return isinstance(value, type(default))
