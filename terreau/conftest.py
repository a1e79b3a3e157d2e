"""Personas shared by every app's tests, so permission tests read like stories.

- holder: admin of the project's organisation ("Habitat Partagé");
- teammate: plain member of that organisation;
- support_officer: member of an incubator; funder: member of a foundation;
- moderator and platform_admin: platform roles; outsider: signed in, no organisation.
"""

import pytest
from django.conf import settings
from django.test import override_settings

from terreau.accounts.models import User
from terreau.organisations.models import Membership, Organisation, Role
from terreau.territories.tests.factories import load_small_map

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True, scope="session")
def test_client_settings():
    """Pages render in tests without `collectstatic` (the production storage needs its
    manifest) and the test client speaks plain HTTP without being redirected to HTTPS;
    the production values are checked by tests/test_deploy.py in a separate process.
    Passwords are hashed with a fast hasher: the real one costs half a second a user."""
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(
        STORAGES={**settings.STORAGES, "staticfiles": plain},
        SECURE_SSL_REDIRECT=False,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture
def small_map(db):
    return load_small_map()


def _user(email: str, **fields) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, email_verified=True, **fields)


def _organisation(ref: str, name: str, territory, *actor_types: str) -> Organisation:
    organisation = Organisation(ref=ref, name=name)
    organisation.place(territory)
    organisation.save()
    organisation.actor_types.set(actor_types)
    return organisation


@pytest.fixture
def holder_organisation(small_map):
    return _organisation(
        "habitat-partage", "Habitat Partagé", small_map["commune:69123"], "association"
    )


@pytest.fixture
def holder(holder_organisation):
    user = _user("holder@example.org", display_name="Hélène Porteuse")
    Membership.objects.create(organisation=holder_organisation, user=user, role=Role.ADMIN)
    return user


@pytest.fixture
def teammate(holder_organisation):
    user = _user("teammate@example.org", display_name="Théo Équipier")
    Membership.objects.create(organisation=holder_organisation, user=user, role=Role.MEMBER)
    return user


@pytest.fixture
def support_officer(small_map):
    incubator = _organisation(
        "incubateur-rhone", "Incubateur du Rhône", small_map["departement:69"], "accompagnateur"
    )
    user = _user("officer@example.org", display_name="Sofia Accompagnatrice")
    Membership.objects.create(organisation=incubator, user=user, role=Role.ADMIN)
    return user


@pytest.fixture
def funder(small_map):
    foundation = _organisation(
        "fondation-solidaire",
        "Fondation Solidaire",
        small_map["region:11"],
        "fondation",
        "financeur",
    )
    user = _user("funder@example.org", display_name="Fabien Financeur")
    Membership.objects.create(organisation=foundation, user=user, role=Role.ADMIN)
    return user


@pytest.fixture
def moderator(db):
    return _user("moderator@example.org", display_name="Mona Modératrice", is_moderator=True)


@pytest.fixture
def platform_admin(db):
    return _user("admin@example.org", display_name="Ada Admin", is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(db):
    return _user("outsider@example.org", display_name="Oscar Passant")


@pytest.fixture
def draft_project(holder_organisation):
    from terreau.projects.models import Project

    project = Project(
        ref="maison-des-generations",
        name="Maison des générations",
        published=False,
        summary="Un habitat intergénérationnel où étudiants et personnes âgées partagent un toit.",
        organisation=holder_organisation,
        stage_id="experimentation",
    )
    project.place(holder_organisation.territory)
    project.save()
    project.domains.set(["logement", "vieillissement"])
    return project


@pytest.fixture
def published_project(draft_project):
    draft_project.published = True
    draft_project.save(update_fields=["published"])
    return draft_project


# Every persona, in the order the permission tables of the apps' tests list them.
PERSONAS = (
    "anonymous",
    "outsider",
    "teammate",
    "holder",
    "support_officer",
    "funder",
    "moderator",
    "platform_admin",
)


@pytest.fixture
def as_persona(client, request, holder, teammate, support_officer, funder, moderator):
    """`as_persona(name)`: the test client signed in as that persona (anonymous: not
    signed in). Every organisation of the story exists, whoever signs in."""

    def sign_in(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return sign_in
