"""Field schemas of the record formats and the parsing of one raw value into its
canonical form (pure: plain data in, plain data out, no ORM).

A raw value comes from JSON (str, int, float, bool, list, None), from CSV (always a str)
or from XLSX (str, int, float, bool, datetime, None). Its canonical form is what the
database stores and what an export writes back, so that export → import → export is exact:
text is a str, a code or a reference a str or None, a list of codes a sorted list of
unique str, a number an int or None, a flag a bool.
"""

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

# List values in a CSV cell (or a JSON string) are separated by a pipe.
LIST_SEPARATOR = "|"
# Characters no database column should hold (NUL breaks PostgreSQL, the others XLSX);
# lone surrogates cannot be encoded as UTF-8 at all.
_FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_REF = re.compile(r"^[A-Za-z0-9_-]+$")
_THOUSANDS_SEPARATORS = str.maketrans("", "", " \u00a0\u202f")
_TRUE = {"true", "1", "yes", "oui", "vrai"}
_FALSE = {"false", "0", "no", "non", "faux"}
_url_validator = URLValidator(schemes=["http", "https"])


class Type(StrEnum):
    REF = "ref"  # the record's stable reference (a slug)
    LINE = "line"  # one line of text, stripped
    TEXT = "text"  # free text (Markdown), kept as written
    CODE = "code"  # one code of a vocabulary (or a territory code)
    CODES = "codes"  # a list of codes of a vocabulary
    REFERENCE = "reference"  # another record, by its ref or its exact name
    INTEGER = "integer"  # a non-negative whole number
    YEAR = "year"
    URL = "url"
    BOOLEAN = "boolean"


@dataclass(frozen=True)
class Field:
    name: str
    type: Type
    required: bool = False
    max_length: int | None = None
    # For CODE, CODES and REFERENCE: the name of the lookup holding the known values.
    lookup: str = ""
    # What an absent or empty BOOLEAN means.
    default: bool | None = None
    maximum: int | None = None

    @property
    def empty(self):
        """The canonical value of an empty cell."""
        if self.type in (Type.REF, Type.LINE, Type.TEXT, Type.URL):
            return ""
        if self.type is Type.CODES:
            return []
        if self.type is Type.BOOLEAN:
            return self.default
        return None


class Invalid(Exception):
    """A raw value that cannot be read; the message says why, for a person."""


@dataclass
class Reference:
    """Known records another record can point at: by ref, or by an unambiguous name."""

    refs: Collection[str]
    # exact name → ref, or None when several records share that name
    names: Mapping[str, str | None]
    # what such a record is called, for messages ("organisation")
    noun: str = "record"

    def resolve(self, value: str) -> str:
        if value in self.refs:
            return value
        if value in self.names:
            ref = self.names[value]
            if ref is None:
                raise Invalid(
                    _("several records are named “%(name)s”: give the ref of the one you mean")
                    % {"name": value}
                )
            return ref
        raise Invalid(
            _("unknown %(noun)s “%(value)s” (give its ref or its exact name)")
            % {"noun": self.noun, "value": value}
        )


# What each lookup knows: a set of codes, or a Reference.
Lookups = Mapping[str, Collection[str] | Reference]


def parse(field: Field, raw: object, lookups: Lookups, *, this_year: int) -> object:
    """The canonical value of `raw` for `field`, or Invalid."""
    if raw is None or (field.type is not Type.TEXT and isinstance(raw, str) and not raw.strip()):
        if field.required:
            raise Invalid(_("this field is required"))
        return field.empty
    parser = _PARSERS[field.type]
    value = parser(field, raw, lookups, this_year)
    if field.required and value in ("", None, []):
        raise Invalid(_("this field is required"))
    return value


def _text(field: Field, raw: object) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise Invalid(_("must be text"))
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    # One kind of line break whatever the file's origin (XLSX cannot even keep "\r").
    value = str(raw).replace("\r\n", "\n").replace("\r", "\n")
    if field.type is not Type.TEXT:
        value = value.strip()
    if _FORBIDDEN_CHARACTERS.search(value):
        raise Invalid(_("contains a control character that is not allowed"))
    if field.max_length is not None and len(value) > field.max_length:
        raise Invalid(
            _("is %(length)d characters long; at most %(maximum)d are allowed")
            % {"length": len(value), "maximum": field.max_length}
        )
    return value


def _parse_text(field: Field, raw: object, lookups: Lookups, this_year: int) -> str:
    return _text(field, raw)


def _parse_ref(field: Field, raw: object, lookups: Lookups, this_year: int) -> str:
    value = _text(field, raw)
    if not _REF.match(value):
        raise Invalid(
            _(
                "“%(value)s” is not a valid ref: use only letters, digits, hyphens and "
                "underscores (for example maison-des-generations)"
            )
            % {"value": value}
        )
    return value


def _known_codes(field: Field, lookups: Lookups) -> Collection[str]:
    known = lookups[field.lookup]
    assert not isinstance(known, Reference)
    return known


def _unknown_code(field: Field, code: str, known: Collection[str]) -> Invalid:
    if field.lookup == "territory":
        return Invalid(
            _(
                "unknown territory “%(code)s” (codes look like commune:69123, "
                "departement:69, region:84 or FR)"
            )
            % {"code": code}
        )
    return Invalid(
        _("unknown code “%(code)s” (known codes: %(codes)s)")
        % {"code": code, "codes": ", ".join(sorted(known))}
    )


def _parse_code(field: Field, raw: object, lookups: Lookups, this_year: int) -> str:
    if not isinstance(raw, str):
        raise Invalid(_("must be a code (text)"))
    code = raw.strip()
    known = _known_codes(field, lookups)
    if code not in known:
        raise _unknown_code(field, code, known)
    return code


def _parse_codes(field: Field, raw: object, lookups: Lookups, this_year: int) -> list[str]:
    if isinstance(raw, str):
        items: list[object] = raw.split(LIST_SEPARATOR)
    elif isinstance(raw, list):
        items = raw
    else:
        raise Invalid(_("must be a list of codes"))
    codes = set()
    known = _known_codes(field, lookups)
    for item in items:
        if not isinstance(item, str):
            raise Invalid(_("must be a list of codes"))
        code = item.strip()
        if not code:
            continue
        if code not in known:
            raise _unknown_code(field, code, known)
        codes.add(code)
    return sorted(codes)


def _parse_reference(field: Field, raw: object, lookups: Lookups, this_year: int) -> str:
    value = _text(field, raw)
    known = lookups[field.lookup]
    assert isinstance(known, Reference)
    return known.resolve(value)


def _whole_number(raw: object) -> int:
    if isinstance(raw, bool):
        raise Invalid(_("must be a whole number"))
    if isinstance(raw, float):
        if not raw.is_integer():
            raise Invalid(_("must be a whole number"))
        return int(raw)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str):
        digits = raw.strip().translate(_THOUSANDS_SEPARATORS)
        if digits.isascii() and digits.isdigit():
            return int(digits)
        if digits.startswith("-") and digits[1:].isascii() and digits[1:].isdigit():
            return int(digits)
        raise Invalid(_("“%(value)s” is not a whole number") % {"value": raw.strip()})
    raise Invalid(_("must be a whole number"))


def _parse_integer(field: Field, raw: object, lookups: Lookups, this_year: int) -> int:
    value = _whole_number(raw)
    if value < 0:
        raise Invalid(_("must not be negative"))
    if field.maximum is not None and value > field.maximum:
        raise Invalid(_("must be at most %(maximum)d") % {"maximum": field.maximum})
    return value


# The oldest year a social innovation in the directory may have started.
FIRST_YEAR = 1800


def _parse_year(field: Field, raw: object, lookups: Lookups, this_year: int) -> int:
    value = _whole_number(raw)
    if not FIRST_YEAR <= value <= this_year + 1:
        raise Invalid(
            _("%(value)d is not a plausible year (between %(first)d and %(last)d)")
            % {"value": value, "first": FIRST_YEAR, "last": this_year + 1}
        )
    return value


def _parse_url(field: Field, raw: object, lookups: Lookups, this_year: int) -> str:
    value = _text(field, raw)
    try:
        _url_validator(value)
    except ValidationError:
        raise Invalid(
            _("“%(value)s” is not a valid web address (it must start with http:// or https://)")
            % {"value": value}
        ) from None
    return value


def _parse_boolean(field: Field, raw: object, lookups: Lookups, this_year: int) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise Invalid(_("must be true or false"))


_PARSERS = {
    Type.REF: _parse_ref,
    Type.LINE: _parse_text,
    Type.TEXT: _parse_text,
    Type.CODE: _parse_code,
    Type.CODES: _parse_codes,
    Type.REFERENCE: _parse_reference,
    Type.INTEGER: _parse_integer,
    Type.YEAR: _parse_year,
    Type.URL: _parse_url,
    Type.BOOLEAN: _parse_boolean,
}


def to_cell(field: Field, value: object) -> str:
    """How a canonical value is written in a CSV cell (and read back by `parse`)."""
    if value is None:
        return ""
    if field.type is Type.CODES:
        return LIST_SEPARATOR.join(value)  # type: ignore[arg-type]
    if field.type is Type.BOOLEAN:
        return "true" if value else "false"
    return str(value)
