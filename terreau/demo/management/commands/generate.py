"""`terreau generate --projects N [--organisations M] [--funding K] [--programmes P]
[--seed S]`: fill the database with realistic synthetic records for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from terreau.demo import synthetic
from terreau.records.services import upsert_records
from terreau.territories.models import Territory
from terreau.vocabularies.models import ActorType, Domain, LegalForm, Stage


class Command(BaseCommand):
    help = (
        "Create synthetic organisations and projects spread over the loaded territories "
        "(deterministic for a seed; running it again with the same seed changes nothing). "
        "Funding schemes and programmes arrive with later issues: their options are "
        "accepted and ignored with a notice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, required=True, metavar="N")
        parser.add_argument("--organisations", type=int, default=0, metavar="M")
        parser.add_argument("--funding", type=int, default=0, metavar="K")
        parser.add_argument("--programmes", type=int, default=0, metavar="P")
        parser.add_argument("--seed", type=int, default=1, metavar="S")

    def handle(self, *args, projects, organisations, funding, programmes, seed, **options):
        if min(projects, organisations, funding, programmes) < 0:
            raise CommandError(_("counts must be zero or more"))
        for option, count in (("--funding", funding), ("--programmes", programmes)):
            if count:
                self.stderr.write(
                    _(
                        "%(option)s %(count)d ignored: funding schemes and support programmes "
                        "arrive with a later version of Terreau."
                    )
                    % {"option": option, "count": count}
                )
        places = [
            synthetic.Place(*row)
            for row in Territory.objects.order_by("code").values_list(
                "code", "kind", "name", "region", "departement", "population"
            )
        ]
        if not [place for place in places if place.kind != "fr"]:
            raise CommandError(
                _("no territory in the database: run `terreau load_territories` first")
            )
        vocabularies = synthetic.Vocabularies(
            domains=list(Domain.objects.values_list("code", flat=True)),
            stages=list(Stage.objects.values_list("code", flat=True)),
            legal_forms=list(LegalForm.objects.values_list("code", flat=True)),
            actor_types=list(ActorType.objects.values_list("code", flat=True)),
        )
        started = time.perf_counter()
        # (ref, département) of the generated organisations, to carry the projects.
        carriers: list[tuple[str, str]] = []
        departement_of = {place.code: place.departement for place in places}

        def remembered(records):
            for record in records:
                carriers.append((record["ref"], departement_of.get(record["territory"], "")))
                yield record

        if organisations:
            report = upsert_records(
                kind="organisations",
                records=remembered(
                    synthetic.organisations(
                        count=organisations, seed=seed, places=places, vocabularies=vocabularies
                    )
                ),
            )
            self._say("organisations", report, started)
        report = upsert_records(
            kind="projects",
            records=synthetic.projects(
                count=projects,
                seed=seed,
                places=places,
                vocabularies=vocabularies,
                organisations=carriers,
            ),
        )
        self._say("projects", report, started)

    def _say(self, kind: str, report, started: float) -> None:
        self.stdout.write(
            _("%(kind)s: %(counts)s (%(seconds).1f s).")
            % {"kind": kind, "counts": report.counts(), "seconds": time.perf_counter() - started}
        )
