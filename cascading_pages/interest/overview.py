"""The programme team's overview of take-up: counts only, never who the leaders are."""

import csv
import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

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
from cascading_pages.vocabularies.models import Region


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
    return Table(
        "days",
        "Days from expression of interest to acceptance",
        rows,
        note=f"Over {len(waits)} accepted expression(s) of interest, counting from when the leader sent the form.",
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
    return Table("outcome", "How coaches answered", rows)


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
            "accepted", "Acceptance rate per coach (% of the leaders they were asked about)", accepted_rows
        ),
        Table(
            "declined",
            "Decline rate per coach (% of the leaders they were asked about)",
            declined_rows,
            note="The rest expired without an answer or are still waiting.",
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
    )


def take_up(submissions=None):
    submissions = ExpressionOfInterest.objects.all() if submissions is None else submissions
    return [
        per_month(submissions),
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
