"""The directory's own state: one counter of the writes that change what it shows."""

from django.db import models


class DirectoryVersion(models.Model):
    """A single row, bumped (`terreau.directory.cache.bump`) by every write that changes
    what the directories show. Cached counts are keyed by it, so one cheap read tells every
    web process whether its cache is still good."""

    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)


class DirectoryCount(models.Model):
    """The directory's counts without a search text, materialised once per directory
    version (`terreau.directory.counts`): how many public records of `kind` each
    (région, département, single-valued term) holds (`term` empty), and how many hold each
    term of the many-valued vocabulary (`term` its code). Every browse count and facet at
    the country, région or département level adds these rows up instead of grouping the
    records. A row with `single` "#" marks a version as complete; its `n` is the total."""

    kind = models.CharField(max_length=32)
    version = models.PositiveBigIntegerField()
    region = models.CharField(max_length=32)
    departement = models.CharField(max_length=32)
    single = models.CharField(max_length=64)
    term = models.CharField(max_length=64)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "version", "term", "single", "region", "departement"],
                name="directory_count_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}@{self.version} {self.region}/{self.departement}: {self.n}"
