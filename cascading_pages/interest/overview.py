"""The programme team's overview of take-up: counts only, never who the leaders are."""

import csv
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ..exports import spreadsheet_safe
from ..models.coaches import Availability, CoachPage
from ..models.interest import BursaryDecision, ExpressionOfInterest, Status
from ..models.vocabularies import Region

ACTIVE_STATUSES = (Status.NEW, Status.COACH_CONTACTED, Status.COACHING_STARTED)


@dataclass
class Table:
    """One section of the overview: rows of (label, count), with the bar length for each."""

    slug: str
    title: str
    rows: list
    note: str = ""

    @property
    def bars(self):
        largest = max((count for _, count in self.rows), default=0) or 1
        return [
            {"label": label, "count": count, "percent": round(100 * count / largest, 1)}
            for label, count in self.rows
        ]

    @property
    def total(self):
        return sum(count for _, count in self.rows)


def _month_starts(months, today):
    year, month = today.year, today.month
    starts = []
    for _ in range(months):
        starts.append((year, month))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(starts))


def per_month(submissions, months=12):
    today = timezone.localdate()
    counts = {
        (row["month"].year, row["month"].month): row["n"]
        for row in submissions.annotate(month=TruncMonth("submit_time"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    rows = [
        (datetime.date(year, month, 1).strftime("%B %Y"), counts.get((year, month), 0))
        for year, month in _month_starts(months, today)
    ]
    return Table("month", f"Expressions of interest per month (last {months} months)", rows)


def per_coach(submissions):
    rows = [
        (row["coach_name"], row["n"])
        for row in submissions.values("coach_name").annotate(n=Count("pk")).order_by("-n", "coach_name")
    ]
    return Table("coach", "Expressions of interest per first-choice coach", rows)


def per_region(submissions):
    counts = Region.objects.annotate(
        n=Count(
            "coaches__expressions_of_interest", filter=Q(coaches__expressions_of_interest__in=submissions)
        )
    ).order_by("sort_order", "name")
    rows = [(region.name, region.n) for region in counts]
    without = submissions.filter(Q(coach__isnull=True) | Q(coach__regions__isnull=True)).distinct().count()
    if without:
        rows.append(("No region recorded", without))
    return Table(
        "region",
        "Expressions of interest per region of the chosen coach",
        rows,
        note="A coach who works in several regions counts in each of them.",
    )


def per_status(submissions):
    counts = dict(submissions.values_list("status").annotate(n=Count("pk")).order_by())
    return Table(
        "status", "Where expressions of interest are now", [(s.label, counts.get(s.value, 0)) for s in Status]
    )


def bursaries(submissions):
    requested = submissions.filter(bursary_requested=True)
    decisions = dict(requested.values_list("bursary_decision").annotate(n=Count("pk")).order_by())
    rows = [("Paid by the organisation or a funder", submissions.filter(bursary_requested=False).count())]
    rows += [(f"Bursary requested: {d.label.lower()}", decisions.get(d.value, 0)) for d in BursaryDecision]
    return Table("bursary", "Bursary requests and outcomes", rows)


def coaches_at_capacity():
    coaches = (
        CoachPage.objects.live()
        .filter(availability__in=[Availability.FULL, Availability.LIMITED])
        .annotate(
            active=Count(
                "expressions_of_interest", filter=Q(expressions_of_interest__status__in=ACTIVE_STATUSES)
            )
        )
        .order_by("availability", "title")
    )
    rows = [(f"{coach.title} ({coach.get_availability_display()})", coach.active) for coach in coaches]
    return Table(
        "capacity",
        "Coaches at capacity or full",
        rows,
        note="Counts are expressions of interest not yet completed or withdrawn.",
    )


def take_up(submissions=None):
    submissions = ExpressionOfInterest.objects.all() if submissions is None else submissions
    return [
        per_month(submissions),
        per_coach(submissions),
        per_region(submissions),
        per_status(submissions),
        bursaries(submissions),
        coaches_at_capacity(),
    ]


def write_csv(tables, stream):
    writer = csv.writer(stream)
    writer.writerow(["section", "label", "count"])
    for table in tables:
        for label, count in table.rows:
            writer.writerow([table.title, spreadsheet_safe(label), count])
