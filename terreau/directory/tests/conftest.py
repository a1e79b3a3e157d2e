"""Records for the directory tests: a handful of projects and organisations on the small
map of `terreau.territories.tests.factories`, public and not."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from terreau.organisations.models import Organisation
from terreau.projects.models import Project


@pytest.fixture(autouse=True)
def fresh_cache():
    # Cached counts are keyed by the directory version, which a rolled-back test resets.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def in_english():
    # Messages are asserted in English, the msgids; French is the catalogue's business.
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """A browser asking for English pages."""
    return Client(headers={"accept-language": "en"})


def make_project(ref, name, territory, *, domains=(), stage=None, organisation=None, **fields):
    project = Project(ref=ref, name=name, stage_id=stage, organisation=organisation, **fields)
    project.place(territory)
    project.save()
    project.domains.set(domains)
    return project


def make_organisation(ref, name, territory, *actor_types, **fields):
    organisation = Organisation(ref=ref, name=name, **fields)
    organisation.place(territory)
    organisation.save()
    organisation.actor_types.set(actor_types)
    return organisation


@pytest.fixture
def catalogue(small_map, holder_organisation):
    """Six projects: four public ones in three régions, a draft and a hidden one."""
    from django.utils import timezone

    m = small_map
    return {
        "lyon-habitat": make_project(
            "lyon-habitat",
            "Habitat partagé lyonnais",
            m["commune:69123"],
            domains=["logement", "vieillissement"],
            stage="experimentation",
            organisation=holder_organisation,
            summary="Des étudiants logés chez des personnes âgées.",
        ),
        "villeurbanne-epicerie": make_project(
            "villeurbanne-epicerie",
            "Épicerie solidaire",
            m["commune:69266"],
            domains=["alimentation", "pauvrete-exclusion"],
            stage="diffusion",
            organisation=holder_organisation,
        ),
        "grenoble-mobilite": make_project(
            "grenoble-mobilite",
            "Transport solidaire",
            m["commune:38185"],
            domains=["mobilite"],
            stage="emergence",
        ),
        "paris-logement": make_project(
            "paris-logement",
            "Colocations solidaires",
            m["commune:75056"],
            domains=["logement"],
            stage="emergence",
        ),
        "rennes-brouillon": make_project(
            "rennes-brouillon",
            "Brouillon rennais",
            m["commune:35238"],
            domains=["logement"],
            stage="emergence",
            published=False,
        ),
        "rennes-masque": make_project(
            "rennes-masque",
            "Projet masqué",
            m["commune:35238"],
            domains=["logement"],
            stage="emergence",
            hidden_at=timezone.now(),
        ),
    }
