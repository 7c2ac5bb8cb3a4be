"""Create the demo site's admin account once and tell its password."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

PASSWORD_FILE = settings.PROJECT_DIR / "var" / "admin-password.txt"


class Command(BaseCommand):
    help = "Create the superuser 'admin' with a random password, unless it exists."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            known = PASSWORD_FILE.read_text().strip() if PASSWORD_FILE.exists() else None
            self.stdout.write(
                f"Admin account '{username}' exists"
                + (f"; its password is {known}" if known else "; its password is unchanged.")
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username, f"{username}@example.org", password)
        PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
        PASSWORD_FILE.write_text(password + "\n")
        PASSWORD_FILE.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(f"Admin account '{username}', password {password}"))
