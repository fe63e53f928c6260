"""Coach availability: capacity, pause and freshness records, coaches' answers to expressions of
interest, and the editors' follow-up settings on the form page.

Existing coaches get an availability record confirmed today (the freshness clock starts now), and
their ``accepting_new_leaders`` flag follows their declared availability. Expressions of interest
still waiting are asked of their first-choice coach from today, so that no coach is reminded or
passed over the day this is deployed.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def start_availability(apps, schema_editor):
    from django.utils import timezone

    CoachPage = apps.get_model("cascading_pages", "CoachPage")
    CoachAvailability = apps.get_model("cascading_pages", "CoachAvailability")
    ExpressionOfInterest = apps.get_model("cascading_pages", "ExpressionOfInterest")
    now = timezone.now()
    for coach in CoachPage.objects.all():
        CoachAvailability.objects.get_or_create(coach=coach, defaults={"confirmed_at": now})
    CoachPage.objects.filter(availability="full").update(accepting_new_leaders=False)
    ExpressionOfInterest.objects.filter(current_coach__isnull=True).update(current_coach=models.F("coach"))
    ExpressionOfInterest.objects.filter(asked_at__isnull=True, status__in=["new", "coach-contacted"]).update(
        asked_at=now
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cascading_pages", "0003_coach_and_editor_groups"),
    ]

    operations = [
        migrations.CreateModel(
            name="CoachAvailability",
            fields=[
                (
                    "coach",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="availability_state",
                        serialize=False,
                        to="cascading_pages.coachpage",
                    ),
                ),
                (
                    "capacity",
                    models.PositiveSmallIntegerField(
                        default=2,
                        help_text="Leaders you have accepted and are coaching count towards this.",
                        validators=[django.core.validators.MaxValueValidator(20)],
                        verbose_name="leaders I can coach at once",
                    ),
                ),
                (
                    "paused",
                    models.BooleanField(
                        default=False,
                        help_text="For a holiday or a busy period: you show as not taking new leaders.",
                        verbose_name="pause new leaders",
                    ),
                ),
                (
                    "available_again_on",
                    models.DateField(
                        blank=True,
                        help_text="Optional. Shown in the directory; the pause ends by itself on this day.",
                        null=True,
                        verbose_name="available again from",
                    ),
                ),
                (
                    "confirmed_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now,
                        help_text="When the coach last confirmed their profile is up to date.",
                    ),
                ),
                (
                    "prompted_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When the coach was last asked whether their profile is still accurate.",
                        null=True,
                    ),
                ),
                (
                    "lapsed_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When the profile dropped out of “accepting new leaders” for want of a confirmation.",
                        null=True,
                    ),
                ),
            ],
            options={
                "verbose_name": "coach availability",
                "verbose_name_plural": "coach availability",
            },
        ),
        migrations.CreateModel(
            name="UsedLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("nonce", models.CharField(max_length=64, unique=True)),
                ("purpose", models.CharField(max_length=40)),
                ("used_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "used email link",
            },
        ),
        migrations.RemoveConstraint(
            model_name="interestemail",
            name="one_email_per_recipient",
        ),
        migrations.AddField(
            model_name="coachpage",
            name="accepting_new_leaders",
            field=models.BooleanField(
                db_index=True,
                default=True,
                editable=False,
                help_text="Whether the coach is taking new leaders right now; kept up to date automatically.",
            ),
        ),
        migrations.AddField(
            model_name="expressionofinterest",
            name="accepted_at",
            field=models.DateTimeField(
                blank=True, help_text="When the coach accepted: the start.", null=True
            ),
        ),
        migrations.AddField(
            model_name="expressionofinterest",
            name="asked_at",
            field=models.DateTimeField(
                blank=True, help_text="When the coach asked now was asked.", null=True
            ),
        ),
        migrations.AddField(
            model_name="expressionofinterest",
            name="coach_message",
            field=models.TextField(
                blank=True,
                help_text="The coach's message with their answer, sent to the leader.",
                max_length=2000,
            ),
        ),
        migrations.AddField(
            model_name="expressionofinterest",
            name="current_coach",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="current_expressions_of_interest",
                to="cascading_pages.coachpage",
                verbose_name="coach asked now",
            ),
        ),
        migrations.AddField(
            model_name="expressionofinterest",
            name="passed_on_at",
            field=models.DateTimeField(blank=True, help_text="When it went to the second choice.", null=True),
        ),
        migrations.AddField(
            model_name="expressionofinterest",
            name="reminded_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="expressionofinterestpage",
            name="days_to_answer",
            field=models.PositiveSmallIntegerField(
                default=10,
                help_text="Days a coach has to accept or decline. Without an answer by then (and at least two days after the reminder), the leader is passed to their second choice or told what to do next.",
                validators=[
                    django.core.validators.MinValueValidator(2),
                    django.core.validators.MaxValueValidator(60),
                ],
            ),
        ),
        migrations.AddField(
            model_name="expressionofinterestpage",
            name="one_open_per_leader",
            field=models.BooleanField(
                default=True,
                help_text="A leader whose earlier expression of interest is still waiting or in coaching cannot send another; they are told kindly and emailed where the first one stands.",
                verbose_name="one open expression of interest per leader",
            ),
        ),
        migrations.AddField(
            model_name="expressionofinterestpage",
            name="profile_check_days",
            field=models.PositiveSmallIntegerField(
                default=183,
                help_text="183 days is about six months. Coaches get a “still accurate?” email with a one-click confirm.",
                validators=[
                    django.core.validators.MinValueValidator(7),
                    django.core.validators.MaxValueValidator(1000),
                ],
                verbose_name="ask coaches to confirm their profile every (days)",
            ),
        ),
        migrations.AddField(
            model_name="expressionofinterestpage",
            name="profile_lapse_days",
            field=models.PositiveSmallIntegerField(
                default=30,
                help_text="Days after that email without a confirmation before the coach shows as not taking new leaders. The programme inbox is told.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(365),
                ],
                verbose_name="unconfirmed profiles stop taking leaders after (days)",
            ),
        ),
        migrations.AddField(
            model_name="expressionofinterestpage",
            name="remind_after_days",
            field=models.PositiveSmallIntegerField(
                default=7,
                help_text="Days after asking a coach that one reminder is sent, if they have not answered.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(59),
                ],
            ),
        ),
        migrations.AddField(
            model_name="expressionofintereststatuschange",
            name="coach",
            field=models.ForeignKey(
                blank=True,
                help_text="The coach this step is about (asked, reminded, accepting or declining).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="cascading_pages.coachpage",
            ),
        ),
        migrations.AddField(
            model_name="expressionofintereststatuschange",
            name="event",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Set by the programme team"),
                    ("received", "Received and sent to the coach"),
                    ("reminded", "Coach reminded"),
                    ("accepted", "Accepted by the coach"),
                    ("declined", "Declined by the coach"),
                    ("expired", "No answer from the coach in time"),
                    ("passed-on", "Passed to the second-choice coach"),
                    ("not-matched", "No chosen coach could take it on"),
                ],
                default="",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="interestemail",
            name="kind",
            field=models.CharField(
                choices=[
                    ("received", "Received"),
                    ("reminder", "Reminder to answer"),
                    ("offer", "Asked as second choice"),
                    ("accepted", "Accepted"),
                    ("passed-on", "Passed to the second choice"),
                    ("not-matched", "No coach could take it on"),
                    ("already-open", "Where the open expression of interest stands"),
                ],
                default="received",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="interestemail",
            name="round",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="coachpage",
            name="availability",
            field=models.CharField(
                choices=[
                    ("available", "Available"),
                    ("limited", "Limited availability"),
                    ("full", "Full: not taking new leaders"),
                ],
                default="available",
                help_text="What you declare. Pausing, reaching your capacity or an unconfirmed profile also shows you as not taking new leaders: see “My availability”.",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="expressionofinterest",
            name="status",
            field=models.CharField(
                choices=[
                    ("new", "New"),
                    ("coach-contacted", "Coach contacted"),
                    ("accepted", "Accepted by the coach"),
                    ("coaching-started", "Coaching started"),
                    ("completed", "Completed"),
                    ("withdrawn", "Withdrawn"),
                    ("not-matched", "Closed: no chosen coach could take it on"),
                ],
                db_index=True,
                default="new",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="expressionofintereststatuschange",
            name="changed_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="expressionofintereststatuschange",
            name="status",
            field=models.CharField(
                choices=[
                    ("new", "New"),
                    ("coach-contacted", "Coach contacted"),
                    ("accepted", "Accepted by the coach"),
                    ("coaching-started", "Coaching started"),
                    ("completed", "Completed"),
                    ("withdrawn", "Withdrawn"),
                    ("not-matched", "Closed: no chosen coach could take it on"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="interestemail",
            constraint=models.UniqueConstraint(
                fields=("submission", "recipient", "kind", "round"), name="one_email_of_a_kind_per_round"
            ),
        ),
        migrations.RunPython(start_availability, migrations.RunPython.noop),
    ]
