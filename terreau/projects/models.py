"""The project profile: told once, it feeds every tool (search, assessments, matching…)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.organisations.models import Organisation
from terreau.projects.similarity import Features, most_similar, words
from terreau.territories.models import Located, LocatedQuerySet
from terreau.vocabularies.models import Domain, LegalForm, Stage

# How many neighbours of each kind (same département, shared domain) "similar
# projects" compares at most.
SIMILAR_CANDIDATES = 80


def _features(project: "Project") -> Features:
    return Features(
        id=project.pk,
        domains=frozenset(domain.pk for domain in project.domains.all()),
        places={
            "territory": project.territory_id,
            "epci": project.in_epci,
            "departement": project.in_departement,
            "region": project.in_region,
        },
        words=words(project.name, project.summary),
    )


class ProjectQuerySet(LocatedQuerySet):
    def published(self):
        """Public projects: published by their holder and not hidden by a moderator."""
        return self.filter(published=True, hidden_at__isnull=True)

    def visible_to(self, user):
        """What `user` may see: public projects, plus every project of their
        organisations (drafts and hidden ones included); moderators see everything."""
        if user.is_authenticated and user.can_moderate:
            return self
        public = models.Q(published=True, hidden_at__isnull=True)
        if not user.is_authenticated:
            return self.filter(public)
        return self.filter(public | models.Q(organisation__memberships__user=user)).distinct()

    def similar_to(self, project: "Project", *, limit: int = 4) -> list["Project"]:
        """A few public projects resembling `project`: shared domains, the same place,
        common words. Only the latest public projects of its département and the latest
        sharing one of its domains are compared, so the cost stays flat as the
        directory grows."""
        domains = [domain.pk for domain in project.domains.all()]
        candidate_ids: set[int] = set()
        if project.in_departement:
            # Read the latest rows through the département index alone (no sort), then
            # keep the public ones: cheaper than letting a visibility filter pick the plan.
            rows = (
                self.model.objects.filter(in_departement=project.in_departement)
                .order_by("-pk")
                .values_list("pk", "published", "hidden_at")[: SIMILAR_CANDIDATES * 2]
            )
            public = [pk for pk, published, hidden_at in rows if published and hidden_at is None]
            candidate_ids.update(public[:SIMILAR_CANDIDATES])
        if domains:
            candidate_ids.update(
                self.published()
                .filter(domains__in=domains)
                .order_by("-pk")
                .values_list("pk", flat=True)
                .distinct()[:SIMILAR_CANDIDATES]
            )
        candidate_ids.discard(project.pk)
        # Compare plain values, not model instances: a few hundred rows stay cheap.
        their_domains: dict[int, set[str]] = {pk: set() for pk in candidate_ids}
        for pk, code in self.model.domains.through.objects.filter(
            project_id__in=candidate_ids
        ).values_list("project_id", "domain_id"):
            their_domains[pk].add(code)
        candidates = [
            Features(
                id=pk,
                domains=frozenset(their_domains[pk]),
                places={"territory": territory, "epci": epci, "departement": dep, "region": reg},
                words=words(name, summary),
            )
            for pk, name, summary, territory, epci, dep, reg in self.published()
            .filter(pk__in=candidate_ids)
            .values_list(
                "pk", "name", "summary", "territory_id", "in_epci", "in_departement", "in_region"
            )
        ]
        chosen = most_similar(_features(project), candidates, limit=limit)
        by_id = self.filter(pk__in=chosen).prefetch_related("domains").in_bulk()
        return [by_id[pk] for pk in chosen]


class Project(Located):
    ref = models.SlugField(_("reference"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown"))
    domains = models.ManyToManyField(
        Domain, verbose_name=_("domains"), blank=True, related_name="projects"
    )
    stage = models.ForeignKey(
        Stage,
        verbose_name=_("stage"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    year_started = models.PositiveSmallIntegerField(_("year started"), null=True, blank=True)
    legal_form = models.ForeignKey(
        LegalForm, verbose_name=_("legal form"), on_delete=models.PROTECT, null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    beneficiaries = models.CharField(_("beneficiaries"), max_length=500, blank=True)
    funding_need = models.PositiveBigIntegerField(_("funding need (euros)"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=True)
    image = models.ImageField(_("image"), upload_to="projects/", blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, read aloud to people who cannot see it."),
    )
    # Extra links beyond the website: [{"label": "...", "url": "..."}].
    links = models.JSONField(_("links"), default=list, blank=True)
    # The people behind the project as shown publicly: [{"name": "...", "role": "..."}].
    team = models.JSONField(_("team"), default=list, blank=True)
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
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: every write checks and bumps it (see services).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name"]
        # The directory (terreau/directory/queries.py) counts and pages public projects
        # from these narrow entries, never from the wide rows: every territory level is a
        # prefix of the first one, which holds what the facets count; the others give the
        # two orders. Each ends with the id, which PostgreSQL (unlike SQLite) does not keep
        # in an index by itself. (An index on (published, hidden_at) alone matched nearly
        # every row and led SQLite to sort them all: public projects are found through these.)
        indexes = [
            models.Index(
                fields=[
                    "in_region",
                    "in_departement",
                    "in_epci",
                    "territory",
                    "stage",
                    "created_at",
                    "published",
                    "hidden_at",
                    "id",
                ],
                condition=models.Q(published=True, hidden_at__isnull=True),
                name="project_directory_place",
            ),
            models.Index(
                fields=["created_at", "id", "published", "hidden_at"],
                condition=models.Q(published=True, hidden_at__isnull=True),
                name="project_directory_newest",
            ),
            models.Index(
                fields=["name", "id", "published", "hidden_at"],
                condition=models.Q(published=True, hidden_at__isnull=True),
                name="project_directory_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", kwargs={"ref": self.ref})

    @property
    def is_public(self) -> bool:
        return self.published and self.hidden_at is None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def to_record(self) -> dict:
        """The project as the record format of contracts.md (codes and refs, never labels),
        extended with its links, team and image."""
        return {
            "ref": self.ref,
            "name": self.name,
            "summary": self.summary,
            "description": self.description,
            "domains": sorted(domain.pk for domain in self.domains.all()),
            "stage": self.stage_id,
            "territory": self.territory_id,
            "organisation": self.organisation.ref if self.organisation_id else None,
            "year_started": self.year_started,
            "legal_form": self.legal_form_id,
            "website": self.website,
            "beneficiaries": self.beneficiaries,
            "funding_need": self.funding_need,
            "published": self.published,
            "links": list(self.links),
            "team": list(self.team),
            "image": self.image.name or None,
            "image_alt": self.image_alt,
        }


class ProjectRevision(models.Model):
    """One saved state of a project, for its history of changes."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    summary = models.CharField(max_length=200, blank=True)
    # The record as exported (codes, refs), so a revision reads without the live vocabularies.
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="one_revision_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.project} v{self.version}"
