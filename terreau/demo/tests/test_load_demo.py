"""`terreau load_demo`: the demo records through `terreau import`, once, and demo accounts."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse

from terreau.accounts.models import User
from terreau.demo.services import DEMO_ORGANISATION, PERSONAS, demo_is_loaded, load_demo
from terreau.organisations.models import Membership, Organisation, Role
from terreau.projects.models import Project
from terreau.territories.models import Territory

pytestmark = pytest.mark.usefixtures("demo_map")


def run_load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def passwords_in(output: str) -> dict[str, str]:
    """The demo accounts' e-mail → password, as printed by the command."""
    passwords = {}
    for line in output.splitlines():
        words = line.split()
        # "email password description", or "email (password unchanged…)".
        emails = {persona.email for persona in PERSONAS}
        if words and words[0] in emails and not words[1].startswith("("):
            passwords[words[0]] = words[1]
    return passwords


def test_load_demo_loads_at_least_forty_published_projects_and_twenty_five_organisations():
    run_load_demo()

    assert Project.objects.published().count() >= 40
    assert Organisation.objects.listed().count() >= 25
    assert demo_is_loaded()


def test_the_demo_projects_cover_at_least_ten_regions():
    run_load_demo()

    regions = set(
        Project.objects.published().exclude(in_region="").values_list("in_region", flat=True)
    )
    assert len(regions) >= 10


def test_every_demo_project_keeps_its_territory_domains_and_organisation(demo_projects):
    run_load_demo()

    for record in demo_projects:
        project = Project.objects.get(ref=record["ref"])
        assert project.territory_id == record.get("territory"), record["ref"]
        assert set(project.domains.values_list("code", flat=True)) == set(record["domains"])
        if "organisation" in record:
            assert project.organisation.ref == record["organisation"], record["ref"]
        if record.get("territory", "").startswith("commune:"):
            assert project.in_region and project.in_departement, record["ref"]


def test_a_second_load_changes_nothing_and_says_the_demo_is_already_there():
    first = run_load_demo()
    state = list(Project.objects.order_by("ref").values_list("ref", "version", "updated_at"))
    organisations = Organisation.objects.count()
    user = User.objects.get(email=PERSONAS[0].email)

    second = run_load_demo()

    assert "--force" in second
    assert (
        list(Project.objects.order_by("ref").values_list("ref", "version", "updated_at")) == state
    )
    assert Organisation.objects.count() == organisations
    assert User.objects.filter(email__in=[p.email for p in PERSONAS]).count() == len(PERSONAS)
    # The passwords printed the first time still open the accounts.
    user.refresh_from_db()
    assert user.check_password(passwords_in(first)[user.email])
    assert passwords_in(second) == {}


def test_force_imports_again_without_duplicates_and_gives_new_passwords(client):
    first = passwords_in(run_load_demo())
    projects = Project.objects.count()

    second = passwords_in(run_load_demo("--force"))

    assert Project.objects.count() == projects
    assert set(second) == {persona.email for persona in PERSONAS}
    holder = PERSONAS[0].email
    assert second[holder] != first[holder]
    assert client.login(email=holder, password=second[holder])


def test_the_demo_accounts_are_verified_and_each_has_its_role():
    output = run_load_demo()

    passwords = passwords_in(output)
    assert set(passwords) == {persona.email for persona in PERSONAS}
    organisation = Organisation.objects.get(ref=DEMO_ORGANISATION)
    for persona in PERSONAS:
        user = User.objects.get(email=persona.email)
        assert user.email_verified and user.is_active
        assert user.check_password(passwords[persona.email])
        assert user.is_moderator == persona.is_moderator
        assert user.is_superuser == user.is_staff == persona.is_platform_admin
        membership = Membership.objects.filter(organisation=organisation, user=user).first()
        assert (membership.role if membership else "") == persona.membership
    roles = {m.user.email: m.role for m in Membership.objects.select_related("user")}
    assert Role.ADMIN in roles.values() and Role.MEMBER in roles.values()


def test_the_command_says_the_accounts_exist_only_in_the_demo():
    output = run_load_demo()

    assert "demo" in output.lower()
    for persona in PERSONAS:
        assert persona.email in output
        assert persona.email.endswith(".localhost")


def test_the_demo_project_holder_can_edit_the_project_of_their_organisation(client):
    passwords = passwords_in(run_load_demo())
    holder = PERSONAS[0].email
    client.login(email=holder, password=passwords[holder])
    project = Project.objects.get(organisation__ref=DEMO_ORGANISATION)

    response = client.get(reverse("projects:edit", kwargs={"ref": project.ref}))

    assert response.status_code == 200


def test_load_demo_as_a_service_reports_what_it_did():
    result = load_demo()
    again = load_demo()

    assert not result.skipped and "projects" in result.import_log
    assert again.skipped and again.import_log == ""
    assert all(account.password == "" for account in again.accounts)


def test_a_fresh_demo_opens_on_recent_projects_from_several_regions(client):
    cache.clear()  # the home page's figures may be cached by an earlier test
    run_load_demo()

    response = client.get(reverse("pages:home"))

    featured = response.context["featured"]
    assert len(featured) == 6
    assert len({project.in_region for project in featured}) >= 4
    assert response.context["figures"].projects >= 40


def test_without_the_map_load_demo_says_to_load_the_territories_first_and_writes_nothing():
    Territory.objects.all().delete()

    with pytest.raises(CommandError, match="load_territories"):
        run_load_demo()

    assert not Organisation.objects.exists()
    assert not User.objects.exists()


def test_when_the_projects_are_refused_the_organisations_are_not_kept_either(demo_organisations):
    # Remove a commune only projects use: the organisations import, then the projects fail.
    grenoble = "commune:38185"  # Solidarauto Grenoble
    assert all(o.get("territory") != grenoble for o in demo_organisations)
    Territory.objects.filter(code=grenoble).delete()

    with pytest.raises(CommandError, match="38185"):
        run_load_demo()

    assert not Organisation.objects.exists()
    assert not Project.objects.exists()
    assert not User.objects.exists()
