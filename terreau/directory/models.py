"""The directory's own state: one counter of the writes that change what it shows."""

from django.db import models


class DirectoryVersion(models.Model):
    """A single row, bumped (`terreau.directory.cache.bump`) by every write that changes
    what the directories show. Cached counts are keyed by it, so one cheap read tells every
    web process whether its cache is still good."""

    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)
