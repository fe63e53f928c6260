"""What is held about a leader, and how it is anonymised or erased.

Anonymising keeps what the take-up overview counts (coach, region through the coach, income band,
how it is paid, bursary answers, status, dates) and removes everything that says who the leader is,
including the answers to editors' extra questions, the team's notes and the email history.
"""

from django.db import transaction
from django.utils import timezone

from cascading_pages.interest.eligibility import BURSARY_CRITERIA
from cascading_pages.interest.models import ExpressionOfInterest, email_description

KEPT_ANSWERS = ("income_band", "first_choice_coach", "second_choice_coach", "payment", *BURSARY_CRITERIA)


def anonymise(submissions):
    """Anonymise every submission in ``submissions`` not anonymised yet. Returns how many."""
    count = 0
    for submission in submissions.not_anonymised().iterator():
        with transaction.atomic():
            submission.form_data = {k: v for k, v in submission.form_data.items() if k in KEPT_ANSWERS}
            submission.leader_name = ""
            submission.email = ""
            submission.organisation = ""
            submission.notes = ""
            submission.coach_message = ""
            submission.anonymised_at = timezone.now()
            submission.save()
            submission.status_changes.update(note="")
            submission.emails.all().delete()
        count += 1
    return count


def export_for(email):
    """Everything held about the leader who gave ``email``, as JSON-friendly data."""
    submissions = (
        ExpressionOfInterest.objects.for_email(email)
        .prefetch_related("status_changes", "emails")
        .order_by("submit_time")
    )
    return {
        "email": email,
        "expressions_of_interest": [
            {
                "submitted": submission.submit_time.isoformat(),
                "answers": submission.form_data,
                "coach": submission.coach_name,
                "status": submission.get_status_display(),
                "bursary_decision": submission.get_bursary_decision_display(),
                "programme_team_notes": submission.notes,
                "coach_message": submission.coach_message,
                "status_history": [
                    {
                        "status": change.get_status_display(),
                        "step": change.get_event_display(),
                        "at": change.changed_at.isoformat(),
                        "note": change.note,
                    }
                    for change in submission.status_changes.all()
                ],
                "emails": [
                    {
                        "to": mail.to,
                        "about": ": ".join(email_description(mail)),
                        "state": mail.get_state_display(),
                    }
                    for mail in submission.emails.all()
                ],
            }
            for submission in submissions
        ],
    }


def erase_for(email):
    """Delete every expression of interest from ``email``, with its history and emails."""
    with transaction.atomic():
        submissions = ExpressionOfInterest.objects.for_email(email)
        count = submissions.count()
        submissions.erase()
    return count
