"""Point the default Site at the address the demo serves, so that every absolute URL opens."""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site


class Command(BaseCommand):
    help = (
        "Set the default Site's hostname and port to where the demo serves (make demo runs it "
        "with its PORT), so that the URLs in API answers, calendar feeds and mails open."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hostname", default="127.0.0.1", help="default: %(default)s")
        parser.add_argument("--port", type=int, default=8000, help="default: %(default)s")

    def handle(self, *args, hostname, port, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}.")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default Site: run load_demo_data first.")
        if (site.hostname, site.port) != (hostname, port):
            site.hostname, site.port = hostname, port
            # save() clears Wagtail's cache of the site root paths.
            site.save(update_fields=["hostname", "port"])
        self.stdout.write(f"Default Site: {site.root_url}/")
