"""Reading one raw value into its canonical form (table-driven)."""

import pytest

from terreau.records.fields import Field, Invalid, Reference, Type, parse, to_cell

LOOKUPS = {
    "domain": {"logement", "sante", "vieillissement"},
    "stage": {"emergence", "diffusion"},
    "territory": {"commune:69123", "region:84", "FR"},
    "organisation": Reference(
        refs={"habitat-partage"},
        names={"Habitat Partagé": "habitat-partage", "Les Amis": None},
        noun="organisation",
    ),
}
REF = Field("ref", Type.REF, required=True, max_length=30)
NAME = Field("name", Type.LINE, required=True, max_length=10)
DESCRIPTION = Field("description", Type.TEXT)
DOMAINS = Field("domains", Type.CODES, lookup="domain")
STAGE = Field("stage", Type.CODE, lookup="stage")
TERRITORY = Field("territory", Type.CODE, lookup="territory")
ORGANISATION = Field("organisation", Type.REFERENCE, lookup="organisation")
NEED = Field("funding_need", Type.INTEGER, maximum=1_000_000)
YEAR = Field("year_started", Type.YEAR)
WEBSITE = Field("website", Type.URL, max_length=40)
PUBLISHED = Field("published", Type.BOOLEAN, default=True)


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        (REF, " maison-des-generations ", "maison-des-generations"),
        (NAME, "  Tiers lieu ", "Tiers lieu"),
        (NAME, 2024, "2024"),
        (DESCRIPTION, "  *Markdown*\n\n- kept as written  ", "  *Markdown*\n\n- kept as written  "),
        (DESCRIPTION, None, ""),
        (DESCRIPTION, "Windows\r\nand old Mac\rlines", "Windows\nand old Mac\nlines"),
        (DOMAINS, "sante|logement", ["logement", "sante"]),
        (DOMAINS, " sante | | sante ", ["sante"]),
        (DOMAINS, ["vieillissement", "logement"], ["logement", "vieillissement"]),
        (DOMAINS, "", []),
        (DOMAINS, None, []),
        (STAGE, " emergence ", "emergence"),
        (STAGE, "", None),
        (TERRITORY, "commune:69123", "commune:69123"),
        (ORGANISATION, "habitat-partage", "habitat-partage"),
        (ORGANISATION, "Habitat Partagé", "habitat-partage"),
        (ORGANISATION, "", None),
        (NEED, "45000", 45000),
        (NEED, "45 000", 45000),
        (NEED, "45\u202f000", 45000),
        (NEED, 45000, 45000),
        (NEED, 45000.0, 45000),
        (NEED, "", None),
        (YEAR, "2019", 2019),
        (YEAR, 2019.0, 2019),
        (WEBSITE, "https://example.org/a", "https://example.org/a"),
        (WEBSITE, "", ""),
        (PUBLISHED, None, True),
        (PUBLISHED, "", True),
        (PUBLISHED, "false", False),
        (PUBLISHED, "Non", False),
        (PUBLISHED, "TRUE", True),
        (PUBLISHED, 0, False),
        (PUBLISHED, True, True),
    ],
)
def test_a_raw_value_reads_as_its_canonical_form(field, raw, expected):
    assert parse(field, raw, LOOKUPS, this_year=2026) == expected


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        (REF, "", "this field is required"),
        (REF, None, "this field is required"),
        (REF, "maison des générations", "is not a valid ref"),
        (REF, "a" * 31, "is 31 characters long; at most 30 are allowed"),
        (NAME, "   ", "this field is required"),
        (NAME, ["a"], "must be text"),
        (NAME, True, "must be text"),
        (NAME, "nul\x00byte", "control character"),
        (DOMAINS, "sante|loisirs", "unknown code “loisirs” (known codes: logement, sante"),
        (DOMAINS, {"sante": 1}, "must be a list of codes"),
        (DOMAINS, ["sante", 3], "must be a list of codes"),
        (STAGE, "Émergence", "unknown code “Émergence”"),
        (STAGE, 3, "must be a code"),
        (TERRITORY, "69123", "unknown territory “69123” (codes look like commune:69123"),
        (ORGANISATION, "Inconnue", "unknown organisation “Inconnue”"),
        (ORGANISATION, "Les Amis", "several records are named “Les Amis”"),
        (NEED, "12k", "“12k” is not a whole number"),
        (NEED, "1.5", "“1.5” is not a whole number"),
        (NEED, 1.5, "must be a whole number"),
        (NEED, "-5", "must not be negative"),
        (NEED, True, "must be a whole number"),
        (NEED, 2_000_000, "must be at most 1000000"),
        (YEAR, "deux mille", "is not a whole number"),
        (YEAR, 1492, "1492 is not a plausible year (between 1800 and 2027)"),
        (YEAR, 2031, "2031 is not a plausible year"),
        (WEBSITE, "example.org", "is not a valid web address"),
        (WEBSITE, "javascript:alert(1)", "is not a valid web address"),
        (WEBSITE, "ftp://example.org", "is not a valid web address"),
        (PUBLISHED, "peut-être", "must be true or false"),
        (PUBLISHED, 2, "must be true or false"),
    ],
)
def test_a_bad_raw_value_is_refused_with_a_clear_message(field, raw, message):
    with pytest.raises(Invalid) as refused:
        parse(field, raw, LOOKUPS, this_year=2026)
    assert message in str(refused.value)


@pytest.mark.parametrize(
    ("field", "value", "cell"),
    [
        (DOMAINS, ["logement", "sante"], "logement|sante"),
        (DOMAINS, [], ""),
        (PUBLISHED, False, "false"),
        (NEED, None, ""),
        (NEED, 1200, "1200"),
        (NAME, "Tiers lieu", "Tiers lieu"),
    ],
)
def test_a_canonical_value_is_written_to_a_cell_that_reads_back_the_same(field, value, cell):
    assert to_cell(field, value) == cell
    assert parse(field, cell, LOOKUPS, this_year=2026) == value
