"""The taxonomy every domain tags with: :class:`Topic`.

Organisations, event series, topic guides and volunteers' interests all name topics, so the
model sits below every domain and imports none of them. Its table, migrations, permissions and
snippet stay those of the ``integration_topics`` app (``app_label``): moving the class here
changed no database row, and a site's data, fixtures (``integration_topics.topic``) and admin
addresses stay as they were. The topics app must therefore be installed with any domain app.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

__all__ = ["Topic"]


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """A theme of the integration work: advice centres, language courses, health …"""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=100, help_text=_("Stable name for filters and the API.")
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("slug"),
        SynchronizedField("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        app_label = "integration_topics"
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="integration_topic_unique_slug")
        ]

    def __str__(self):
        return self.name
