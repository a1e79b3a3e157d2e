"""Who may do what with an organisation, in one place.

| action           | who                                                          |
|------------------|--------------------------------------------------------------|
| view             | everyone while listed; once hidden, its members and moderators |
| see_members      | its members, platform administrators                         |
| edit             | its administrators, platform administrators                  |
| manage_members   | its administrators, platform administrators                  |
| leave            | its members                                                  |
| moderate         | moderators, platform administrators                          |

A hidden organisation does not exist (404) for anyone who may not view it; for an
organisation they can view, a refused action is a 403.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from terreau.organisations.models import Membership, Organisation, Role


class Action(StrEnum):
    VIEW = "view"
    SEE_MEMBERS = "see_members"
    EDIT = "edit"
    MANAGE_MEMBERS = "manage_members"
    LEAVE = "leave"
    MODERATE = "moderate"


def role_of(user, organisation: Organisation) -> str | None:
    """`user`'s role in `organisation` ("admin", "member"), or None."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(organisation=organisation, user=user)
        .values_list("role", flat=True)
        .first()
    )


def is_allowed(user, organisation: Organisation, action: Action, role: str | None) -> bool:
    """Whether `user`, holding `role` in `organisation`, may perform `action`."""
    moderator = user.is_authenticated and user.can_moderate
    platform_admin = user.is_authenticated and user.is_platform_admin
    match action:
        case Action.VIEW:
            return not organisation.is_hidden or role is not None or moderator
        case Action.SEE_MEMBERS:
            return role is not None or platform_admin
        case Action.EDIT | Action.MANAGE_MEMBERS:
            return role == Role.ADMIN or platform_admin
        case Action.LEAVE:
            return role is not None
        case Action.MODERATE:
            return moderator
    return False


def allowed_actions(user, organisation: Organisation) -> set[str]:
    """Every action `user` may perform on `organisation` (to show only usable links)."""
    role = role_of(user, organisation)
    return {action.value for action in Action if is_allowed(user, organisation, action, role)}


def get_organisation_for_user(user, ref: str, *, action: Action) -> Organisation:
    """The organisation `ref` if `user` may perform `action` on it: Http404 when they may
    not even see it, PermissionDenied when they see it but may not do that."""
    organisation = Organisation.objects.select_related("territory", "legal_form").filter(ref=ref)
    organisation = organisation.first()
    if organisation is None:
        raise Http404
    role = role_of(user, organisation)
    if not is_allowed(user, organisation, Action.VIEW, role):
        raise Http404
    if not is_allowed(user, organisation, Action(action), role):
        raise PermissionDenied
    return organisation
