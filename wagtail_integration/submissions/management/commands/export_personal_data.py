import json
import os

from django.core.management.base import BaseCommand

from ...personal_data import export_personal_data


class Command(BaseCommand):
    help = "Print everything stored about an e-mail address as JSON (the export is logged)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--output",
            help="Write the JSON to this file (readable by its owner only) instead of stdout.",
        )

    def handle(self, *args, email, output=None, **options):
        data = json.dumps(export_personal_data(email, via="command"), indent=2, ensure_ascii=False)
        if output:
            # Personal data: the file is created readable by its owner only, whatever the umask.
            descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.fchmod(descriptor, 0o600)
            with open(descriptor, "w", encoding="utf-8") as handle:
                handle.write(data + "\n")
            self.stderr.write(f"Written to {output}.")
        else:
            self.stdout.write(data)
