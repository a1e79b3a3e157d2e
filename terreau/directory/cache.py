"""Cached directory counts, invalidated by a version every write bumps.

Browsing without a search text asks the same counts again and again (the facets of the
whole directory, or of a territory), and they change only when a record does. They are
cached under the current *directory version*, a counter kept in the database so that every
web process and every cache backend (in-process or Redis) sees a bump at once.

Writers call `bump()` inside their transaction whenever what the directories show may have
changed: a project or an organisation created, edited, published, hidden or deleted, an
import or `terreau generate`. A forgotten bump only delays a count change by `TIMEOUT`.
"""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import F

from terreau.directory.models import DirectoryVersion

TIMEOUT = 300  # seconds; a safety net, the version does the real invalidation
REFERENCE_TIMEOUT = 60
_ROW = 1


def version() -> int:
    """The current directory version (0 before the first bump)."""
    value = DirectoryVersion.objects.filter(pk=_ROW).values_list("value", flat=True).first()
    return value or 0


def bump() -> None:
    """Invalidate every cached directory count. Call it inside the writing transaction
    (it is a database write: it commits, or rolls back, with the change)."""
    if not DirectoryVersion.objects.filter(pk=_ROW).update(value=F("value") + 1):
        DirectoryVersion.objects.bulk_create(
            [DirectoryVersion(pk=_ROW, value=1)], ignore_conflicts=True
        )


def remember(key: str, compute: Callable[[], Any], *, versioned: bool = True) -> Any:
    """`compute()`, cached under `key` for the current directory version; or, when not
    `versioned`, for `REFERENCE_TIMEOUT` (reference data no directory write changes, such
    as the vocabularies an operator edits: a change shows within a minute)."""
    full_key = f"directory:{version()}:{key}" if versioned else f"directory:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT if versioned else REFERENCE_TIMEOUT)
    return value
