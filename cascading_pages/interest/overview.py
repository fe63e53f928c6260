"""The programme team's overview of take-up: counts only, never who the leaders are."""

import csv
import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import ngettext

from cascading_pages.coaches.models import Availability, CoachPage
from cascading_pages.interest.eligibility import BURSARY_CRITERIA
from cascading_pages.interest.exports import spreadsheet_safe
from cascading_pages.interest.models import (
    ACTIVE,
    BursaryDecision,
    Event,
    ExpressionOfInterest,
    ExpressionOfInterestStatusChange,
    Status,
)
from cascading_pages.interest.progress import Progress, with_progress
from cascading_pages.vocabularies.models import Region

EXPRESSIONS = "Expressions of interest"


@dataclass
class Table:
    """One section of the overview: rows of (label, value), with the bar length for each.

    ``label_heading`` and ``value_heading`` head the columns (the value is a count of expressions
    of interest unless it says otherwise). ``queries``, when given, holds for each row the list
    filters of the expressions of interest it counts, so the overview can link to them.
    """

    slug: str
    title: str
    rows: list
    note: str = ""
    label_heading: str = ""
    value_heading: str = EXPRESSIONS
    queries: list = None

    @property
    def bars(self):
        largest = max((count for _, count in self.rows), default=0) or 1
        queries = self.queries or [None] * len(self.rows)
        return [
            {"label": label, "count": count, "percent": round(100 * count / largest, 1), "query": query}
            for (label, count), query in zip(self.rows, queries, strict=True)
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


def months_between(start, end):
    """(year, month) of every month from ``start``'s to ``end``'s, both dates, in order."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def per_month(submissions, months=12, period=None):
    """Per month: the last ``months`` months, or every month of ``period`` (start, end) when given."""
    today = timezone.localdate()
    counts = {
        (row["month"].year, row["month"].month): row["n"]
        for row in submissions.annotate(month=TruncMonth("submit_time"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    if period is not None:
        start = period[0] or min(
            (datetime.date(year, month, 1) for year, month in counts), default=period[1] or today
        )
        starts = months_between(start, period[1] or today)
        title = "Expressions of interest per month"
    else:
        starts = _month_starts(months, today)
        title = f"Expressions of interest per month (last {months} months)"
    rows = [
        (datetime.date(year, month, 1).strftime("%B %Y"), counts.get((year, month), 0))
        for year, month in starts
    ]
    queries = [{"month": f"{year:04d}-{month:02d}"} for year, month in starts]
    return Table("month", title, rows, label_heading="Month", queries=queries)


def per_coach(submissions):
    grouped = submissions.values("coach_name", "coach").annotate(n=Count("pk")).order_by("-n", "coach_name")
    rows = [(row["coach_name"], row["n"]) for row in grouped]
    queries = [{"coach__id__exact": row["coach"]} if row["coach"] else None for row in grouped]
    return Table(
        "coach",
        "Expressions of interest per first-choice coach",
        rows,
        label_heading="First-choice coach",
        queries=queries,
    )


def per_region(submissions):
    counts = Region.objects.annotate(
        n=Count(
            "coaches__expressions_of_interest", filter=Q(coaches__expressions_of_interest__in=submissions)
        )
    ).order_by("sort_order", "name")
    rows = [(region.name, region.n) for region in counts]
    queries = [{"region": region.pk} for region in counts]
    without = submissions.filter(Q(coach__isnull=True) | Q(coach__regions__isnull=True)).distinct().count()
    if without:
        rows.append(("No region recorded", without))
        queries.append(None)
    return Table(
        "region",
        "Expressions of interest per region of the chosen coach",
        rows,
        note="A coach who works in several regions counts in each of them.",
        label_heading="Region",
        queries=queries,
    )


def per_status(submissions):
    """Where each stands, as the list of expressions of interest says it (``progress``)."""
    counts = dict(with_progress(submissions).values_list("progress").annotate(n=Count("pk")).order_by())
    return Table(
        "status",
        "Where expressions of interest are now",
        [(p.label, counts.get(p.value, 0)) for p in Progress],
        label_heading="Where it stands",
        queries=[{"progress": p.value} for p in Progress],
    )


def bursaries(submissions):
    requested = submissions.filter(bursary_requested=True)
    decisions = dict(requested.values_list("bursary_decision").annotate(n=Count("pk")).order_by())
    rows = [("Paid by the organisation or a funder", submissions.filter(bursary_requested=False).count())]
    rows += [(f"Bursary requested: {d.label.lower()}", decisions.get(d.value, 0)) for d in BursaryDecision]
    queries = [{"bursary_requested__exact": "0"}]
    queries += [
        {"bursary_requested__exact": "1", "bursary_decision__exact": d.value} for d in BursaryDecision
    ]
    return Table("bursary", "Bursary requests and outcomes", rows, label_heading="Paying", queries=queries)


def bursaries_by_criterion(submissions):
    requested = submissions.filter(bursary_requested=True)
    rows = []
    for name, label in BURSARY_CRITERIA.items():
        meeting = requested.filter(**{f"form_data__{name}": True})
        rows.append((f"{label}: requested", meeting.count()))
        rows.append((f"{label}: awarded", meeting.filter(bursary_decision=BursaryDecision.AWARDED).count()))
    return Table(
        "criterion",
        "Bursary take-up by criterion",
        rows,
        note="A request that meets several criteria counts under each of them.",
        label_heading="Bursary criterion",
    )


def time_to_acceptance(submissions):
    waits = sorted(
        (accepted - sent).total_seconds() / 86400
        for sent, accepted in submissions.filter(accepted_at__isnull=False).values_list(
            "submit_time", "accepted_at"
        )
    )
    rows = []
    if waits:
        rows = [
            ("Median", round(statistics.median(waits), 1)),
            ("Quickest", round(waits[0], 1)),
            ("Slowest", round(waits[-1], 1)),
        ]
    if waits:
        note = ngettext(
            "Over %(count)d accepted expression of interest, counting from when the leader sent the form.",
            "Over %(count)d accepted expressions of interest, counting from when the leader sent the form.",
            len(waits),
        ) % {"count": len(waits)}
    else:
        note = "No expression of interest has been accepted yet."
    return Table(
        "days",
        "Days from expression of interest to acceptance",
        rows,
        note=note,
        label_heading="Measure",
        value_heading="Days",
    )


def follow_up_outcomes(submissions):
    def with_event(event):
        return submissions.filter(status_changes__event=event).distinct().count()

    rows = [
        ("Accepted by a coach", submissions.filter(accepted_at__isnull=False).count()),
        ("Declined by a coach", with_event(Event.DECLINED)),
        ("Expired: no answer from the coach in time", with_event(Event.EXPIRED)),
        ("Passed to the second choice", submissions.filter(passed_on_at__isnull=False).count()),
        ("Closed: no chosen coach could take it on", submissions.filter(status=Status.NOT_MATCHED).count()),
        ("Waiting for a coach's answer now", submissions.awaiting_answer().count()),
    ]
    return Table("outcome", "How coaches answered", rows, label_heading="Outcome")


def answer_rates_per_coach(submissions):
    """Of the times each coach was asked, the share they accepted and declined (as percentages)."""
    counts = {}
    steps = (
        ExpressionOfInterestStatusChange.objects.filter(submission__in=submissions, coach__isnull=False)
        .filter(event__in=[Event.RECEIVED, Event.PASSED_ON, Event.ACCEPTED, Event.DECLINED])
        .values_list("coach__title", "event")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for title, event, n in steps:
        counts.setdefault(title, {}).setdefault(event, 0)
        counts[title][event] += n
    accepted_rows, declined_rows = [], []
    for title in sorted(counts):
        coach = counts[title]
        asked = coach.get(Event.RECEIVED, 0) + coach.get(Event.PASSED_ON, 0)
        if not asked:
            continue
        label = f"{title} (asked {asked})"
        accepted_rows.append((label, round(100 * coach.get(Event.ACCEPTED, 0) / asked)))
        declined_rows.append((label, round(100 * coach.get(Event.DECLINED, 0) / asked)))
    return [
        Table(
            "accepted",
            "Acceptance rate per coach (% of the leaders they were asked about)",
            accepted_rows,
            label_heading="Coach",
            value_heading="% accepted",
        ),
        Table(
            "declined",
            "Decline rate per coach (% of the leaders they were asked about)",
            declined_rows,
            note="The rest expired without an answer or are still waiting.",
            label_heading="Coach",
            value_heading="% declined",
        ),
    ]


def coaches_at_capacity():
    """Live coaches not taking new leaders now, why, and how many leaders they are coaching."""
    coaches = (
        CoachPage.objects.live()
        .not_accepting_new_leaders()
        .select_related("availability_state")
        .annotate(
            active=Count(
                "current_expressions_of_interest",
                filter=Q(current_expressions_of_interest__status__in=ACTIVE),
            )
        )
        .order_by("title")
    )
    rows = []
    for coach in coaches:
        state = coach.state
        if state is not None and state.paused:
            again = f" until {state.available_again_on:%d %b %Y}" if state.available_again_on else ""
            why = f"paused{again}"
        elif state is not None and state.lapsed_at:
            why = "profile not confirmed"
        elif coach.declared_availability == Availability.FULL:
            why = "declared full"
        else:
            why = f"at capacity ({state.capacity if state else 0})"
        rows.append((f"{coach.title}: {why}", coach.active))
    return Table(
        "capacity",
        "Coaches at capacity or paused (not taking new leaders)",
        rows,
        note="Counts are the leaders each coach has accepted or is coaching.",
        label_heading="Coach",
        value_heading="Leaders they are coaching",
    )


def received_between(submissions, start=None, end=None):
    """``submissions`` received from ``start`` to ``end`` (dates, both included; either may be None)."""
    if start is not None:
        submissions = submissions.filter(submit_time__date__gte=start)
    if end is not None:
        submissions = submissions.filter(submit_time__date__lte=end)
    return submissions


def take_up(submissions=None, period=None):
    """Every table of the overview; ``period`` (start, end), when given, sets the months shown."""
    submissions = ExpressionOfInterest.objects.all() if submissions is None else submissions
    return [
        per_month(submissions, period=period),
        per_coach(submissions),
        per_region(submissions),
        per_status(submissions),
        bursaries(submissions),
        bursaries_by_criterion(submissions),
        time_to_acceptance(submissions),
        follow_up_outcomes(submissions),
        *answer_rates_per_coach(submissions),
        coaches_at_capacity(),
    ]


def write_csv(tables, stream):
    writer = csv.writer(stream)
    writer.writerow(["section", "label", "count"])
    for table in tables:
        for label, count in table.rows:
            writer.writerow([table.title, spreadsheet_safe(label), count])
