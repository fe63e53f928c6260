"""What the plugin records beside Wagtail's search query log (``wagtail.contrib.search_promotions``).

Wagtail counts each search's hits per day (``QueryDailyHits``) but not whether it found anything;
:class:`QueryDailyMisses` counts, per query and day, the searches that found nobody.
"""

from django.db import models
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

#: The permission that shows the search terms report (``cascading_pages.search.reports``).
REPORT_PERMISSION = "cascading_pages.view_search_terms_report"


class QueryDailyMisses(models.Model):
    """How many searches for ``query`` found nobody on ``date``."""

    query = models.ForeignKey(Query, related_name="daily_misses", on_delete=models.CASCADE)
    date = models.DateField()
    misses = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["query", "date"], name="unique_query_daily_misses")]
        verbose_name = "searches that found nothing, per day"
        verbose_name_plural = "searches that found nothing, per day"
        permissions = [("view_search_terms_report", "Can see what visitors search for")]

    @classmethod
    def add_miss(cls, query, date=None):
        date = date or timezone.localdate()
        row, _ = cls.objects.get_or_create(query=query, date=date)
        cls.objects.filter(pk=row.pk).update(misses=models.F("misses") + 1)
