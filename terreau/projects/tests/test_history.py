import pytest

from terreau.projects.history import changed_fields

BASE = {"ref": "a", "name": "A", "summary": "", "domains": ["logement"], "links": []}

CASES = [
    # (before, after, changed)
    (None, {"ref": "a", "name": "A", "summary": "", "domains": []}, ["name"]),
    (BASE, dict(BASE), []),
    (BASE, {**BASE, "name": "B"}, ["name"]),
    (BASE, {**BASE, "summary": None}, []),  # "" and None both mean "not said"
    (BASE, {**BASE, "domains": ["logement", "sante"]}, ["domains"]),
    (BASE, {**BASE, "domains": []}, ["domains"]),
    (BASE, {**BASE, "links": [{"label": "x", "url": "https://x.example"}]}, ["links"]),
    (BASE, {**BASE, "ref": "b"}, []),  # bookkeeping, never reported
    (BASE, {**BASE, "name": "B", "summary": "S"}, ["name", "summary"]),
    ({**BASE, "old": 1}, BASE, ["old"]),  # a field that disappeared
    (BASE, {**BASE, "hidden": True}, ["hidden"]),
]


@pytest.mark.parametrize(("before", "after", "changed"), CASES)
def test_changed_fields_lists_what_differs_in_record_order(before, after, changed):
    assert changed_fields(before, after) == changed
