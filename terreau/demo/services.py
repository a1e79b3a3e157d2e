"""Loading the demo: real organisations and projects of the ecosystem, and a few accounts.

The records go through the very code path of `terreau import` (the demo is also the
first user of the import format); the accounts exist only for a local demo, so their
passwords are generated and shown once in the console.
"""

import io
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from terreau.accounts.models import User
from terreau.organisations.models import Membership, Organisation, Role
from terreau.projects.models import Project
from terreau.territories.models import Territory

DATA_DIR = Path(__file__).resolve().parent / "data"
ORGANISATIONS_FILE = DATA_DIR / "organisations.jsonl"
PROJECTS_FILE = DATA_DIR / "projects.jsonl"

# The organisation whose team the demo project holder and member join.
DEMO_ORGANISATION = "le-pari-solidaire"
# Addresses under a reserved domain (RFC 6761): they can never reach a real inbox.
DEMO_EMAIL_DOMAIN = "demo.terreau.localhost"


@dataclass(frozen=True)
class DemoPersona:
    email: str
    display_name: str
    description: str
    membership: str = ""  # a Role of DEMO_ORGANISATION, or no membership
    is_moderator: bool = False
    is_platform_admin: bool = False


PERSONAS = (
    DemoPersona(
        email=f"porteur@{DEMO_EMAIL_DOMAIN}",
        display_name="Compte de démonstration – porteur de projet",
        description=gettext_noop("project holder, administrator of Le Pari Solidaire"),
        membership=Role.ADMIN,
    ),
    DemoPersona(
        email=f"membre@{DEMO_EMAIL_DOMAIN}",
        display_name="Compte de démonstration – membre d'équipe",
        description=gettext_noop("team member of Le Pari Solidaire"),
        membership=Role.MEMBER,
    ),
    DemoPersona(
        email=f"moderation@{DEMO_EMAIL_DOMAIN}",
        display_name="Compte de démonstration – modération",
        description=gettext_noop("platform moderator"),
        is_moderator=True,
    ),
    DemoPersona(
        email=f"admin@{DEMO_EMAIL_DOMAIN}",
        display_name="Compte de démonstration – administration",
        description=gettext_noop("platform administrator (admin site at /admin/)"),
        is_platform_admin=True,
    ),
)


@dataclass(frozen=True)
class DemoAccount:
    persona: DemoPersona
    # The new password, or "" when an existing account was left as it was.
    password: str


@dataclass(frozen=True)
class DemoLoad:
    skipped: bool
    import_log: str
    accounts: list[DemoAccount]


def refs_in(path: Path) -> list[str]:
    """The `ref` of every record of a JSON Lines file."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["ref"] for line in lines if line.strip()]


def demo_is_loaded() -> bool:
    """The demo counts as loaded when every one of its records is in the database."""
    organisations, projects = refs_in(ORGANISATIONS_FILE), refs_in(PROJECTS_FILE)
    return Organisation.objects.filter(ref__in=organisations).count() == len(
        organisations
    ) and Project.objects.filter(ref__in=projects).count() == len(projects)


class DemoDataRejected(Exception):
    """The demo could not be loaded; the message says why (every import error included)."""


@transaction.atomic
def load_demo(*, force: bool = False) -> DemoLoad:
    """Import the demo organisations then projects (upserted on their ref, like any
    import) and make sure the demo accounts exist. Once loaded, the demo is left alone
    unless `force` is given, which imports again and gives the accounts new passwords.
    All or nothing: when the projects are refused, the organisations are not kept."""
    if demo_is_loaded() and not force:
        return DemoLoad(skipped=True, import_log="", accounts=_ensure_accounts(reset=False))
    if not Territory.objects.exists():
        raise DemoDataRejected(
            _("The map is empty: run `terreau load_territories` before `terreau load_demo`.")
        )
    log, errors = io.StringIO(), io.StringIO()
    # Organisations first: projects name their carrying organisation by its ref.
    for kind, path in (("organisations", ORGANISATIONS_FILE), ("projects", PROJECTS_FILE)):
        try:
            call_command("import", kind, str(path), stdout=log, stderr=errors)
        except CommandError as error:
            raise DemoDataRejected(f"{errors.getvalue()}{error}") from None
    return DemoLoad(skipped=False, import_log=log.getvalue(), accounts=_ensure_accounts(reset=True))


def _ensure_accounts(*, reset: bool) -> list[DemoAccount]:
    organisation = Organisation.objects.get(ref=DEMO_ORGANISATION)
    return [_ensure_account(persona, organisation, reset=reset) for persona in PERSONAS]


def _ensure_account(
    persona: DemoPersona, organisation: Organisation, *, reset: bool
) -> DemoAccount:
    user = User.objects.filter(email=persona.email).first()
    password = ""
    if user is None or reset:
        password = secrets.token_urlsafe(12)
    if user is None:
        user = User.objects.create_user(email=persona.email, password=password)
    elif password:
        user.set_password(password)
    user.display_name = persona.display_name
    user.email_verified = True
    user.is_active = True
    user.is_moderator = persona.is_moderator
    user.is_staff = user.is_superuser = persona.is_platform_admin
    user.save()
    if persona.membership:
        Membership.objects.update_or_create(
            organisation=organisation, user=user, defaults={"role": persona.membership}
        )
    return DemoAccount(persona=persona, password=password)
