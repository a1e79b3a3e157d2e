"""`terreau load_territories`: fill or refresh the official map (régions → communes)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand

from terreau.territories.dataset import DATA_FILE, read_dataset
from terreau.territories.services import load_territories


class Command(BaseCommand):
    help = (
        "Load every région, département, EPCI and commune of the packaged official map. "
        "Does nothing when the database already holds this version of the data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="compare every row even if the version is current"
        )
        parser.add_argument(
            "--file", type=Path, default=DATA_FILE, help="the data file (default: the packaged one)"
        )

    def handle(self, *args, force: bool, file: Path, **options):
        started = time.perf_counter()
        report = load_territories(dataset=read_dataset(file), force=force)
        seconds = time.perf_counter() - started
        if report.skipped:
            self.stdout.write(
                f"Territories are up to date (data version {report.version[:12]}), "
                f"checked in {seconds:.1f} s."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Territories loaded (data version {report.version[:12]}) in {seconds:.1f} s: "
                f"{report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {report.deleted} deleted, "
                f"{report.relocated} records re-placed."
            )
        )
        if report.kept:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(report.kept)} territories are gone from the official map but still "
                    f"used by records, kept: {', '.join(report.kept[:20])}"
                )
            )
