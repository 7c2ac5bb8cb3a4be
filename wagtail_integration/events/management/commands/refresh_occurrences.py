"""``manage.py refresh_occurrences``: rebuild the occurrence table of every event series."""

from django.core.management.base import BaseCommand

from wagtail_integration.events.occurrences import rebuild_series, refresh_all


class Command(BaseCommand):
    help = "Rebuild the stored occurrences of every event series (or of the given page ids)."

    def add_arguments(self, parser):
        parser.add_argument("page_ids", nargs="*", type=int, help="Only these series pages.")

    def handle(self, *args, page_ids, verbosity, **options):
        def progress(done, total):
            if verbosity:
                self.stdout.write(f"\r[{done}/{total}] series", ending="")
                self.stdout.flush()

        if page_ids:
            count = 0
            for done, page_id in enumerate(page_ids, start=1):
                count += rebuild_series(page_id)
                progress(done, len(page_ids))
        else:
            count = refresh_all(progress)
        if verbosity:
            self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"{count} occurrences stored."))
