"""Who may do what on a project, in one place.

- view: anyone for a public project; a draft or a hidden project only for the members of
  its organisation, moderators and platform administrators (`Project.objects.visible_to`).
- edit, publish: the holders, i.e. the members of the owning organisation, and platform
  administrators.
- hide: moderators and platform administrators.
- history: the holders, moderators and platform administrators.

Whoever may not see a project gets a 404, never a 403, so that drafts do not leak their
existence; whoever sees it but may not act gets a 403.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from terreau.organisations.models import Membership
from terreau.projects.models import Project


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    PUBLISH = "publish"
    HIDE = "hide"
    HISTORY = "history"


def is_holder(user, project: Project) -> bool:
    """A member (any role) of the organisation that carries the project."""
    return bool(
        user.is_authenticated
        and project.organisation_id
        and Membership.objects.filter(user=user, organisation_id=project.organisation_id).exists()
    )


def allowed_actions(user, project: Project) -> frozenset[Action]:
    """Every action `user` may take on `project`, which they can already see."""
    actions = {Action.VIEW}
    admin = user.is_authenticated and user.is_platform_admin
    holder = is_holder(user, project)
    if holder or admin:
        actions |= {Action.EDIT, Action.PUBLISH, Action.HISTORY}
    if user.is_authenticated and user.can_moderate:
        actions |= {Action.HIDE, Action.HISTORY}
    return frozenset(actions)


def get_project_for_user(user, ref: str, *, action: str = Action.VIEW) -> Project:
    """The project `ref` if `user` may take `action` on it: 404 when they may not see
    it, 403 when they see it but may not act."""
    project = (
        Project.objects.visible_to(user)
        .select_related("organisation", "territory", "stage", "legal_form", "hidden_by")
        .prefetch_related("domains")
        .filter(ref=ref)
        .first()
    )
    if project is None:
        raise Http404("No such project.")
    if Action(action) not in allowed_actions(user, project):
        raise PermissionDenied
    return project
