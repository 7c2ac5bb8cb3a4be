"""wagtail_integration.conf and the system checks of the settings dict."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from wagtail_integration.checks import check_settings
from wagtail_integration.conf import DEFAULTS, get_setting


def test_every_default_is_returned_when_the_site_sets_nothing():
    with override_settings(WAGTAIL_INTEGRATION={}):
        for key, default in DEFAULTS.items():
            assert get_setting(key) == default


def other_value(default):
    """A value of the default's type that differs from it."""
    if isinstance(default, bool):
        return not default
    if isinstance(default, list):
        return [*default, ["xx", "Example"]]
    if isinstance(default, str):
        return f"{default}-other"
    return default * 2 + 1


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_a_site_value_overrides_the_default_at_call_time(key):
    value = other_value(DEFAULTS[key])
    with override_settings(WAGTAIL_INTEGRATION={key: value}):
        assert get_setting(key) == value
    assert get_setting(key) == DEFAULTS[key]


def test_an_unknown_key_is_refused_when_read():
    with pytest.raises(ImproperlyConfigured, match="NO_SUCH_KEY"):
        get_setting("NO_SUCH_KEY")


def test_a_settings_value_that_is_not_a_dict_is_refused():
    with override_settings(WAGTAIL_INTEGRATION=["HEALTH_CHECK_TIMEOUT"]):
        with pytest.raises(ImproperlyConfigured, match="must be a dict"):
            get_setting("HEALTH_CHECK_TIMEOUT")
        assert [m.id for m in check_settings()] == ["wagtail_integration.E001"]


def test_the_system_check_warns_about_a_misspelt_key():
    with override_settings(WAGTAIL_INTEGRATION={"HEALTH_CHEK_TIMEOUT": 1}):
        messages = check_settings()
    assert [m.id for m in messages] == ["wagtail_integration.W001"]
    assert "HEALTH_CHEK_TIMEOUT" in messages[0].msg


@pytest.mark.parametrize(
    ("value", "ok"),
    [(1, True), (1.5, True), ("2", False), (True, False), (None, False)],
)
def test_the_system_check_refuses_a_value_of_the_wrong_type(value, ok):
    with override_settings(WAGTAIL_INTEGRATION={"HEALTH_CHECK_TIMEOUT": value}):
        messages = check_settings()
    assert (messages == []) is ok
    if not ok:
        assert messages[0].id == "wagtail_integration.E002"
