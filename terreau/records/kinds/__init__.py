"""The registry of record kinds that `terreau import` and `terreau export` know.

A new kind (funding schemes, support programmes…) is a module of this package declaring
a `ModelKind` named `KIND`, added to `KINDS` below.
"""

from django.utils.translation import gettext as _

from terreau.records.kind import ModelKind
from terreau.records.kinds import organisations, projects

KINDS: dict[str, ModelKind] = {kind.name: kind for kind in (projects.KIND, organisations.KIND)}
# Kinds of contracts.md whose models arrive with later issues.
PLANNED = ("funding", "programmes", "grids")


class UnknownKind(Exception):
    pass


def get_kind(name: str) -> ModelKind:
    if name in KINDS:
        return KINDS[name]
    if name in PLANNED:
        raise UnknownKind(
            _("“%(kind)s” records are not available yet: they arrive with a later version.")
            % {"kind": name}
        )
    raise UnknownKind(
        _("unknown kind of record “%(kind)s” (known kinds: %(kinds)s)")
        % {"kind": name, "kinds": ", ".join(KINDS)}
    )
