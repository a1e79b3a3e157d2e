"""Controlled vocabularies of taxonomy.md: stable codes, labels in French and English.

Each vocabulary is its own small table keyed by its code, so that a record's foreign key
*is* the stable code (no join needed to export or serialise it) and an operator can add
entries from the admin without code.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TermQuerySet(models.QuerySet):
    def active(self):
        """Entries offered in forms and facets; retired ones stay valid on old records."""
        return self.filter(active=True)


class Term(models.Model):
    code = models.SlugField(_("code"), max_length=64, primary_key=True)
    label_fr = models.CharField(_("label (French)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "fr").startswith("en") else self.label_fr


class Stage(Term):
    class Meta(Term.Meta):
        verbose_name = _("stage")
        verbose_name_plural = _("stages")


class Domain(Term):
    class Meta(Term.Meta):
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class ActorType(Term):
    class Meta(Term.Meta):
        verbose_name = _("actor type")
        verbose_name_plural = _("actor types")


class LegalForm(Term):
    class Meta(Term.Meta):
        verbose_name = _("legal form")
        verbose_name_plural = _("legal forms")


class Instrument(Term):
    class Meta(Term.Meta):
        verbose_name = _("funding instrument")
        verbose_name_plural = _("funding instruments")


class ProgrammeKind(Term):
    class Meta(Term.Meta):
        verbose_name = _("support programme kind")
        verbose_name_plural = _("support programme kinds")


VOCABULARIES: dict[str, type[Term]] = {
    "stage": Stage,
    "domain": Domain,
    "actor_type": ActorType,
    "legal_form": LegalForm,
    "instrument": Instrument,
    "programme_kind": ProgrammeKind,
}
