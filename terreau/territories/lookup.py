"""Finding territories from what people type: a name, a code, a postal code.

`find_territories("lyon")`, `("69")` (the département), `("69001")` (a postal code →
Lyon), `("2A")`, `("region:84")`, `("Auvergne")` (a prefix), `("St-Étienne")`…

Ranking: exact postal codes and codes first, then exact names, then names starting with
the text; within each tier broader kinds first, then the most populated. Every query is
an indexed equality or an indexed prefix range (never a scan of the 35,000 communes).
"""

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet

from terreau.territories.models import FRANCE, Kind, PostalCode, Territory
from terreau.territories.text import fold, printable

MAX_QUERY_LENGTH = 100
_CODE = re.compile(r"^(region|departement|epci|commune):([0-9a-z]{2,9})$", re.IGNORECASE)
_DEPARTEMENT = re.compile(r"^(\d{2,3}|2[ab])$", re.IGNORECASE)
_COMMUNE = re.compile(r"^(\d{5}|2[ab]\d{3})$", re.IGNORECASE)
_POSTAL_PREFIX = re.compile(r"^\d{3,4}$")
_SIREN = re.compile(r"^\d{9}$")
# Abbreviations people type for the words that start so many commune names.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def normalise(text: str) -> str:
    """The folded form searched in `Territory.search_name`: 'St-Étienne' → 'saint etienne'."""
    return " ".join(_ABBREVIATIONS.get(word, word) for word in fold(text).split())


def code_candidates(text: str) -> list[str]:
    """Territory codes `text` may be written as: 'FR', 'region:84', '69' → département,
    '69123' or '2A004' → commune, a 9-digit SIREN → EPCI."""
    text = text.strip()
    if text.upper() == FRANCE:
        return [FRANCE]
    if match := _CODE.match(text):
        return [f"{match[1].lower()}:{match[2].upper()}"]
    if _DEPARTEMENT.match(text):
        return [f"departement:{text.upper()}"]
    if _COMMUNE.match(text):
        return [f"commune:{text.upper()}"]
    if _SIREN.match(text):
        return [f"epci:{text}"]
    return []


def prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds of the strings starting with `prefix`, for an index range scan."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def starting_with(queryset: QuerySet, field: str, prefix: str) -> QuerySet:
    # The range uses the plain B-tree index on both databases; `startswith` keeps the
    # result exact under any collation.
    low, high = prefix_range(prefix)
    return queryset.filter(
        **{f"{field}__gte": low, f"{field}__lt": high, f"{field}__startswith": prefix}
    )


def _tiers(text: str, kinds: Iterable[str] | None) -> Iterator[QuerySet]:
    """The queries for `text`, from the surest match to the loosest, each ranked."""
    territories = Territory.objects.all()
    if kinds:
        territories = territories.filter(kind__in=list(kinds))
    # Five digits are more often a postal code than an INSEE code: postal codes first.
    compact = text.replace(" ", "")
    if _COMMUNE.match(compact) or _POSTAL_PREFIX.match(compact):
        postal = PostalCode.objects.all()
        postal = (
            postal.filter(code=compact)
            if len(compact) == 5
            else starting_with(postal, "code", compact)
        )
        yield territories.filter(code__in=postal.values("territory_id")).broadest_first()
    if codes := code_candidates(text):
        yield territories.filter(code__in=codes)
    if folded := normalise(text):
        yield territories.filter(search_name=folded).broadest_first()
        yield starting_with(territories, "search_name", folded).broadest_first()


def _clean(text: str) -> str:
    return printable(text or "").strip()[:MAX_QUERY_LENGTH]


def find_territories(
    text: str, *, kinds: Iterable[str] | None = None, limit: int = 10
) -> list[Territory]:
    """The territories matching `text`, best first (see the module docstring)."""
    found: dict[str, Territory] = {}
    text = _clean(text)
    if not text or limit <= 0:
        return []
    for tier in _tiers(text, kinds):
        for territory in tier.exclude(code__in=list(found))[: limit - len(found)]:
            found[territory.code] = territory
        if len(found) >= limit:
            break
    return list(found.values())


@dataclass(frozen=True)
class Resolution:
    """What a typed text designates: one `territory`, or several `candidates` to choose
    from, or neither (nothing matches)."""

    territory: Territory | None = None
    candidates: list[Territory] = field(default_factory=list)


def resolve_territory(
    text: str, *, kinds: Iterable[str] | None = None, max_candidates: int = 10
) -> Resolution:
    """The territory `text` clearly designates, if any: the surest tier of matches decides
    (a postal code, a code, an exact name, else a name prefix). One match is clear; so is a
    same-named area and its parts ("La Réunion" the région and the département: the région).
    Otherwise the tier's matches are the candidates."""
    text = _clean(text)
    if not text:
        return Resolution()
    for tier in _tiers(text, kinds):
        matches = list(tier[: max_candidates + 1])
        if not matches:
            continue
        if len(matches) == 1:
            return Resolution(territory=matches[0])
        broadest = matches[0]
        field_name = broadest.containment_field
        if field_name and all(
            m.search_name == broadest.search_name and m.ancestors()[field_name] == broadest.code
            for m in matches
        ):
            return Resolution(territory=broadest)
        return Resolution(candidates=matches[:max_candidates])
    return Resolution()


def contexts(territories: Sequence[Territory]) -> dict[str, str]:
    """For each territory, where it lies, in words: a commune → 'Rhône, Auvergne-Rhône-
    Alpes'; a département → its région; a région → 'France'."""
    parent_codes = {code for t in territories for code in (t.departement, t.region) if code}
    names = dict(Territory.objects.filter(code__in=parent_codes).values_list("code", "name"))
    described = {}
    for territory in territories:
        if territory.kind == Kind.COUNTRY:
            described[territory.code] = ""
        elif territory.kind == Kind.REGION:
            described[territory.code] = "France"
        else:
            parts = [names.get(territory.departement), names.get(territory.region)]
            # dict.fromkeys: an overseas département and its région share one name.
            described[territory.code] = ", ".join(dict.fromkeys(p for p in parts if p))
    return described
