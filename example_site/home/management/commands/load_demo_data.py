"""Load the example city site's demo content: media through default_storage, then the fixtures."""

from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page

FIXTURES_DIR = Path(settings.BASE_DIR).parent / "fixtures"


class Command(BaseCommand):
    help = "Load the demo content of the example city site. Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures-dir",
            default=str(FIXTURES_DIR),
            help="Folder with the JSON fixtures and a media/ folder (default: %(default)s).",
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
        call_command("update_index", verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {len(fixtures)} fixture(s), {copied} media file(s) copied."
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

    def remove_wagtail_welcome_page(self):
        """Delete the placeholder page of a new Wagtail database, which the demo home replaces."""
        Page.objects.filter(
            depth=2, content_type__app_label="wagtailcore", content_type__model="page"
        ).delete()
