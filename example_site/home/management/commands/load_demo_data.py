"""Load the example city site's demo content: media through default_storage, then the fixtures,
then the translations of some of it, made the way an editor makes them, with wagtail-localize,
then the dates of the event series, the sample offers of help and registrations."""

import json
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    MissingRelatedObjectError,
    MissingTranslationError,
    StringTranslation,
    Translation,
    TranslationSource,
)

from example_site.home.demo_registrations import create_demo_registrations
from example_site.home.demo_volunteers import create_demo_offers
from wagtail_integration.events.models import EventSeriesPage, Occurrence
from wagtail_integration.events.occurrences import (
    compute_occurrences,
    rebuild_series,
    series_to_refresh,
    source_series,
)

FIXTURES_DIR = Path(settings.BASE_DIR).parent / "fixtures"


class Command(BaseCommand):
    help = "Load the demo content of the example city site. Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures-dir",
            default=str(FIXTURES_DIR),
            help="Folder with the JSON fixtures, a media/ and a translations/ folder "
            "(default: %(default)s).",
        )

    def handle(self, *args, **options):
        fixtures_dir = Path(options["fixtures_dir"])
        copied = self.copy_media(fixtures_dir / "media")
        with transaction.atomic():
            self.remove_wagtail_welcome_page()
            fixtures = sorted(fixtures_dir.glob("*.json"))
            for position, fixture in enumerate(fixtures, start=1):
                self.stdout.write(f"[{position}/{len(fixtures)}] {fixture.name}")
                call_command("loaddata", str(fixture), verbosity=0)
            # A fixture states each page's number of children as it was when it was written;
            # pages made since (the translations below, an editor's pages) are not counted, and
            # treebeard would give the next new page the path of an existing one.
            Page.fix_tree()
            saved, unchanged = self.translate(fixtures_dir / "translations")
            refreshed = self.refresh_occurrences()
            offers = create_demo_offers()
            registrations = create_demo_registrations()
        call_command("update_index", verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {len(fixtures)} fixture(s), {copied} media file(s) copied, "
                f"{saved} translation(s) saved, {unchanged} unchanged, "
                f"dates of {refreshed} event series refreshed, {offers} sample offer(s) of help "
                f"created, {registrations} sample registration(s) for the training."
            )
        )

    def copy_media(self, media_dir):
        """Copy every file below ``media_dir`` to the same name in default_storage, once."""
        copied = 0
        if not media_dir.is_dir():
            return copied
        for path in sorted(p for p in media_dir.rglob("*") if p.is_file()):
            name = path.relative_to(media_dir).as_posix()
            if default_storage.exists(name):
                continue
            with path.open("rb") as handle:
                saved = default_storage.save(name, File(handle))
            if saved != name:  # a storage that renames would break the fixtures' file paths
                raise RuntimeError(f"Storage saved {name} as {saved}.")
            copied += 1
        return copied

    def refresh_occurrences(self):
        """Materialise the dates of every event series, as publishing a series would.

        Fixtures are loaded without publishing, so nothing has filled the occurrence table. A
        series whose stored dates are already those it would get is left alone (its rows keep
        their ids), so that running the command twice changes nothing.

        Returns how many series were rebuilt.
        """
        fields = [
            "series_id",
            "original_start",
            "start",
            "end",
            "status",
            "override_id",
            "venue_id",
        ]
        refreshed = 0
        for page_id in series_to_refresh():
            series = source_series(EventSeriesPage.objects.get(pk=page_id))
            wanted = set()
            if series.live:
                wanted = {
                    tuple(getattr(occurrence, name) for name in fields)
                    for occurrence in compute_occurrences(series)
                }
            stored = Occurrence.objects.filter(series_key=series.translation_key)
            if wanted != set(stored.values_list(*fields)):
                rebuild_series(page_id)
                refreshed += 1
        return refreshed

    def remove_wagtail_welcome_page(self):
        """Delete the placeholder page of a new Wagtail database, which the demo home replaces."""
        Page.objects.filter(
            depth=2, content_type__app_label="wagtailcore", content_type__model="page"
        ).delete()

    def translate(self, translations_dir):
        """Translate the objects ``sources.json`` lists with the PO files beside it.

        ``translations/sources.json`` lists the German objects in the order they must be
        translated (parent pages before their children, snippets before the pages that point to
        them), each with the name of its PO file; ``translations/<language>/<name>.po`` holds the
        strings in that language, as wagtail-localize exports them. The translations are made
        through wagtail-localize, so editors can go on translating them in its editor.

        Returns how many translations were saved and how many were already up to date.
        """
        manifest = translations_dir / "sources.json"
        if not manifest.is_file():
            return 0, 0
        sources = json.loads(manifest.read_text(encoding="utf-8"))
        languages = sorted(path.name for path in translations_dir.iterdir() if path.is_dir())
        locales = Locale.objects.in_bulk(languages, field_name="language_code")
        for language in sorted(set(languages) - set(locales)):
            self.stderr.write(f"No locale {language!r} on this site: its translations are skipped.")
        saved = unchanged = 0
        for entry in sources:
            model = apps.get_model(entry["model"])
            try:
                instance = model.objects.get(pk=entry["pk"])
            except model.DoesNotExist as error:
                raise CommandError(
                    f"{manifest} names {entry['model']} {entry['pk']}, which the fixtures do not "
                    "contain."
                ) from error
            source, source_changed = self.get_source(instance)
            for language, locale in sorted(locales.items()):
                po_path = translations_dir / language / entry["po"]
                if not po_path.is_file():
                    continue
                if self.translate_one(source, locale, po_path, source_changed):
                    saved += 1
                    self.stdout.write(f"  translated {instance} into {language}")
                else:
                    unchanged += 1
        return saved, unchanged

    def get_source(self, instance):
        """The wagtail-localize source of ``instance``, and whether it was created or updated."""
        previous = (
            TranslationSource.objects.filter(
                object_id=instance.translation_key, locale_id=instance.locale_id
            )
            .values_list("last_updated_at", flat=True)
            .first()
        )
        source, _created = TranslationSource.update_or_create_from_instance(instance)
        return source, source.last_updated_at != previous

    def translate_one(self, source, locale, po_path, source_changed):
        """Import ``po_path`` into the translation of ``source`` into ``locale`` and save the
        translated object, unless it exists and neither the source nor the strings changed."""
        translation, created = Translation.objects.get_or_create(
            source=source, target_locale=locale
        )
        before = self.string_translations(source, locale)
        warnings = translation.import_po(polib.pofile(str(po_path)))
        if warnings:
            problems = "; ".join(repr(warning) for warning in warnings)
            raise CommandError(
                f"{po_path} does not match the demo data ({problems}). "
                "Export the strings again and translate what changed."
            )
        if not (
            created
            or source_changed
            or before != self.string_translations(source, locale)
            or not source.object.has_translation(locale)
        ):
            return False
        is_page = issubclass(source.specific_content_type.model_class(), Page)
        try:
            # Pages are saved as a draft and published here rather than by wagtail-localize,
            # which publishes on commit: the command's transaction may be inside another one
            # (a test's), whose commit never comes.
            target, _created = source.create_or_update_translation(locale, publish=not is_page)
        except (MissingTranslationError, MissingRelatedObjectError) as error:
            raise CommandError(
                f"{po_path} cannot translate {source.object_repr}: {error!r}. Translate the "
                "missing strings, or translate the objects it points to first."
            ) from error
        if is_page:
            target.get_latest_revision().publish()
        return True

    def string_translations(self, source, locale):
        """The translated strings of ``source`` in ``locale``, to tell whether an import changed
        anything."""
        return set(
            StringTranslation.objects.filter(
                context__object_id=source.object_id, locale=locale
            ).values_list("context_id", "translation_of_id", "data")
        )
