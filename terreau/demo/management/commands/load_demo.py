"""`terreau load_demo [--force]`: load the demo data once, and print the demo accounts."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from terreau.demo.services import DemoDataRejected, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo organisations and projects (real actors of French social innovation) "
        "through `terreau import`, and create demo accounts. Does nothing when the demo is "
        "already loaded, unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="import the demo records again and give the demo accounts new passwords",
        )

    def handle(self, *args, force: bool, **options):
        try:
            result = load_demo(force=force)
        except DemoDataRejected as problem:
            raise CommandError(str(problem)) from None
        if result.skipped:
            self.stdout.write(_("The demo data is already loaded (use --force to load it again)."))
        else:
            self.stdout.write(result.import_log.rstrip())
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING(
                _(
                    "Demo accounts: they exist only in this local demo, with the passwords "
                    "below. Never load the demo on a public site."
                )
            )
        )
        unchanged = _("(password unchanged: `terreau load_demo --force` sets a new one)")
        for account in result.accounts:
            self.stdout.write(
                f"  {account.persona.email:<36} {account.password or unchanged}"
                f"  {_(account.persona.description)}"
            )
