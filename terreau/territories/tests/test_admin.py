"""The territories in the admin: searchable, never edited by hand."""


def test_an_operator_finds_a_territory_by_name_or_postal_code(client, platform_admin, small_map):
    client.force_login(platform_admin)
    response = client.get("/admin/territories/territory/", {"q": "69001"})
    assert response.status_code == 200
    assert "commune:69123" in response.content.decode()
    page = client.get("/admin/territories/territory/commune:69123/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


def test_no_one_adds_or_deletes_a_territory_by_hand(client, platform_admin, small_map):
    client.force_login(platform_admin)
    assert client.get("/admin/territories/territory/add/").status_code == 403
    assert client.get("/admin/territories/territory/commune:69123/delete/").status_code == 403
