"""Organisations (associations, incubators, funders, public bodies…) and their members."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from terreau.territories.models import Located, LocatedQuerySet
from terreau.vocabularies.models import ActorType, LegalForm


class OrganisationQuerySet(LocatedQuerySet):
    def listed(self):
        """Organisations shown in the public directory (not hidden by a moderator)."""
        return self.filter(hidden_at__isnull=True)

    def of_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def solely_administered_by(self, user):
        """Organisations where `user` is the only administrator: they cannot leave or
        delete their account before naming another one."""
        administered = Membership.objects.admins().filter(user=user).values("organisation")
        return (
            self.filter(pk__in=administered)
            .annotate(
                admin_count=models.Count(
                    "memberships", filter=models.Q(memberships__role=Role.ADMIN)
                )
            )
            .filter(admin_count=1)
        )


class Organisation(Located):
    ref = models.SlugField(_("reference"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    actor_types = models.ManyToManyField(ActorType, verbose_name=_("actor types"), blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    legal_form = models.ForeignKey(
        LegalForm, verbose_name=_("legal form"), on_delete=models.PROTECT, null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="organisations/", blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: every edit checks and bumps it (see services).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            # The directory (terreau/directory/queries.py) counts and pages listed
            # organisations from these narrow entries (see Project's indexes).
            models.Index(
                fields=[
                    "in_region",
                    "in_departement",
                    "in_epci",
                    "territory",
                    "created_at",
                    "hidden_at",
                    "id",
                ],
                condition=models.Q(hidden_at__isnull=True),
                name="organisation_directory_place",
            ),
            models.Index(
                fields=["created_at", "id", "hidden_at"],
                condition=models.Q(hidden_at__isnull=True),
                name="organisation_directory_newest",
            ),
            models.Index(
                fields=["name", "id", "hidden_at"],
                condition=models.Q(hidden_at__isnull=True),
                name="organisation_directory_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("organisations:detail", kwargs={"ref": self.ref})

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class MembershipQuerySet(models.QuerySet):
    def admins(self):
        return self.filter(role=Role.ADMIN)


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="one_membership_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"
