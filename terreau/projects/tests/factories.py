"""Helpers to build projects and form submissions in tests."""

from terreau.projects import services

FORM_DEFAULTS = {
    "name": "Jardin partagé des Pentes",
    "summary": "Un jardin cultivé par les habitants du quartier, ouvert à tous.",
    "description": "",
    "domains": ["alimentation", "cohesion-sociale"],
    "stage": "emergence",
    "territory": "commune:69123",
    "year_started": "2024",
    "legal_form": "",
    "beneficiaries": "",
    "funding_need": "",
    "website": "",
    "image_alt": "",
}


def rows_data(prefix: str, rows: list[dict], fields: tuple[str, str], total: int = 2) -> dict:
    total = max(total, len(rows))
    data = {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "20",
    }
    for index in range(total):
        row = rows[index] if index < len(rows) else {}
        for field in fields:
            data[f"{prefix}-{index}-{field}"] = row.get(field, "")
    return data


def form_data(organisation, /, *, links=(), team=(), **overrides) -> dict:
    """What the project form posts, filled with a valid project of `organisation`."""
    data = {**FORM_DEFAULTS, "organisation": str(organisation.pk), **overrides}
    data.update(rows_data("links", list(links), ("label", "url")))
    data.update(rows_data("team", list(team), ("name", "role")))
    return {key: value for key, value in data.items() if value is not None}


def make_project(author, organisation, territory=None, **profile):
    profile.setdefault("name", "Jardin partagé des Pentes")
    return services.create_project(
        author=author, organisation=organisation, territory=territory, **profile
    )
