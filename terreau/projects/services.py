"""Every change to a project.

Rules kept here: a project is created as a draft of one organisation, its ref made from
its name (unique, never changed afterwards); two people editing the same project cannot
overwrite each other (the `version` column); publishing needs a verified e-mail address;
only moderators hide, always with a reason, and the members are told. Every write bumps
the version, saves a `ProjectRevision` (the record as exported) and re-indexes the
project for search, all in the same transaction.
"""

from collections.abc import Iterable
from typing import Literal, TypedDict, Unpack
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from terreau.accounts.emails import absolute_url, send_on_commit
from terreau.accounts.models import User
from terreau.directory import cache as directory_cache
from terreau.organisations.models import Organisation
from terreau.projects.history import changed_fields
from terreau.projects.models import Project, ProjectRevision
from terreau.territories.models import Territory
from terreau.vocabularies.models import LegalForm, Stage

# Paths living next to /projets/<ref>/: no project may take them as its ref.
RESERVED_REFS = frozenset({"nouveau", "carte", "export", "recherche", "api"})
REF_MAX_LENGTH = Project._meta.get_field("ref").max_length
LINK_SCHEMES = frozenset({"http", "https"})


class Link(TypedDict):
    label: str
    url: str


class TeamMember(TypedDict):
    name: str
    role: str


class Profile(TypedDict, total=False):
    """What a project says about itself (every field optional on update)."""

    name: str
    summary: str
    description: str
    domains: Iterable[str]  # domain codes
    stage: Stage | None
    territory: Territory | None
    organisation: Organisation
    year_started: int | None
    legal_form: LegalForm | None
    website: str
    beneficiaries: str
    funding_need: int | None
    links: Iterable[Link]
    team: Iterable[TeamMember]
    # A file (already validated and re-encoded) replaces the image; False removes it.
    image: File | Literal[False] | None
    image_alt: str


SCALARS = (
    "name",
    "summary",
    "description",
    "stage",
    "organisation",
    "year_started",
    "legal_form",
    "website",
    "beneficiaries",
    "funding_need",
    "image_alt",
)


class ConflictError(Exception):
    """Someone else saved the project since this edit began: nothing was written.

    `current` is the project as it is now, `changed` the record fields that changed
    since the version the editor started from."""

    def __init__(self, current: Project, changed: list[str]):
        super().__init__("edit conflict")
        self.current = current
        self.changed = changed


def _unique_ref(name: str) -> str:
    base = slugify(name)[: REF_MAX_LENGTH - 6].strip("-") or "projet"
    taken = set(Project.objects.filter(ref__startswith=base).values_list("ref", flat=True))
    taken |= RESERVED_REFS
    ref, counter = base, 1
    while ref in taken:
        counter += 1
        ref = f"{base}-{counter}"
    return ref


def _clean_rows(rows: Iterable[dict], keys: tuple[str, str], url_key: str | None) -> list:
    """Rows with their text trimmed, empty ones dropped; links must be http(s)."""
    cleaned = []
    for row in rows:
        item = {key: str(row.get(key) or "").strip() for key in keys}
        if not any(item.values()):
            continue
        if url_key and urlsplit(item[url_key]).scheme.lower() not in LINK_SCHEMES:
            raise ValidationError(
                {"links": _("A link must start with http:// or https://.")}, code="link_scheme"
            )
        cleaned.append(item)
    return cleaned


def _check(profile: Profile) -> None:
    if "name" in profile and not (profile["name"] or "").strip():
        raise ValidationError({"name": _("Give the project a name.")}, code="required")
    if len(profile.get("summary") or "") > 300:
        raise ValidationError(
            {"summary": _("The summary may be 300 characters long at most.")}, code="max_length"
        )
    website = (profile.get("website") or "").strip()
    if website and urlsplit(website).scheme.lower() not in LINK_SCHEMES:
        raise ValidationError(
            {"website": _("The website must start with http:// or https://.")},
            code="link_scheme",
        )


def _apply(project: Project, profile: Profile) -> None:
    """Copy `profile` onto the project and save the row (domains come after)."""
    for field in SCALARS:
        if field in profile:
            value = profile[field]
            setattr(project, field, value.strip() if isinstance(value, str) else value)
    if "territory" in profile:
        project.place(profile["territory"])
    if "links" in profile:
        project.links = _clean_rows(profile["links"], ("label", "url"), "url")
    if "team" in profile:
        project.team = _clean_rows(profile["team"], ("name", "role"), None)
    image = profile.get("image")
    if image is False:
        project.image.delete(save=False)
        project.image_alt = ""
    elif image:
        if project.image:
            project.image.delete(save=False)
        project.image.save(image.name, image, save=False)
    project.save()
    if "domains" in profile:
        project.domains.set(list(profile["domains"]))


def _index(project: Project) -> None:
    """Only public projects are searchable: drafts and hidden ones leave the index."""
    from terreau.search import documents, engine

    if project.is_public:
        engine.index_documents([documents.project_document(project)])
    else:
        engine.remove_documents("project", [project.pk])


def _record_revision(project: Project, *, author: User | None, summary: str) -> None:
    """Save this state in the history, then make it findable (or not) by search.
    `summary` is an English message, translated when the history is shown."""
    ProjectRevision.objects.create(
        project=project,
        version=project.version,
        author=author,
        summary=summary[:200],
        snapshot=snapshot(project),
    )
    _index(project)
    directory_cache.bump()


def snapshot(project: Project) -> dict:
    """The state kept in the history: the exported record, plus its moderation."""
    return {
        **project.to_record(),
        "hidden": project.is_hidden,
        "hidden_reason": project.hidden_reason,
    }


def _locked(project: Project) -> Project:
    """The project's row, locked until the end of the transaction (on SQLite the
    IMMEDIATE transaction already serialises writers)."""
    return Project.objects.select_for_update().get(pk=project.pk)


def _bump(project: Project) -> None:
    current = _locked(project)
    project.version = current.version + 1


@transaction.atomic
def create_project(*, author: User, **profile: Unpack[Profile]) -> Project:
    """A new draft project of `profile["organisation"]`, its ref made from its name."""
    _check(profile)
    name = (profile.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the project a name.")}, code="required")
    if not profile.get("organisation"):
        raise ValidationError(
            {"organisation": _("Choose the organisation that carries the project.")},
            code="required",
        )
    project = Project(ref=_unique_ref(name), published=False, version=1)
    _apply(project, profile)
    _record_revision(project, author=author, summary=gettext_noop("Created"))
    return project


@transaction.atomic
def update_project(
    *, project: Project, author: User, version: int, **profile: Unpack[Profile]
) -> Project:
    """Save an edit begun on `version`. When someone saved in between, nothing is written
    and ConflictError carries the current state and what changed since `version`."""
    _check(profile)
    current = _locked(project)
    if current.version != version:
        raise ConflictError(current, _changed_since(current, version))
    project.refresh_from_db()
    before = snapshot(project)
    try:
        with transaction.atomic():
            project.version = current.version + 1
            _apply(project, profile)
            if snapshot(project) == before and not profile.get("image"):
                raise _NothingChanged
    except _NothingChanged:
        # No new version, no history line: the savepoint is rolled back.
        project.refresh_from_db()
        return project
    _record_revision(project, author=author, summary=gettext_noop("Edited"))
    return project


class _NothingChanged(Exception):
    pass


def _changed_since(current: Project, version: int) -> list[str]:
    """Fields changed since `version`; unknown (empty) when that state was never saved
    in the history (e.g. an imported project)."""
    base = current.revisions.filter(version=version).values_list("snapshot", flat=True).first()
    return [] if base is None else changed_fields(base, snapshot(current))


@transaction.atomic
def publish_project(*, project: Project, author: User) -> Project:
    """Put a draft on the public site. Only people whose e-mail address is verified
    may publish, so that every public project has a reachable holder."""
    if not author.can_publish:
        raise ValidationError(
            _("Confirm your e-mail address before publishing: follow the link we sent you."),
            code="email_unverified",
        )
    if not project.published:
        _set_published(project, author, published=True)
    return project


@transaction.atomic
def unpublish_project(*, project: Project, author: User) -> Project:
    """Turn a published project back into a draft, seen by its organisation only."""
    if project.published:
        _set_published(project, author, published=False)
    return project


def _set_published(project: Project, author: User, *, published: bool) -> None:
    _bump(project)
    project.published = published
    project.save(update_fields=["published", "version", "updated_at"])
    summary = gettext_noop("Published") if published else gettext_noop("Unpublished")
    _record_revision(project, author=author, summary=summary)


@transaction.atomic
def hide_project(*, project: Project, moderator: User, reason: str) -> Project:
    """Take a project off the public site. The reason is mandatory: the members of its
    organisation see it on the project and receive it by e-mail."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the project is hidden: its holders will read it.")},
            code="required",
        )
    _moderate(project, moderator, hidden=True, reason=reason)
    return project


@transaction.atomic
def unhide_project(*, project: Project, moderator: User) -> Project:
    """Put a hidden project back (it is public again if it was published)."""
    if project.is_hidden:
        _moderate(project, moderator, hidden=False, reason="")
    return project


def _moderate(project: Project, moderator: User, *, hidden: bool, reason: str) -> None:
    _bump(project)
    project.hidden_at = timezone.now() if hidden else None
    project.hidden_reason = reason
    project.hidden_by = moderator if hidden else None
    project.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "version", "updated_at"])
    summary = gettext_noop("Hidden") if hidden else gettext_noop("Shown again")
    _record_revision(project, author=moderator, summary=summary)
    _tell_members(
        project, template="projects/email/hidden" if hidden else "projects/email/unhidden"
    )


@transaction.atomic
def set_project_image(
    *, project: Project, author: User, image: File | None, alt: str = ""
) -> Project:
    """Replace the project's image (already validated and re-encoded by
    `terreau.content.images`), or remove it with `image=None`."""
    _bump(project)
    _apply(project, {"image": image or False, "image_alt": alt if image else ""})
    _record_revision(
        project,
        author=author,
        summary=gettext_noop("Image changed") if image else gettext_noop("Image removed"),
    )
    return project


@transaction.atomic
def record_operator_edit(*, project: Project, author: User) -> Project:
    """An operator has just saved the project in the admin (row and domains): keep its
    containment in step, bump the version so that an edit begun on the site meanwhile
    is told of it, and record the change in the history and the search index."""
    _bump(project)
    project.place(project.territory)
    project.save()
    _record_revision(project, author=author, summary=gettext_noop("Edited by an operator"))
    return project


def _tell_members(project: Project, *, template: str) -> None:
    if project.organisation_id is None:
        return
    url = absolute_url(project.get_absolute_url())
    for member in project.organisation.memberships.select_related("user"):
        send_on_commit(
            to=member.user.email,
            template=template,
            context={"project": project, "reason": project.hidden_reason, "url": url},
        )
