"""``manage.py check_links``: check the external links of guides and organisations now."""

from django.core.management.base import BaseCommand

from ... import links


class Command(BaseCommand):
    help = (
        "Check the external links of live guides and of organisations, and record the results "
        "for the 'Broken links' report. Links checked in the last LINKCHECK_RECHECK_AFTER_HOURS "
        "are skipped unless --all is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            dest="force",
            help="Check every link in use, however recently it was checked.",
        )
        parser.add_argument(
            "--url",
            action="append",
            dest="only",
            metavar="URL",
            help="Check only this address (as used in a guide or organisation); repeatable.",
        )

    def handle(self, *args, force=False, only=None, verbosity=1, **options):
        summary = links.run(
            force=force or bool(only),
            only=only,
            progress=self.show_progress if verbosity >= 1 else None,
        )
        outcomes = ", ".join(f"{kind} {count}" for kind, count in sorted(summary.outcomes.items()))
        message = f"{summary.found} link(s) in use, {summary.checked} checked" + (
            f": {outcomes}." if outcomes else "."
        )
        failed = summary.checked - summary.outcomes.get("ok", 0)
        self.stdout.write(self.style.WARNING(message) if failed else self.style.SUCCESS(message))

    def show_progress(self, done, total, checked_url, result):
        """One line per link: position, outcome, status or error, address."""
        width = len(str(total))
        detail = str(result.status_code or result.error_code)
        line = f"[{done:>{width}}/{total}] {result.kind:<7} {detail:<18} {checked_url.url}"
        if result.redirect_chain:
            line += f" -> {result.final_url}"
        style = self.style.SUCCESS if result.ok else self.style.ERROR
        self.stdout.write(style(line))
