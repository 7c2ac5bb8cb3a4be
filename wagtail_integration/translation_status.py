"""How far each page and snippet is translated into each content language.

For every translatable object written in the source language (German: its pages and the
registered snippets with Wagtail's ``TranslatableMixin``) and every other content language
(``WAGTAIL_CONTENT_LANGUAGES``), :func:`translation_statuses` says one :class:`Status`:

- **missing**: no version in that language, or only an alias of the source page (which shows
  the German text);
- **outdated**: the source changed after the translation was last synchronised. With
  wagtail-localize this is either the source object changed after its ``TranslationSource``
  was last extracted (pages and other draft-state models: published later than
  ``TranslationSource.last_updated_at``; other snippets: their content differs from the
  extracted ``content_json``), or the source was extracted again after the translated object
  was last written (the latest ``TranslationLog`` of that language is older than
  ``last_updated_at``). ``Translation.translations_last_updated_at`` and
  ``destination_last_updated_at`` are not read: wagtail-localize 1.14 never writes them.
  A translation edited by hand (not synchronised by wagtail-localize) is outdated when the
  source was published after it; without publishing dates it counts as up to date;
- **incomplete**: synchronised, but some texts of the source have no translation yet (the
  translated object shows them in German);
- **machine**: every text translated, some by a machine translator and not saved by a person
  since (wagtail-localize's ``StringTranslation.translation_type``);
- **up to date**: none of the above.

The number of queries does not grow with the number of objects: one per kind of object (plus
one per child relation of a snippet compared by content), and six for wagtail-localize's
records. :func:`status_counts` sums the rows per language and status.
"""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Count, F, Max
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.models import (
    ClusterableModel,
    get_all_child_m2m_relations,
    get_all_child_relations,
    get_serializable_data_for_fields,
)
from wagtail.coreutils import get_content_languages
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationLog,
    TranslationSource,
)

from .localization import source_language

__all__ = [
    "Status",
    "TranslationStatus",
    "content_languages",
    "status_counts",
    "translatable_snippet_models",
    "translation_statuses",
]


class Status(models.TextChoices):
    """The state of one object's translation into one language, most urgent first."""

    MISSING = "missing", _("Missing")
    OUTDATED = "outdated", _("Outdated")
    INCOMPLETE = "incomplete", _("Incomplete")
    MACHINE = "machine", _("Machine-translated, not reviewed")
    UP_TO_DATE = "up_to_date", _("Up to date")


@dataclass
class TranslationStatus:
    """One object (its source-language version) in one language, and how far it is translated."""

    object: models.Model
    model: type
    language_code: str
    language_name: str
    status: Status
    translation: models.Model | None = None
    source: TranslationSource | None = None
    segments: int = 0
    translated: int = 0
    machine: int = 0
    translated_at: object = None

    @property
    def title(self):
        """The source version's title as editors see it in the admin."""
        if isinstance(self.object, Page):
            return self.object.get_admin_display_title()
        return str(self.object)

    @property
    def kind(self):
        """The model's name (the page type for pages), for people."""
        return str(capfirst(self.model._meta.verbose_name))

    @property
    def kind_key(self):
        """The model's ``app_label.model_name``: what the report's filter names a kind by."""
        return self.model._meta.label_lower

    @property
    def status_label(self):
        return str(Status(self.status).label)

    @property
    def synchronised_at(self):
        """When wagtail-localize last extracted the source's texts; None if never."""
        return self.source.last_updated_at if self.source else None

    @property
    def translation_live(self):
        """Whether visitors see the translation (a draft-state model that is live, or any other)."""
        if self.translation is None:
            return False
        return getattr(self.translation, "live", True)


def content_languages():
    """``(code, name)`` of every content language but the source language, in settings order."""
    source = source_language()
    return [(code, name) for code, name in get_content_languages().items() if code != source]


def translatable_snippet_models():
    """The registered snippet models that are translatable (topics, organisations …)."""
    return [model for model in get_snippet_models() if issubclass(model, TranslatableMixin)]


def translation_statuses(*, pages=True, snippet_models=None, languages=None):
    """A :class:`TranslationStatus` per source-language object and language.

    ``pages``: whether to include pages (all but the tree's root); ``snippet_models``: the
    snippet models to include (default :func:`translatable_snippet_models`); ``languages``:
    language codes (default :func:`content_languages`). Ordered by kind, title, language.
    """
    if snippet_models is None:
        snippet_models = translatable_snippet_models()
    names = dict(content_languages())
    codes = list(names) if languages is None else [code for code in languages if code in names]
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    source_locale = locales.get(source_language())
    if source_locale is None or not codes:
        return []

    versions = _Versions(source_locale)
    if pages:
        versions.add(Page.objects.filter(depth__gt=1), compare_content=False)
    for model in snippet_models:
        versions.add(
            model._default_manager.all(), compare_content=not issubclass(model, DraftStateMixin)
        )
    records = _LocalizeRecords(versions, [locales[c].pk for c in codes if c in locales])

    rows = []
    for obj in sorted(versions.sources, key=_sort_key):
        for code in codes:
            locale = locales.get(code)
            translation = versions.get(obj, locale)
            row = TranslationStatus(
                object=obj,
                model=_specific_model(obj),
                language_code=code,
                language_name=names[code],
                status=Status.MISSING,
                translation=translation,
            )
            if translation is not None:
                records.judge(row, versions, locale)
            rows.append(row)
    return rows


def status_counts(rows):
    """``{language code: {status: count}}`` of ``rows``, every status present (0 when none)."""
    counts = defaultdict(Counter)
    for row in rows:
        counts[row.language_code][row.status] += 1
    return {
        code: {status: counter.get(status, 0) for status in Status}
        for code, counter in counts.items()
    }


def _specific_model(obj):
    if isinstance(obj, Page):
        return obj.specific_class or Page
    return type(obj)


def _sort_key(obj):
    model = _specific_model(obj)
    title = obj.get_admin_display_title() if isinstance(obj, Page) else str(obj)
    return (str(model._meta.verbose_name).lower(), title.lower(), obj.pk)


class _Versions:
    """Every version of the source-language objects, one query per kind of object."""

    def __init__(self, source_locale):
        self.source_locale = source_locale
        self.sources = []
        self.by_key_and_locale = {}
        self.compared_by_content = set()

    def add(self, queryset, compare_content):
        in_source = queryset.filter(locale_id=self.source_locale.pk).values("translation_key")
        sources = []
        for obj in queryset.filter(translation_key__in=in_source):
            self.by_key_and_locale[obj.translation_key, obj.locale_id] = obj
            if obj.locale_id == self.source_locale.pk:
                sources.append(obj)
        if compare_content and sources:
            _prefetch_cluster(sources)
            self.compared_by_content.update(obj.translation_key for obj in sources)
        self.sources.extend(sources)

    def get(self, obj, locale):
        if locale is None:
            return None
        version = self.by_key_and_locale.get((obj.translation_key, locale.pk))
        if version is not None and getattr(version, "alias_of_id", None):
            return None  # An alias shows the source's text: nothing is translated.
        return version

    def source_changed(self, obj, source, content_json):
        """Whether ``obj`` changed after ``source`` last extracted its content."""
        if obj.translation_key in self.compared_by_content:
            return content_json is not None and json.loads(content_json) != _content(obj)
        published = getattr(obj, "last_published_at", None)
        return bool(published and published > source.last_updated_at)


def _prefetch_cluster(objects):
    model = type(objects[0])
    if not issubclass(model, ClusterableModel):
        return
    names = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
    names += [field.name for field in get_all_child_m2m_relations(model)]
    models.prefetch_related_objects(objects, *names)


def _content(obj):
    """``obj`` serialised as wagtail-localize serialises a source, read back from JSON."""
    if isinstance(obj, ClusterableModel):
        return json.loads(obj.to_json())
    return json.loads(json.dumps(get_serializable_data_for_fields(obj), cls=DjangoJSONEncoder))


class _LocalizeRecords:
    """What wagtail-localize recorded about the sources of the objects, in six queries."""

    def __init__(self, versions, locale_ids):
        keys = [obj.translation_key for obj in versions.sources]
        sources = TranslationSource.objects.filter(
            locale_id=versions.source_locale.pk, object_id__in=keys
        ).defer("content_json")
        self.sources = {source.object_id: source for source in sources}
        ids = [source.pk for source in self.sources.values()]
        compared = [key for key in keys if key in versions.compared_by_content]
        self.content_json = dict(
            TranslationSource.objects.filter(
                locale_id=versions.source_locale.pk, object_id__in=compared
            ).values_list("object_id", "content_json")
            if compared
            else []
        )
        self.synced = set(
            Translation.objects.filter(source_id__in=ids, enabled=True).values_list(
                "source_id", "target_locale_id"
            )
        )
        self.last_written = {
            (row["source_id"], row["locale_id"]): row["last"]
            for row in TranslationLog.objects.filter(source_id__in=ids)
            .values("source_id", "locale_id")
            .annotate(last=Max("created_at"))
        }
        self.segments = dict(
            StringSegment.objects.filter(source_id__in=ids)
            .values("source_id")
            .annotate(count=Count("pk"))
            .values_list("source_id", "count")
        )
        self.translated = defaultdict(Counter)
        for row in (
            StringSegment.objects.filter(
                source_id__in=ids,
                string__translations__context_id=F("context_id"),
                string__translations__locale_id__in=locale_ids,
                string__translations__has_error=False,
            )
            .values(
                "source_id",
                locale_id=F("string__translations__locale_id"),
                kind=F("string__translations__translation_type"),
            )
            .annotate(count=Count("pk"))
        ):
            self.translated[row["source_id"], row["locale_id"]][row["kind"]] += row["count"]

    def judge(self, row, versions, locale):
        """Set ``row``'s status, counts and source, its translation being present."""
        obj = row.object
        source = self.sources.get(obj.translation_key)
        if source is None or (source.pk, locale.pk) not in self.synced:
            # Translated by hand: only publishing dates can tell.
            outdated = _published_after(obj, row.translation)
            row.status = Status.OUTDATED if outdated else Status.UP_TO_DATE
            return
        row.source = source
        kinds = self.translated[source.pk, locale.pk]
        row.segments = self.segments.get(source.pk, 0)
        row.translated = sum(kinds.values())
        row.machine = kinds[StringTranslation.TRANSLATION_TYPE_MACHINE]
        row.translated_at = self.last_written.get((source.pk, locale.pk))
        content_json = self.content_json.get(obj.translation_key)
        if (
            versions.source_changed(obj, source, content_json)
            or row.translated_at is None
            or row.translated_at < source.last_updated_at
        ):
            row.status = Status.OUTDATED
        elif row.translated < row.segments:
            row.status = Status.INCOMPLETE
        elif row.machine:
            row.status = Status.MACHINE
        else:
            row.status = Status.UP_TO_DATE


def _published_after(obj, translation):
    """Whether the source was published after a translation made by hand."""
    published = getattr(obj, "last_published_at", None)
    translated = getattr(translation, "last_published_at", None)
    return bool(published and translated and published > translated)
