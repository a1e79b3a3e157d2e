"""Facet counting in one pass: plain data in, plain data out.

The rule of the contract: each facet is counted over the current result set *without that
facet's own filter*, so that a visitor sees how many results each other choice would give.
A record belongs to the result set when every filter accepts it; it counts in a facet when
every filter except the facet's own accepts it.

Each record is given as one `Entry`: the values each facet counts (`values`) and, when a
filter matches something else, the values each filter matches (`keys`). They differ for the
territory: the `territory` filter matches any of the record's places (commune, EPCI,
département, région) while the `region` facet, whose own filter it is, counts the région.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    values: Mapping[str, frozenset[str]]  # facet → the values it counts for this record
    keys: Mapping[str, frozenset[str]] = field(default_factory=dict)  # filter → values matched

    def accepted_by(self, name: str, accepted: frozenset[str]) -> bool:
        own = self.keys[name] if name in self.keys else self.values.get(name, frozenset())
        return not own.isdisjoint(accepted)


@dataclass(frozen=True)
class Counts:
    ids: frozenset[int]  # the result set: every filter accepts these records
    facets: dict[str, Counter]  # facet → value → count


def count(
    entries: Iterable[Entry],
    filters: Mapping[str, Iterable[str]],
    facets: Mapping[str, str],
) -> Counts:
    """The result set and every facet's counts, in a single pass over `entries`.

    `filters` maps a filter's name to the values it accepts (OR within a filter, AND
    across filters); an empty one does not filter. `facets` maps each facet to the name of
    its own filter (usually its own name)."""
    active = {name: frozenset(values) for name, values in filters.items() if values}
    counters: dict[str, Counter] = {name: Counter() for name in facets}
    ids: set[int] = set()
    for entry in entries:
        failed = [
            name for name, accepted in active.items() if not entry.accepted_by(name, accepted)
        ]
        if len(failed) > 1:
            continue
        if not failed:
            ids.add(entry.id)
        for facet, own_filter in facets.items():
            # Counted when the only filter it fails, if any, is the facet's own.
            if not failed or failed[0] == own_filter:
                counters[facet].update(entry.values.get(facet, ()))
    return Counts(ids=frozenset(ids), facets=counters)
