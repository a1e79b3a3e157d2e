"""The project pages: the public profile, the form, publication, moderation, history.
Thin: parse input, fetch-and-authorise (`permissions`), call one service, render."""

from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from terreau.content.markdown import render_markdown
from terreau.content.structured_data import json_ld
from terreau.organisations.models import Organisation
from terreau.projects import services
from terreau.projects.forms import (
    BLANK_ROWS,
    HideForm,
    LinkFormSet,
    ProjectForm,
    TeamFormSet,
    initial_for,
    rows,
)
from terreau.projects.history import changed_fields
from terreau.projects.models import Project
from terreau.projects.permissions import Action, allowed_actions, get_project_for_user
from terreau.territories.models import Territory
from terreau.vocabularies.models import Domain, LegalForm, Stage

FORM_TEMPLATE = "projects/project_form.html"
SIMILAR_COUNT = 3


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def territory_url(code: str) -> str:
    return reverse("territories:detail", kwargs={"code": code})


def directory_url(**filters) -> str:
    """The project directory filtered on `filters` (e.g. domain=logement)."""
    return f"{reverse('directory:projects')}?{urlencode(filters)}"


# ---------------------------------------------------------------- public page


def _share_links(url: str, title: str) -> list[tuple[str, str]]:
    """Plain links to share the page: no third-party script, nothing loaded."""
    return [
        (_("E-mail"), "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("Mastodon", "https://mastodonshare.com/?" + urlencode({"text": title, "url": url})),
    ]


def _web_links(links: list) -> list[dict]:
    """Links safe to put in an href: http(s) only, whatever an import may have stored."""
    return [
        link
        for link in links
        if isinstance(link, dict) and urlsplit(str(link.get("url", ""))).scheme in {"http", "https"}
    ]


def _structured_data(project: Project, url: str, image_url: str | None) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Project",
        "@id": url,
        "url": url,
        "identifier": project.ref,
        "name": project.name,
        "description": project.summary,
        "dateModified": project.updated_at.isoformat(),
        "keywords": [domain.label for domain in project.domains.all()],
    }
    if project.year_started:
        data["foundingDate"] = str(project.year_started)
    if project.territory_id:
        data["areaServed"] = {
            "@type": "AdministrativeArea",
            "name": project.territory.name,
            "identifier": project.territory_id,
        }
    if project.organisation_id:
        data["parentOrganization"] = {
            "@type": "Organization",
            "name": project.organisation.name,
            "url": _absolute(project.organisation.get_absolute_url()),
        }
    if project.website:
        data["sameAs"] = project.website
    if image_url:
        data["image"] = image_url
    if project.team:
        data["member"] = [
            {"@type": "Person", "name": person["name"], "jobTitle": person.get("role", "")}
            for person in project.team
            if isinstance(person, dict) and person.get("name")
        ]
    return data


def detail(request: HttpRequest, ref: str) -> HttpResponse:
    project = get_project_for_user(request.user, ref, action=Action.VIEW)
    url = _absolute(project.get_absolute_url())
    image_url = _absolute(project.image.url) if project.image else None
    domains = list(project.domains.all())
    context = {
        "project": project,
        "actions": allowed_actions(request.user, project),
        "description_html": render_markdown(project.description),
        "domains": [(domain, directory_url(domain=domain.pk)) for domain in domains],
        "stage_url": directory_url(stage=project.stage_id) if project.stage_id else None,
        "territory_url": territory_url(project.territory_id) if project.territory_id else None,
        "links": _web_links(project.links),
        "team": [p for p in project.team if isinstance(p, dict) and p.get("name")],
        "similar": Project.objects.similar_to(project, limit=SIMILAR_COUNT),
        "share_links": _share_links(url, project.name),
        "page_url": url,
        "image_url": image_url,
        "structured_data": json_ld(_structured_data(project, url, image_url))
        if project.is_public
        else "",
        "nav": "projects",
        "breadcrumbs": [
            (_("Projects"), reverse("directory:projects")),
            (project.name, ""),
        ],
    }
    return render(request, "projects/project_detail.html", context)


# ---------------------------------------------------------------------- forms


def field_label(name: str) -> str:
    """What a field of the project record is called, for people."""
    extra = {"hidden": _("hidden by a moderator"), "links": _("links"), "team": _("team")}
    if name in extra:
        return extra[name]
    try:
        return str(Project._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def field_display(record: dict, name: str) -> str:
    """A record's value as text for people (labels rather than codes)."""
    value = record.get(name)
    vocabularies = {"domains": Domain, "stage": Stage, "legal_form": LegalForm}
    if value in (None, "", []):
        return "—"
    if name in vocabularies:
        codes = value if isinstance(value, list) else [value]
        labels = {t.pk: t.label for t in vocabularies[name].objects.filter(pk__in=codes)}
        return ", ".join(labels.get(code, code) for code in codes)
    if name == "territory":
        return Territory.objects.filter(pk=value).values_list("name", flat=True).first() or value
    if name == "organisation":
        return (
            Organisation.objects.filter(ref=value).values_list("name", flat=True).first() or value
        )
    if name == "links":
        return ", ".join(
            f"{link.get('label') or link.get('url')} ({link.get('url')})" for link in value
        )
    if name == "team":
        return ", ".join(" – ".join(filter(None, (p.get("name"), p.get("role")))) for p in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _forms(request: HttpRequest, project: Project | None, data=None, files=None):
    form = ProjectForm(data, files, user=request.user, project=project)
    links = LinkFormSet(data, prefix="links", initial=project.links if project else None)
    team = TeamFormSet(data, prefix="team", initial=project.team if project else None)
    return form, links, team


def _with_more_rows(request: HttpRequest, project: Project | None):
    """ "Add rows" without JavaScript: the same form, unbound (so no error shows yet),
    filled with what was typed, with blank rows added to the links and the team."""
    form, links, team = _forms(request, project, request.POST, request.FILES)
    initial = {name: form[name].value() for name in form.fields if name != "image"}
    form = ProjectForm(user=request.user, project=project, initial=initial)
    links = LinkFormSet(
        prefix="links", initial=[{k: f[k].value() for k in f.fields} for f in links.forms]
    )
    team = TeamFormSet(
        prefix="team", initial=[{k: f[k].value() for k in f.fields} for f in team.forms]
    )
    return form, links, team


def _attach(form: ProjectForm, error: ValidationError) -> None:
    """A service's refusal, shown on the field it concerns (or above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _render_form(request, form, links, team, *, project=None, status=200, **extra):
    context = {
        "form": form,
        "links": links,
        "team": team,
        "project": project,
        "blank_rows": BLANK_ROWS,
        "nav": "projects",
        **extra,
    }
    return render(request, FORM_TEMPLATE, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not Organisation.objects.of_user(request.user).exists():
        return render(
            request,
            "projects/no_organisation.html",
            {"create_organisation_url": reverse("organisations:create")},
            status=403,
        )
    if request.method == "POST" and "add_rows" in request.POST:
        return _render_form(request, *_with_more_rows(request, None))
    if request.method != "POST":
        return _render_form(request, *_forms(request, None))
    form, links, team = _forms(request, None, request.POST, request.FILES)
    if form.is_valid() and links.is_valid() and team.is_valid():
        try:
            project = services.create_project(
                author=request.user, **form.profile(rows(links), rows(team))
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(
                request,
                _("Your project is saved as a draft: only your organisation sees it for now."),
            )
            return redirect(project)
    return _render_form(request, form, links, team, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, ref: str) -> HttpResponse:
    project = get_project_for_user(request.user, ref, action=Action.EDIT)
    if request.method == "POST" and "add_rows" in request.POST:
        return _render_form(request, *_with_more_rows(request, project), project=project)
    if request.method != "POST":
        return _render_form(request, *_forms(request, project), project=project)
    form, links, team = _forms(request, project, request.POST, request.FILES)
    if form.is_valid() and links.is_valid() and team.is_valid():
        try:
            services.update_project(
                project=project,
                author=request.user,
                version=form.cleaned_data["version"] or 0,
                **form.profile(rows(links), rows(team)),
            )
        except services.ConflictError as conflict:
            return _conflict(request, project, conflict)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(project)
    return _render_form(request, form, links, team, project=project, status=400)


def _conflict(request: HttpRequest, project: Project, conflict: services.ConflictError):
    """Someone saved in between: show the person's own input again, untouched, with
    what changed meanwhile; saving again (now on the current version) is their call."""
    data = request.POST.copy()
    data["version"] = str(conflict.current.version)
    form, links, team = _forms(request, conflict.current, data, request.FILES)
    form.is_valid() and links.is_valid() and team.is_valid()  # noqa: B015 - show clean values
    current = services.snapshot(conflict.current)
    changed = conflict.changed or _differences(form, conflict.current)
    changes = [(field_label(name), field_display(current, name)) for name in changed]
    last = conflict.current.revisions.select_related("author").first()
    return _render_form(
        request,
        form,
        links,
        team,
        project=conflict.current,
        status=409,
        conflict_changes=changes,
        conflict_author=last.author if last else None,
        lost_image=bool(request.FILES.get("image")),
    )


def _differences(form: ProjectForm, current: Project) -> list[str]:
    """When the history cannot say what changed (a project imported without one), the
    fields where the person's input differs from what is saved now."""
    saved = initial_for(current)

    def comparable(value):
        if hasattr(value, "pk"):
            return value.pk
        if isinstance(value, list | tuple) or hasattr(value, "model"):
            return sorted(getattr(item, "pk", item) for item in value)
        return value if value not in ("", None) else None

    cleaned = getattr(form, "cleaned_data", {})
    return [
        name
        for name in saved
        if name != "version"
        and name in cleaned
        and comparable(cleaned[name]) != comparable(saved[name])
    ]


# ------------------------------------------------------- publication, moderation


def _confirm(request: HttpRequest, project: Project, template: str, act, form=None):
    """A page that asks before acting; on POST `act()` runs the service and returns the
    message to show. A refusal is shown on the page (on `form` when there is one) with
    a 400."""
    error = None
    if request.method == "POST":
        try:
            done = act()
        except ValidationError as refused:
            if form is None:
                error = refused.messages[0]
            elif not form.errors:  # the form's own errors already say it
                _attach(form, refused)
        else:
            messages.success(request, done)
            return redirect(project)
    context = {"project": project, "error": error, "form": form, "nav": "projects"}
    failed = error or (form is not None and form.errors)
    return render(request, template, context, status=400 if failed else 200)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, ref: str) -> HttpResponse:
    project = get_project_for_user(request.user, ref, action=Action.PUBLISH)

    def act() -> str:
        if request.POST.get("action") == "unpublish":
            services.unpublish_project(project=project, author=request.user)
            return _("The project is a draft again.")
        services.publish_project(project=project, author=request.user)
        return _("The project is published.")

    return _confirm(request, project, "projects/project_publish.html", act)


@login_required
@require_http_methods(["GET", "POST"])
def hide(request: HttpRequest, ref: str) -> HttpResponse:
    project = get_project_for_user(request.user, ref, action=Action.HIDE)
    form = HideForm(request.POST or None)

    def act() -> str:
        if request.POST.get("action") == "unhide":
            services.unhide_project(project=project, moderator=request.user)
            return _("The project is shown again.")
        if not form.is_valid():
            raise ValidationError(form.errors.as_data()["reason"])
        services.hide_project(
            project=project, moderator=request.user, reason=form.cleaned_data["reason"]
        )
        return _("The project is hidden; its holders are told why.")

    return _confirm(request, project, "projects/project_hide.html", act, form=form)


@login_required
def history(request: HttpRequest, ref: str) -> HttpResponse:
    project = get_project_for_user(request.user, ref, action=Action.HISTORY)
    revisions = list(project.revisions.select_related("author"))
    entries = []
    # Revisions come newest first: each is compared with the one just before it.
    for revision, previous in zip(revisions, [*revisions[1:], None], strict=False):
        names = changed_fields(previous.snapshot if previous else None, revision.snapshot)
        entries.append((revision, [field_label(name) for name in names]))
    return render(
        request,
        "projects/project_history.html",
        {"project": project, "entries": entries, "nav": "projects"},
    )
