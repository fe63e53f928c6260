from django.db import models
from django.utils import timezone


class UsedLink(models.Model):
    """A signed email link that has been used, so that it works only once (see ``signed_links``)."""

    nonce = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=40)
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "used email link"

    def __str__(self):
        return f"{self.purpose} link used at {self.used_at:%d %b %Y %H:%M}"
