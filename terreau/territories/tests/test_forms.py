"""TerritoryField: a code from the autocomplete, or free text resolved by the server."""

import re

import pytest
from django import forms
from django.utils import translation

from terreau.territories.forms import TerritoryField


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


class FilterForm(forms.Form):
    territory = TerritoryField(label="Territory", required=False)


class RequiredForm(forms.Form):
    territory = TerritoryField(label="Territory")


class RegionForm(forms.Form):
    territory = TerritoryField(label="Région", kinds=["region"], required=False)


def cleaned(data: dict, form_class=FilterForm):
    form = form_class(data)
    assert form.is_valid(), form.errors
    territory = form.cleaned_data["territory"]
    return territory.code if territory else None


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("commune:69123", "commune:69123"),
        ("region:84", "region:84"),
        ("Lyon", "commune:69123"),
        ("lyon ", "commune:69123"),
        ("69001", "commune:69123"),
        ("69", "departement:69"),
        ("Rhône", "departement:69"),
        ("Auvergne", "region:84"),
        ("Paris", "departement:75"),
        ("", None),
    ],
)
def test_one_clear_match_is_taken_without_javascript(small_map, typed, code):
    assert cleaned({"territory": typed}) == code


def test_the_code_chosen_in_the_autocomplete_is_taken_while_the_text_is_unchanged(small_map):
    data = {"territory": "Paris", "territory__shown": "Paris", "territory__code": "commune:75056"}
    assert cleaned(data) == "commune:75056"


def test_a_stale_code_is_ignored_once_the_text_is_edited(small_map):
    data = {
        "territory": "Grenoble",
        "territory__shown": "Rennes",
        "territory__code": "commune:35238",
    }
    assert cleaned(data) == "commune:38185"


def test_several_matches_are_offered_as_radio_choices_in_the_re_rendered_form(small_map):
    form = FilterForm({"territory": "Ren"})
    assert not form.is_valid()
    assert "Several territories match “Ren”" in form.errors["territory"][0]
    html = str(form["territory"].as_field_group())
    radios = re.findall(r'<input type="radio" name="territory__code" value="([^"]+)"', html)
    assert radios == ["epci:243500139", "commune:35238"]
    assert 'name="territory__shown" value="Ren"' in html
    assert "Rennes Métropole" in html and "Ille-et-Vilaine, Bretagne" in html
    # Each radio has its label.
    for number in (1, 2):
        assert f'for="id_territory-candidate-{number}"' in html
    # Choosing one of them, the text unchanged, answers.
    chosen = {"territory": "Ren", "territory__shown": "Ren", "territory__code": "commune:35238"}
    assert cleaned(chosen) == "commune:35238"


def test_no_match_is_a_clear_error(small_map):
    form = FilterForm({"territory": "Atlantis"})
    assert not form.is_valid()
    assert form.errors["territory"] == [
        "No territory matches “Atlantis”. Type the name of a commune, a département or a "
        "région, or a postal code."
    ]


def test_a_forged_code_is_not_taken(small_map):
    form = FilterForm(
        {"territory": "x", "territory__shown": "x", "territory__code": "commune:00000"}
    )
    assert not form.is_valid()


def test_a_very_long_text_is_refused(small_map):
    form = FilterForm({"territory": "Lyon" * 100})
    assert not form.is_valid()
    assert "at most 100 characters" in form.errors["territory"][0]


def test_a_required_field_must_be_filled(small_map):
    form = RequiredForm({"territory": "  "})
    assert not form.is_valid()
    assert form.errors["territory"] == ["This field is required."]


def test_kinds_limit_what_the_field_accepts(small_map):
    assert cleaned({"territory": "Auvergne"}, RegionForm) == "region:84"
    assert not RegionForm({"territory": "Lyon"}).is_valid()
    assert 'data-kinds="region"' in str(RegionForm()["territory"])


def test_the_widget_is_a_labelled_text_input_ready_for_the_autocomplete(small_map):
    html = str(FilterForm()["territory"].as_field_group())
    assert '<label for="id_territory"' in html
    assert re.search(r'<input type="text" name="territory" value="" [^>]*id="id_territory"', html)
    assert 'data-territory-autocomplete data-source="/api/v1/territories"' in html
    assert 'src="/static/territories/autocomplete.js"' in html
    assert "<script>" not in html and "style=" not in html and "onclick" not in html


def test_a_territory_given_shows_its_name_and_keeps_its_code(small_map):
    form = FilterForm(initial={"territory": small_map["commune:69123"]})
    html = str(form["territory"])
    assert 'name="territory" value="Lyon"' in html
    assert 'name="territory__shown" value="Lyon"' in html
    assert 'name="territory__code" value="commune:69123"' in html


def test_a_code_in_the_query_string_shows_its_name(small_map):
    form = FilterForm({"territory": "departement:69"})
    assert form.is_valid()
    html = str(form["territory"])
    assert 'name="territory" value="Rhône"' in html
    assert 'value="departement:69"' in html


def test_typed_text_is_escaped_when_shown_again(small_map):
    form = FilterForm({"territory": '<script>alert("x")</script>'})
    assert not form.is_valid()
    html = str(form["territory"].as_field_group())
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_control_characters_in_the_submitted_values_are_dropped(small_map):
    form = FilterForm({"territory": "\x00", "territory__code": "\x00", "territory__shown": "\x00"})
    assert form.is_valid()
    assert form.cleaned_data["territory"] is None
    assert "\x00" not in str(form)
