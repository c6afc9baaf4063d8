"""Token buckets in the database, so limits hold across app servers and on SQLite alone."""

from django.db import models


class Bucket(models.Model):
    key = models.CharField(max_length=200, unique=True)
    tokens = models.FloatField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = "rate-limit bucket"

    def __str__(self) -> str:
        return self.key
