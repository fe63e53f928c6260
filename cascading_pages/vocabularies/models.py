"""The editor-managed vocabularies a coach profile is described with."""

from django.db import models
from django.utils.text import slugify
from wagtail.search import index


class Vocabulary(index.Indexed, models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        blank=True,
        help_text="Used in directory links. Filled in from the name when left blank.",
    )
    sort_order = models.PositiveIntegerField(
        default=0,
        help_text="Lower numbers come first in lists and filters; equal numbers sort by name.",
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("slug"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)


class Region(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = "region"


class ExpertiseArea(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = "area of expertise"
        verbose_name_plural = "areas of expertise"


class Sector(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = "sector"


class Community(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = "community"
        verbose_name_plural = "communities"


class Language(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = "language"
