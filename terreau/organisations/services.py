"""Every change to an organisation and its members.

Rules kept here: the creator becomes its first administrator; an organisation always
keeps at least one administrator; two people editing the same organisation cannot
overwrite each other (the `version` column); only moderators hide, always with a reason.
"""

from collections.abc import Iterable
from typing import Literal, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from terreau.accounts.emails import absolute_url, send_on_commit
from terreau.accounts.models import User
from terreau.organisations.models import Membership, Organisation, Role
from terreau.territories.models import Territory
from terreau.vocabularies.models import LegalForm

# Paths living next to /organisations/<ref>/: no organisation may take them as its ref.
RESERVED_REFS = frozenset({"nouvelle", "carte", "export", "recherche", "api"})
REF_MAX_LENGTH = Organisation._meta.get_field("ref").max_length
NAME_MAX_LENGTH = Organisation._meta.get_field("name").max_length


class Profile(TypedDict, total=False):
    """What an organisation says about itself (every field optional on update)."""

    name: str
    actor_types: Iterable[str]
    summary: str
    description: str
    territory: Territory | None
    legal_form: LegalForm | None
    website: str
    # A file (already validated and re-encoded) replaces the logo; False removes it.
    logo: File | Literal[False] | None


class EditConflict(Exception):
    """Someone else saved the organisation since this edit began."""

    def __init__(self, current: Organisation):
        super().__init__("edit conflict")
        self.current = current


def _unique_ref(name: str) -> str:
    base = slugify(name)[: REF_MAX_LENGTH - 4].strip("-") or "organisation"
    taken = set(
        Organisation.objects.filter(ref__startswith=base).values_list("ref", flat=True)
    ) | set(RESERVED_REFS)
    ref, counter = base, 1
    while ref in taken:
        counter += 1
        ref = f"{base}-{counter}"
    return ref


def _check_name(name: str | None) -> None:
    name = (name or "").strip()
    if not name:
        raise ValidationError(
            {"name": ValidationError(_("Give the organisation a name."), code="required")}
        )
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {
                "name": ValidationError(
                    _("A name has at most %(max)s characters.") % {"max": NAME_MAX_LENGTH},
                    code="max_length",
                )
            }
        )


def _apply(organisation: Organisation, profile: Profile) -> None:
    """Copy `profile` onto the row, save it, then set its actor types and index it."""
    for field in ("name", "summary", "description", "legal_form", "website"):
        if field in profile:
            value = profile[field]
            setattr(organisation, field, value.strip() if isinstance(value, str) else value)
    if "territory" in profile:
        organisation.place(profile["territory"])
    logo = profile.get("logo")
    if logo is False or logo:
        replaced = organisation.logo.name
        storage = organisation.logo.storage
        if logo:
            organisation.logo.save(logo.name, logo, save=False)
        else:
            organisation.logo = ""
        if replaced:
            # The old file goes only once the new state is committed.
            transaction.on_commit(lambda: storage.delete(replaced), robust=True)
    organisation.save()
    if "actor_types" in profile:
        organisation.actor_types.set(list(profile["actor_types"]))
    reindex(organisation)


def reindex(organisation: Organisation) -> None:
    """Bring the search index and the directory's cached counts in step with the
    organisation (call inside the writing transaction). Only listed organisations are
    searchable: hidden ones leave it."""
    from terreau.directory import cache as directory_cache
    from terreau.search import documents, engine

    if organisation.is_hidden:
        engine.remove_documents("organisation", [organisation.pk])
    else:
        engine.index_documents([documents.organisation_document(organisation)])
    directory_cache.bump()


@transaction.atomic
def record_operator_edit(*, organisation: Organisation) -> Organisation:
    """An operator has just saved the organisation in the admin (row and actor types):
    keep its containment in step, bump the version so that an edit begun on the site
    meanwhile is told of it, and bring the search index and directory counts along."""
    organisation.place(organisation.territory)
    organisation.version = F("version") + 1
    organisation.save()
    organisation.refresh_from_db(fields=["version"])
    reindex(organisation)
    return organisation


@transaction.atomic
def create_organisation(*, creator: User, **profile: Unpack[Profile]) -> Organisation:
    """A new organisation, its ref generated from its name (unique, never changed
    afterwards), with `creator` as its first administrator."""
    _check_name(profile.get("name", ""))
    organisation = Organisation(ref=_unique_ref(profile["name"].strip()))
    _apply(organisation, profile)
    Membership.objects.create(organisation=organisation, user=creator, role=Role.ADMIN)
    return organisation


@transaction.atomic
def update_organisation(
    *, organisation: Organisation, version: int, **profile: Unpack[Profile]
) -> Organisation:
    """Save an edit begun on `version`. When someone saved in between, nothing is written
    and EditConflict carries the current state, so the editor can merge by hand."""
    if "name" in profile:
        _check_name(profile["name"])
    claimed = Organisation.objects.filter(pk=organisation.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not claimed:
        raise EditConflict(Organisation.objects.get(pk=organisation.pk))
    organisation.refresh_from_db()
    _apply(organisation, profile)
    return organisation


def _locked(organisation: Organisation) -> Organisation:
    """Lock the organisation's row: membership changes of one organisation run one at a
    time, so two admins demoting each other cannot leave it without an administrator."""
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _ensure_another_admin(membership: Membership) -> None:
    if membership.role != Role.ADMIN:
        return
    others = Membership.objects.admins().filter(organisation_id=membership.organisation_id)
    if not others.exclude(pk=membership.pk).exists():
        raise ValidationError(
            _(
                "%(organisation)s must keep at least one administrator: make another "
                "member administrator first."
            )
            % {"organisation": membership.organisation.name},
            code="last_admin",
        )


@transaction.atomic
def add_member(
    *, organisation: Organisation, email: str, role: str = Role.MEMBER, added_by: User
) -> Membership:
    """Add the person who has an account at `email` (they are told by e-mail)."""
    _locked(organisation)
    if role not in Role.values:
        raise ValidationError(
            {"role": ValidationError(_("Choose a valid role."), code="invalid_role")}
        )
    user = User.objects.filter(email=User.objects.canonical_email(email), is_active=True).first()
    if user is None:
        raise ValidationError(
            {
                "email": ValidationError(
                    _(
                        "No account uses this address. Ask this person to sign up first, "
                        "then add them."
                    ),
                    code="unknown_user",
                )
            }
        )
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(
            {"email": ValidationError(_("This person is already a member."), code="already_member")}
        )
    membership = Membership.objects.create(organisation=organisation, user=user, role=role)
    send_on_commit(
        to=user.email,
        template="organisations/email/member_added",
        context={
            "organisation": organisation,
            "role": membership.get_role_display(),
            "added_by": added_by,
            "url": absolute_url(organisation.get_absolute_url()),
        },
    )
    return membership


@transaction.atomic
def change_role(*, membership: Membership, role: str) -> Membership:
    """Make a member administrator, or an administrator a plain member (never the last)."""
    _locked(membership.organisation)
    if role not in Role.values:
        raise ValidationError(_("Choose a valid role."), code="invalid_role")
    membership.refresh_from_db()
    if role != Role.ADMIN:
        _ensure_another_admin(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(*, membership: Membership) -> None:
    """Remove someone from an organisation, or let them leave it (never the last admin)."""
    _locked(membership.organisation)
    membership.refresh_from_db()
    _ensure_another_admin(membership)
    membership.delete()


@transaction.atomic
def hide_organisation(*, organisation: Organisation, moderator: User, reason: str) -> None:
    """Take an organisation off the public site; its members still see it, with the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Say why the organisation is hidden: its members will read it."),
                    code="required",
                )
            }
        )
    organisation.hidden_at = timezone.now()
    organisation.hidden_reason = reason
    organisation.hidden_by = moderator
    organisation.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])
    reindex(organisation)


@transaction.atomic
def unhide_organisation(*, organisation: Organisation) -> None:
    """Put a hidden organisation back on the public site."""
    organisation.hidden_at = None
    organisation.hidden_reason = ""
    organisation.hidden_by = None
    organisation.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])
    reindex(organisation)
