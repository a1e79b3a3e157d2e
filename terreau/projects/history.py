"""What changed between two saved states of a project (pure: records in, names out)."""

from collections.abc import Mapping

# Written by the platform, not by the people editing: never reported as "changed".
BOOKKEEPING = frozenset({"ref"})


def changed_fields(before: Mapping | None, after: Mapping) -> list[str]:
    """Names of the record fields whose value differs, in the record's own order.
    With no `before` (a creation) every filled field counts as changed."""
    before = before or {}
    names = list(after) + [name for name in before if name not in after]
    return [
        name
        for name in names
        if name not in BOOKKEEPING and _normalised(before.get(name)) != _normalised(after.get(name))
    ]


def _normalised(value):
    # "" and None and [] all mean "nothing said"; lists compare regardless of order
    # only for sets of codes, which are stored sorted already.
    if value in ("", None, [], {}):
        return None
    return value
