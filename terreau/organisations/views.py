"""Organisation pages: the public page, creation, editing, members, moderation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau.accounts.forms import form_status, submitted
from terreau.content.markdown import render_markdown
from terreau.content.structured_data import json_ld
from terreau.organisations import services
from terreau.organisations.forms import AddMemberForm, HideForm, OrganisationForm, RoleForm
from terreau.organisations.models import Membership, Organisation
from terreau.organisations.permissions import Action, allowed_actions, get_organisation_for_user
from terreau.organisations.schema_org import organisation_jsonld


def _breadcrumbs(organisation: Organisation, *current: str) -> list[tuple[str, str]]:
    from django.urls import reverse

    trail = [(_("Organisations"), reverse("directory:organisations"))]
    if current:
        return [*trail, (organisation.name, organisation.get_absolute_url()), (current[0], "")]
    return [*trail, (organisation.name, "")]


@require_GET
def detail(request: HttpRequest, ref: str) -> HttpResponse:
    from terreau.projects.models import Project

    organisation = get_organisation_for_user(request.user, ref, action=Action.VIEW)
    projects = (
        Project.objects.published()
        .filter(organisation=organisation)
        .select_related("stage", "territory", "organisation")
        .prefetch_related("domains")
        .order_by("name")
    )
    url = request.build_absolute_uri(organisation.get_absolute_url())
    logo_url = request.build_absolute_uri(organisation.logo.url) if organisation.logo else ""
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "actor_types": organisation.actor_types.all(),
            "projects": projects,
            "description": render_markdown(organisation.description),
            "jsonld": json_ld(organisation_jsonld(organisation, url=url, logo_url=logo_url)),
            "actions": allowed_actions(request.user, organisation),
            "nav": "organisations",
            "breadcrumbs": _breadcrumbs(organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(*submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(creator=request.user, **form.profile())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is created; you are its administrator.") % {"name": organisation},
            )
            return redirect(organisation)
    return render(
        request,
        "organisations/form.html",
        {"form": form, "nav": "account"},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, ref: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, ref, action=Action.EDIT)
    form = OrganisationForm(*submitted(request), organisation=organisation)
    context = {
        "form": form,
        "organisation": organisation,
        "nav": "account",
        "breadcrumbs": _breadcrumbs(organisation, _("Edit")),
    }
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                organisation=organisation, version=form.cleaned_data["version"], **form.profile()
            )
        except services.EditConflict as conflict:
            # Nothing was written: show what is saved now next to the person's own input,
            # which stays in the form, now based on the current version.
            context["conflict"] = form.differences(conflict.current)
            data = request.POST.copy()
            data["version"] = conflict.current.version
            context["form"] = OrganisationForm(data, organisation=conflict.current)
            context["form"].is_valid()
            return render(request, "organisations/form.html", context, status=409)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation is saved."))
            return redirect(organisation)
    return render(request, "organisations/form.html", context, status=form_status(form))


def _members_page(
    request: HttpRequest,
    organisation: Organisation,
    *,
    add_form: AddMemberForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    actions = allowed_actions(request.user, organisation)
    memberships = organisation.memberships.select_related("user").order_by(
        "role", "user__display_name", "user__email"
    )
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "actions": actions,
            "add_form": add_form or AddMemberForm(),
            "role_choices": RoleForm.base_fields["role"].choices,
            "error": error,
            "nav": "account",
            "breadcrumbs": _breadcrumbs(organisation, _("Members")),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, ref: str) -> HttpResponse:
    if request.method == "GET":
        organisation = get_organisation_for_user(request.user, ref, action=Action.SEE_MEMBERS)
        return _members_page(request, organisation)
    organisation = get_organisation_for_user(request.user, ref, action=Action.MANAGE_MEMBERS)
    form = AddMemberForm(request.POST)
    if form.is_valid():
        try:
            membership = services.add_member(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                added_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(person)s is now a member of %(organisation)s.")
                % {"person": membership.user, "organisation": organisation},
            )
            return redirect("organisations:members", ref=organisation.ref)
    return _members_page(request, organisation, add_form=form, status=400)


def _membership(organisation: Organisation, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        pk=membership_id,
        organisation=organisation,
    )


@login_required
@require_POST
def change_role(request: HttpRequest, ref: str, membership_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, ref, action=Action.MANAGE_MEMBERS)
    membership = _membership(organisation, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _members_page(request, organisation, error=_("Choose a valid role."), status=400)
    try:
        services.change_role(membership=membership, role=form.cleaned_data["role"])
    except ValidationError as error:
        return _members_page(request, organisation, error=error.messages[0], status=409)
    messages.success(
        request,
        _("%(person)s is now %(role)s.")
        % {"person": membership.user, "role": membership.get_role_display().lower()},
    )
    return redirect("organisations:members", ref=organisation.ref)


@login_required
@require_POST
def remove_member(request: HttpRequest, ref: str, membership_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, ref, action=Action.MANAGE_MEMBERS)
    membership = _membership(organisation, membership_id)
    try:
        services.remove_member(membership=membership)
    except ValidationError as error:
        return _members_page(request, organisation, error=error.messages[0], status=409)
    messages.success(
        request,
        _("%(person)s is no longer a member of %(organisation)s.")
        % {"person": membership.user, "organisation": organisation},
    )
    if membership.user_id == request.user.pk:
        return redirect("accounts:dashboard")
    return redirect("organisations:members", ref=organisation.ref)


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, ref: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, ref, action=Action.LEAVE)
    membership = _membership_of(organisation, request.user)
    context = {
        "organisation": organisation,
        "nav": "account",
        "breadcrumbs": _breadcrumbs(organisation, _("Leave")),
    }
    if request.method == "POST":
        try:
            services.remove_member(membership=membership)
        except ValidationError as error:
            context["error"] = error.messages[0]
            return render(request, "organisations/leave.html", context, status=409)
        messages.success(request, _("You left %(organisation)s.") % {"organisation": organisation})
        return redirect("accounts:dashboard")
    return render(request, "organisations/leave.html", context)


def _membership_of(organisation: Organisation, user) -> Membership:
    membership = organisation.memberships.filter(user=user).select_related("organisation").first()
    if membership is None:
        raise Http404
    return membership


@login_required
@require_http_methods(["GET", "POST"])
def moderate(request: HttpRequest, ref: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, ref, action=Action.MODERATE)
    unhiding = request.method == "POST" and "unhide" in request.POST
    form = HideForm(None if unhiding else submitted(request)[0])
    if request.method == "POST":
        if unhiding:
            services.unhide_organisation(organisation=organisation)
            messages.success(request, _("The organisation is visible to everyone again."))
            return redirect(organisation)
        if form.is_valid():
            services.hide_organisation(
                organisation=organisation,
                moderator=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request, _("The organisation is hidden; only its members still see it.")
            )
            return redirect(organisation)
    return render(
        request,
        "organisations/moderate.html",
        {
            "organisation": organisation,
            "form": form,
            "nav": "organisations",
            "breadcrumbs": _breadcrumbs(organisation, _("Moderation")),
        },
        status=form_status(form),
    )
