"""The French administrative map: régions, départements, EPCI and communes.

A territory's primary key is its code of taxonomy.md (`region:84`, `commune:69123`…), so
a record's foreign key is already the stable code. Containment is stored transitively on
each territory (its région, département and EPCI), and copied onto every located record
(`Located`) so that "everything inside X" is one indexed equality, never a recursive query.
"""

import re

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COUNTRY = "fr", _("Country")
    REGION = "region", _("Région")
    DEPARTEMENT = "departement", _("Département")
    EPCI = "epci", _("EPCI")
    COMMUNE = "commune", _("Commune")


FRANCE = "FR"
# The shape of every territory code (taxonomy.md): anything else names no territory.
CODE_PATTERN = re.compile(r"FR|(region|departement|epci|commune):[0-9A-Z]{2,9}")
# Broadest first: how lists of territories of mixed kinds are ordered.
KIND_ORDER = [Kind.COUNTRY, Kind.REGION, Kind.DEPARTEMENT, Kind.EPCI, Kind.COMMUNE]


class TerritoryQuerySet(models.QuerySet):
    def get_by_code(self, code: str) -> "Territory | None":
        """The territory of `code`, or None; a string that cannot be a code (too long,
        control characters…) is not even looked up."""
        if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code):
            return None
        return self.filter(code=code).first()

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def inside(self, territory: "Territory"):
        """Territories lying inside `territory` (itself excluded)."""
        if territory.kind == Kind.COUNTRY:
            return self.exclude(kind=Kind.COUNTRY)
        field = territory.containment_field
        if field is None:  # a commune contains nothing
            return self.none()
        return self.filter(**{field: territory.code}).exclude(code=territory.code)

    def children_of(self, territory: "Territory"):
        """The next level down: France → régions → départements → EPCI and communes
        (every commune of the département) ; an EPCI → its member communes."""
        if territory.kind == Kind.COUNTRY:
            return self.filter(kind=Kind.REGION)
        if territory.kind == Kind.REGION:
            return self.filter(kind=Kind.DEPARTEMENT, region=territory.code)
        if territory.kind == Kind.DEPARTEMENT:
            return self.filter(kind__in=[Kind.EPCI, Kind.COMMUNE], departement=territory.code)
        if territory.kind == Kind.EPCI:
            return self.filter(kind=Kind.COMMUNE, epci=territory.code)
        return self.none()

    def broadest_first(self):
        """Broader kinds first (a département before a commune), then the most populated."""
        rank = models.Case(
            *(models.When(kind=kind, then=position) for position, kind in enumerate(KIND_ORDER)),
            default=len(KIND_ORDER),
        )
        return self.order_by(rank, models.F("population").desc(nulls_last=True), "name")


class Territory(models.Model):
    code = models.CharField(_("code"), max_length=32, primary_key=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    # Lowercase, accent-free name for prefix lookups in the autocomplete.
    search_name = models.CharField(max_length=200, db_index=True)
    region = models.CharField(max_length=32, blank=True, db_index=True)
    departement = models.CharField(max_length=32, blank=True, db_index=True)
    epci = models.CharField(max_length=32, blank=True, db_index=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    postal_codes = models.CharField(_("postal codes"), max_length=400, blank=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territories:detail", kwargs={"code": self.code})

    @property
    def containment_field(self) -> str | None:
        """The column of `Territory` (and of `Located`) naming this territory as ancestor."""
        return {Kind.REGION: "region", Kind.DEPARTEMENT: "departement", Kind.EPCI: "epci"}.get(
            self.kind
        )

    @property
    def insee(self) -> str:
        return self.code.split(":", 1)[-1]

    def parent_codes(self) -> list[str]:
        """Codes of the territories containing this one, broadest first (FR, région,
        département, EPCI); France itself has none."""
        if self.kind == Kind.COUNTRY:
            return []
        chain = [FRANCE, self.region, self.departement, self.epci]
        return [code for code in chain if code and code != self.code]

    @property
    def postal_code_list(self) -> list[str]:
        return self.postal_codes.split()

    def ancestors(self) -> dict[str, str]:
        """Codes of the région, département and EPCI containing (or being) this territory."""
        chain = {"region": self.region, "departement": self.departement, "epci": self.epci}
        if self.containment_field:
            chain[self.containment_field] = self.code
        return chain


class PostalCode(models.Model):
    """A postal code serving a commune, for indexed lookups ("69001" → Lyon). A code can
    serve several communes and a commune have several codes; `Territory.postal_codes`
    keeps the commune's own list for display. The unique index (code, territory)
    serves the lookups by code and by code prefix."""

    code = models.CharField(_("postal code"), max_length=5)
    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="postal_code_entries"
    )

    class Meta:
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")
        constraints = [
            models.UniqueConstraint(fields=["code", "territory"], name="unique_postal_code")
        ]

    def __str__(self) -> str:
        return self.code


class DatasetVersion(models.Model):
    """Which version of a packaged dataset the database holds, so that loading it again
    is skipped while the data file is unchanged."""

    name = models.CharField(max_length=50, primary_key=True)
    version = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} {self.version[:12]}"


class LocatedQuerySet(models.QuerySet):
    def located_in(self, territory: Territory):
        """Records whose territory is `territory` or lies inside it (commune → EPCI →
        département → région → FR). A record placed on a whole région is not inside one of
        its départements."""
        if territory.kind == Kind.COUNTRY:
            return self
        field = territory.containment_field
        if field is None:
            return self.filter(territory_id=territory.code)
        return self.filter(**{f"in_{field}": territory.code})


class Located(models.Model):
    """A record placed on the map. The `in_*` columns are its territory's ancestors,
    kept in step by `place()` so that containment filters are single-column lookups."""

    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    in_region = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    in_departement = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    in_epci = models.CharField(max_length=32, blank=True, db_index=True, editable=False)

    class Meta:
        abstract = True

    def place(self, territory: Territory | None) -> None:
        self.territory = territory
        chain = territory.ancestors() if territory else {}
        self.in_region = chain.get("region", "")
        self.in_departement = chain.get("departement", "")
        self.in_epci = chain.get("epci", "")
