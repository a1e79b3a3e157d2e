"""Everything Terreau holds about one person, as plain data (GDPR right of access and
portability, art. 15 and 20). Organisations and projects are named by their stable refs."""

from django.utils import timezone

from terreau.accounts.models import User


def personal_data(user: User) -> dict:
    from terreau.organisations.models import Membership
    from terreau.projects.models import Project, ProjectRevision

    memberships = (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__ref")
    )
    projects = (
        Project.objects.filter(organisation__memberships__user=user)
        .order_by("ref")
        .values_list("ref", flat=True)
        .distinct()
    )
    revisions = (
        ProjectRevision.objects.filter(author=user)
        .select_related("project")
        .order_by("created_at", "pk")
    )
    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "email_verified": user.email_verified,
            "display_name": user.display_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "privacy_accepted_at": (
                user.privacy_accepted_at.isoformat() if user.privacy_accepted_at else None
            ),
            "is_moderator": user.is_moderator,
            "is_platform_admin": user.is_superuser,
        },
        "memberships": [
            {
                "organisation": membership.organisation.ref,
                "role": membership.role,
                "since": membership.created_at.isoformat(),
            }
            for membership in memberships
        ],
        "organisations": [membership.organisation.ref for membership in memberships],
        "projects": list(projects),
        "project_revisions": [
            {
                "project": revision.project.ref,
                "version": revision.version,
                "created_at": revision.created_at.isoformat(),
                "summary": revision.summary,
            }
            for revision in revisions
        ],
    }
