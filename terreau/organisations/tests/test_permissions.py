"""Who may do what with an organisation, for every persona, through the pages."""

import pytest
from django.urls import reverse

from terreau.conftest import PERSONAS
from terreau.organisations import services


def url(name: str) -> str:
    return reverse(f"organisations:{name}", kwargs={"ref": "habitat-partage"})


def table(text: str) -> dict[str, dict[str, int]]:
    """Rows "page status…" with one status per persona, in the order of PERSONAS."""
    rows = [line.split() for line in text.strip().splitlines()]
    return {page: dict(zip(PERSONAS, map(int, statuses), strict=True)) for page, *statuses in rows}


# The status each persona gets on each page of a listed organisation; 302 sends an
# anonymous person to the login page.
#                anonymous outsider teammate holder officer funder moderator admin
LISTED = table("""
detail           200       200      200      200    200     200    200       200
edit             302       403      403      200    403     403    403       200
members          302       403      200      200    403     403    403       200
moderate         302       403      403      403    403     403    200       200
leave            302       403      200      200    403     403    403       403
""")
# Once hidden, whoever may not see the organisation gets a 404 instead of a 403.
HIDDEN = table("""
detail           404       404      200      200    404     404    200       200
edit             302       404      403      200    404     404    403       200
members          302       404      200      200    404     404    403       200
moderate         302       404      403      403    404     404    200       200
leave            302       404      200      200    404     404    403       403
""")


@pytest.mark.parametrize("page", LISTED)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_the_rules_say_on_a_listed_organisation(as_persona, persona, page):
    response = as_persona(persona).get(url(page))
    assert response.status_code == LISTED[page][persona]


@pytest.mark.parametrize("page", HIDDEN)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_the_rules_say_on_a_hidden_organisation(
    as_persona, persona, page, holder_organisation, moderator
):
    services.hide_organisation(
        organisation=holder_organisation, moderator=moderator, reason="Contenu trompeur"
    )
    response = as_persona(persona).get(url(page))
    assert response.status_code == HIDDEN[page][persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_administrators_add_members(as_persona, persona, outsider):
    response = as_persona(persona).post(
        url("members"), {"email": "outsider@example.org", "role": "member"}
    )
    allowed = persona in {"holder", "platform_admin"}
    assert response.status_code == (302 if allowed or persona == "anonymous" else 403)
    assert outsider.memberships.exists() is allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_administrators_change_roles_and_remove_members(
    as_persona, persona, holder_organisation, teammate
):
    membership = holder_organisation.memberships.get(user=teammate)
    client = as_persona(persona)
    role_url = reverse(
        "organisations:change_role",
        kwargs={"ref": "habitat-partage", "membership_id": membership.pk},
    )
    remove_url = reverse(
        "organisations:remove_member",
        kwargs={"ref": "habitat-partage", "membership_id": membership.pk},
    )
    allowed = persona in {"holder", "platform_admin"}
    expected = 302 if allowed or persona == "anonymous" else 403
    assert client.post(role_url, {"role": "admin"}).status_code == expected
    membership.refresh_from_db()
    assert (membership.role == "admin") is allowed
    assert client.post(remove_url).status_code == expected
    assert holder_organisation.memberships.filter(user=teammate).exists() is not allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_moderators_hide_an_organisation(as_persona, persona, holder_organisation):
    response = as_persona(persona).post(url("moderate"), {"reason": "Spam"})
    holder_organisation.refresh_from_db()
    allowed = persona in {"moderator", "platform_admin"}
    assert holder_organisation.is_hidden is allowed
    assert response.status_code == (302 if allowed or persona == "anonymous" else 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_administrators_save_an_edit(as_persona, persona, holder_organisation):
    response = as_persona(persona).post(
        url("edit"), {"name": "Nom changé", "version": holder_organisation.version}
    )
    holder_organisation.refresh_from_db()
    allowed = persona in {"holder", "platform_admin"}
    assert (holder_organisation.name == "Nom changé") is allowed
    assert response.status_code == (302 if allowed or persona == "anonymous" else 403)
