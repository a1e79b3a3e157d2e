import pytest

from terreau.organisations.models import Organisation


@pytest.fixture
def place_record(small_map):
    """Places a record (an organisation) on a territory of the small map, by code."""

    def place(code: str | None, ref: str | None = None) -> Organisation:
        record = Organisation(
            ref=ref or f"at-{(code or 'nowhere').replace(':', '-')}", name=code or "-"
        )
        record.place(small_map[code] if code else None)
        record.save()
        return record

    return place
