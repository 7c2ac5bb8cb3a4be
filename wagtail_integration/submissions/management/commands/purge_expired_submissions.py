from django.core.management.base import BaseCommand

from ...retention import purge_expired


class Command(BaseCommand):
    help = "Delete or anonymise the form submissions whose retention period has ended."

    def add_arguments(self, parser):
        parser.add_argument(
            "--action",
            choices=["delete", "anonymise"],
            help="Override the setting SUBMISSION_RETENTION_ACTION for this run.",
        )

    def handle(self, *args, action=None, **options):
        def progress(done, total):
            if options["verbosity"] >= 1 and (done == total or done % 50 == 0):
                self.stdout.write(f"{done}/{total}")

        count = purge_expired(action=action, progress=progress, via="command")
        self.stdout.write(self.style.SUCCESS(f"{count} expired submissions purged."))
