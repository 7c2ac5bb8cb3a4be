"""Test data of the whole suite, made in one place, one module per domain.

Plain functions with German defaults; each returns a saved (and, for pages, published) object.
Tests write ``from tests import factories`` and call ``factories.topic(...)``: every factory is
re-exported here.
"""

from tests.factories.core import (
    document,
    ensure_default_site,
    image,
    locale,
    plain_page,
    site_root,
    submit_for_translation,
    translate_page,
    translate_snippet,
)
from tests.factories.directory import organisation
from tests.factories.events import event_index, series
from tests.factories.honours import (
    honour_index,
    honour_recipient,
    integrationsehrennadel,
    nomination,
    nomination_form_page,
    nomination_post_data,
)
from tests.factories.registrations import registration_data, registration_token, training
from tests.factories.submissions import form_token
from tests.factories.topics import guide, topic, topic_index
from tests.factories.users import coordination_group, coordinator, jury_group, jury_member
from tests.factories.volunteering import (
    volunteer_form_page,
    volunteer_interest,
    volunteer_post_data,
)

__all__ = [
    "coordination_group",
    "coordinator",
    "document",
    "ensure_default_site",
    "event_index",
    "form_token",
    "guide",
    "honour_index",
    "honour_recipient",
    "image",
    "integrationsehrennadel",
    "jury_group",
    "jury_member",
    "locale",
    "nomination",
    "nomination_form_page",
    "nomination_post_data",
    "organisation",
    "plain_page",
    "registration_data",
    "registration_token",
    "series",
    "site_root",
    "submit_for_translation",
    "topic",
    "topic_index",
    "training",
    "translate_page",
    "translate_snippet",
    "volunteer_form_page",
    "volunteer_interest",
    "volunteer_post_data",
]
