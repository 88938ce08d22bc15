"""manage.py create_officer EMAIL: make someone a department officer (社会工作部)."""

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from accounts.services import create_officer


class Command(BaseCommand):
    help = "Create a department officer account (or grant the role to an existing account)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="The officer's full name.")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from standard input instead of prompting.",
        )
        parser.add_argument(
            "--no-password",
            action="store_true",
            help="Leave the password unset; the officer uses 'forgot password' to set one.",
        )

    def handle(self, *args, email, name, password_stdin, no_password, **options):
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"Not an e-mail address: {email}") from exc
        password = None
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        elif not no_password and sys.stdin.isatty():
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match.")
        if password is not None and len(password) < 8:
            raise CommandError("The password must have at least 8 characters.")
        user = create_officer(email=email, full_name=name, password=password)
        self.stdout.write(self.style.SUCCESS(f"{user.email} is a department officer."))
        if not user.has_usable_password():
            self.stdout.write("No password set: use 'Forgot password' on the login page.")
