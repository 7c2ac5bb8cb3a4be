from django.core.management.base import BaseCommand, CommandError

from ...personal_data import erase_personal_data, find_submissions


class Command(BaseCommand):
    help = "Delete every submission stored under an e-mail address (the erasure is logged)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, email, interactive=True, **options):
        found = sum(queryset.count() for _model, queryset in find_submissions(email))
        if interactive:
            try:
                answer = input(f"Erase {found} submissions of {email}? Type 'yes' to continue: ")
            except EOFError:  # no terminal to answer from: the answer is no
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing erased.")
        count = erase_personal_data(email, via="command")
        self.stdout.write(self.style.SUCCESS(f"{count} submissions erased."))
