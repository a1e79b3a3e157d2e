import pytest
from django.core.exceptions import ValidationError

from terreau.content.images import clean_image_upload
from terreau.organisations import services
from terreau.organisations.models import Membership, Organisation, Role
from terreau.organisations.tests.images import png_upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_creator_becomes_the_first_administrator(outsider, small_map):
    organisation = services.create_organisation(
        creator=outsider,
        name="  Les Jardins d'Éole ",
        actor_types=["association", "collectif-citoyen"],
        territory=small_map["commune:69266"],
    )
    assert organisation.ref == "les-jardins-deole"
    assert organisation.name == "Les Jardins d'Éole"
    assert organisation.memberships.get().user == outsider
    assert organisation.memberships.get().role == Role.ADMIN
    assert sorted(organisation.actor_types.values_list("code", flat=True)) == [
        "association",
        "collectif-citoyen",
    ]
    assert organisation.in_region == "region:84"
    assert organisation.in_epci == "epci:200046977"
    assert Organisation.objects.located_in(small_map["departement:69"]).get() == organisation


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Habitat", "Habitat", "HABITAT !"], ["habitat", "habitat-2", "habitat-3"]),
        (["Nouvelle"], ["nouvelle-2"]),
        (["Carte"], ["carte-2"]),
        (["!!!"], ["organisation"]),
        (["é" * 200], ["e" * 96]),
    ],
)
def test_refs_come_from_the_name_unique_and_clear_of_the_site_paths(outsider, db, names, expected):
    refs = [services.create_organisation(creator=outsider, name=name).ref for name in names]
    assert refs == expected


def test_the_ref_never_changes_when_the_organisation_is_renamed(holder_organisation):
    services.update_organisation(
        organisation=holder_organisation, version=holder_organisation.version, name="Autre nom"
    )
    holder_organisation.refresh_from_db()
    assert holder_organisation.ref == "habitat-partage"
    assert holder_organisation.name == "Autre nom"


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_an_organisation_needs_a_name_of_at_most_200_characters(outsider, db, name):
    with pytest.raises(ValidationError):
        services.create_organisation(creator=outsider, name=name)
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()


def test_an_edit_bumps_the_version(holder_organisation):
    version = holder_organisation.version
    services.update_organisation(
        organisation=holder_organisation, version=version, summary="Nouveau résumé"
    )
    holder_organisation.refresh_from_db()
    assert holder_organisation.version == version + 1
    assert holder_organisation.summary == "Nouveau résumé"


def test_the_second_of_two_concurrent_edits_is_refused_and_writes_nothing(holder_organisation):
    version = holder_organisation.version
    first = Organisation.objects.get(pk=holder_organisation.pk)
    second = Organisation.objects.get(pk=holder_organisation.pk)
    services.update_organisation(organisation=first, version=version, summary="Première")
    with pytest.raises(services.EditConflict) as conflict:
        services.update_organisation(
            organisation=second, version=version, summary="Seconde", name="Écrasé"
        )
    assert conflict.value.current.summary == "Première"
    holder_organisation.refresh_from_db()
    assert holder_organisation.summary == "Première"
    assert holder_organisation.name == "Habitat Partagé"
    assert holder_organisation.version == version + 1


def test_a_refused_edit_leaves_the_version_untouched(holder_organisation):
    version = holder_organisation.version
    with pytest.raises(ValidationError):
        services.update_organisation(organisation=holder_organisation, version=version, name=" ")
    holder_organisation.refresh_from_db()
    assert holder_organisation.version == version


def test_a_logo_is_stored_re_encoded_replaced_and_removed(
    holder_organisation, django_capture_on_commit_callbacks
):
    logo = clean_image_upload(png_upload())
    services.update_organisation(
        organisation=holder_organisation, version=holder_organisation.version, logo=logo
    )
    holder_organisation.refresh_from_db()
    first = holder_organisation.logo.name
    assert first.startswith("organisations/") and first.endswith(".png")
    assert holder_organisation.logo.storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_organisation(
            organisation=holder_organisation,
            version=holder_organisation.version,
            logo=clean_image_upload(png_upload(size=(20, 20))),
        )
    holder_organisation.refresh_from_db()
    assert holder_organisation.logo.name != first
    assert not holder_organisation.logo.storage.exists(first)
    second = holder_organisation.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        services.update_organisation(
            organisation=holder_organisation, version=holder_organisation.version, logo=False
        )
    holder_organisation.refresh_from_db()
    assert not holder_organisation.logo
    assert not holder_organisation.logo.storage.exists(second)


def test_adding_a_member_by_email_tells_them(
    holder, holder_organisation, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.add_member(
            organisation=holder_organisation,
            email=" OUTSIDER@example.org ",
            role=Role.MEMBER,
            added_by=holder,
        )
    assert membership.user == outsider
    assert membership.role == Role.MEMBER
    assert mailoutbox[0].to == ["outsider@example.org"]
    assert "Habitat Partagé" in mailoutbox[0].subject


@pytest.mark.parametrize(
    ("email", "role", "code"),
    [
        ("nobody@example.org", Role.MEMBER, "unknown_user"),
        ("teammate@example.org", Role.MEMBER, "already_member"),
        ("outsider@example.org", "owner", "invalid_role"),
    ],
)
def test_adding_a_member_is_refused_with_a_reason(
    holder, teammate, outsider, holder_organisation, email, role, code
):
    with pytest.raises(ValidationError) as error:
        services.add_member(
            organisation=holder_organisation, email=email, role=role, added_by=holder
        )
    assert [e.code for errors in error.value.error_dict.values() for e in errors] == [code]
    assert holder_organisation.memberships.count() == 2


def test_the_last_administrator_cannot_step_down_or_be_removed(holder, holder_organisation):
    membership = holder_organisation.memberships.get(user=holder)
    with pytest.raises(ValidationError):
        services.change_role(membership=membership, role=Role.MEMBER)
    with pytest.raises(ValidationError):
        services.remove_member(membership=membership)
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_with_a_second_administrator_the_first_can_step_down_and_leave(
    holder, teammate, holder_organisation
):
    promoted = services.change_role(
        membership=holder_organisation.memberships.get(user=teammate), role=Role.ADMIN
    )
    assert promoted.role == Role.ADMIN
    mine = holder_organisation.memberships.get(user=holder)
    services.change_role(membership=mine, role=Role.MEMBER)
    services.remove_member(membership=mine)
    assert list(holder_organisation.memberships.values_list("user__email", "role")) == [
        ("teammate@example.org", Role.ADMIN)
    ]


def test_a_plain_member_can_always_be_removed(teammate, holder, holder_organisation):
    services.remove_member(membership=holder_organisation.memberships.get(user=teammate))
    assert not holder_organisation.memberships.filter(user=teammate).exists()


def test_sole_administrators_are_known(holder, teammate, support_officer, holder_organisation):
    assert list(Organisation.objects.solely_administered_by(holder)) == [holder_organisation]
    assert not Organisation.objects.solely_administered_by(teammate).exists()
    services.change_role(
        membership=holder_organisation.memberships.get(user=teammate), role=Role.ADMIN
    )
    assert not Organisation.objects.solely_administered_by(holder).exists()


def test_hiding_needs_a_reason_and_takes_the_organisation_off_the_listing(
    holder_organisation, moderator
):
    with pytest.raises(ValidationError):
        services.hide_organisation(
            organisation=holder_organisation, moderator=moderator, reason=" "
        )
    assert Organisation.objects.listed().filter(pk=holder_organisation.pk).exists()
    services.hide_organisation(
        organisation=holder_organisation, moderator=moderator, reason="Informations fausses"
    )
    holder_organisation.refresh_from_db()
    assert holder_organisation.is_hidden
    assert holder_organisation.hidden_by == moderator
    assert not Organisation.objects.listed().filter(pk=holder_organisation.pk).exists()
    services.unhide_organisation(organisation=holder_organisation)
    holder_organisation.refresh_from_db()
    assert not holder_organisation.is_hidden
    assert holder_organisation.hidden_reason == ""
    assert Organisation.objects.listed().filter(pk=holder_organisation.pk).exists()


def test_listed_organisations_are_searchable_and_hidden_ones_are_not(outsider, moderator, db):
    from terreau.search import engine

    organisation = services.create_organisation(
        creator=outsider, name="Le Relais des Pentes", summary="Entraide entre voisins"
    )
    assert organisation.pk in dict(engine.ranked_ids("organisation", "relais pentes"))
    services.update_organisation(
        organisation=organisation, version=organisation.version, summary="Épicerie solidaire"
    )
    assert organisation.pk in dict(engine.ranked_ids("organisation", "épicerie"))
    assert organisation.pk not in dict(engine.ranked_ids("organisation", "voisins"))
    services.hide_organisation(organisation=organisation, moderator=moderator, reason="Doublon")
    assert organisation.pk not in dict(engine.ranked_ids("organisation", "relais"))
    services.unhide_organisation(organisation=organisation)
    assert organisation.pk in dict(engine.ranked_ids("organisation", "relais"))
