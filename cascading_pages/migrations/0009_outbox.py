"""One outbox for every programme email (``cascading_pages.mail``), in place of ``InterestEmail``.

Each ``InterestEmail`` becomes an outbox email about its expression of interest, with its kind,
recipient and round kept in the outbox's ``kind`` and ``once_key`` (so that no email of a kind is
queued twice in a round), and its state, attempts, error and dates. Its subject and text were built
only when it was sent and never stored, so they cannot be brought over: a sent one keeps its place
in the submission's history; one not sent yet is kept as failed, with a note saying so, and appears
among the email problems in the admin. (Run ``manage.py resend_interest_emails`` before migrating
and there are none.)

The programme editors, who follow up expressions of interest and invite coaches, may read the
Outbox and send an email again.
"""

import django.db.models.deletion
import django.utils.timezone
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

EDITORS = "Programme editors"
OUTBOX_PERMISSIONS = ["view_outboxemail", "change_outboxemail"]
KEPT_SUBJECT = "(Sent before the outbox: its subject and text were not kept)"
NOT_KEPT_SUBJECT = "(Not sent before the outbox: its subject and text were not kept)"
NOT_KEPT_ERROR = (
    "Not sent before the outbox replaced the old email records, which did not keep an email's text: "
    "it cannot be sent again from here; write to the recipient another way."
)


def copy_interest_emails(apps, schema_editor):
    InterestEmail = apps.get_model("cascading_pages", "InterestEmail")
    OutboxEmail = apps.get_model("cascading_pages", "OutboxEmail")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not InterestEmail.objects.exists():
        return
    about_type, _ = ContentType.objects.get_or_create(app_label="cascading_pages", model="expressionofinterest")
    copies = []
    for old in InterestEmail.objects.select_related("submission").order_by("pk").iterator():
        sent = old.state == "sent"
        error = old.last_error if sent else " ".join(filter(None, [NOT_KEPT_ERROR, old.last_error]))
        copies.append(
            OutboxEmail(
                kind=f"interest.{old.kind}.{old.recipient}",
                to=old.to_address,
                subject=KEPT_SUBJECT if sent else NOT_KEPT_SUBJECT,
                body="",
                from_email="",
                about_type=about_type,
                about_id=old.submission_id,
                once_key=f"interest.{old.submission_id}.{old.kind}.{old.recipient}.{old.round}",
                state="sent" if sent else "failed",
                attempts=old.attempts,
                last_error=error[:2000],
                created_at=old.last_attempt_at or old.submission.submit_time,
                last_attempt_at=old.last_attempt_at,
                sent_at=old.sent_at,
            )
        )
    OutboxEmail.objects.bulk_create(copies, batch_size=500)


def copy_interest_emails_back(apps, schema_editor):
    InterestEmail = apps.get_model("cascading_pages", "InterestEmail")
    OutboxEmail = apps.get_model("cascading_pages", "OutboxEmail")
    emails = OutboxEmail.objects.filter(
        about_type__app_label="cascading_pages",
        about_type__model="expressionofinterest",
        kind__startswith="interest.",
    )
    copies = []
    for email in emails.order_by("pk").iterator():
        _, kind, recipient = email.kind.split(".", 2)
        round = int(email.once_key.rsplit(".", 1)[1]) if email.once_key else 1
        copies.append(
            InterestEmail(
                submission_id=email.about_id,
                recipient=recipient,
                kind=kind,
                round=round,
                to_address=email.to,
                state=email.state,
                attempts=email.attempts,
                last_error=email.last_error,
                last_attempt_at=email.last_attempt_at,
                sent_at=email.sent_at,
            )
        )
    InterestEmail.objects.bulk_create(copies, batch_size=500, ignore_conflicts=True)


def let_editors_use_the_outbox(apps, schema_editor):
    # Permissions are normally made after migrating; the new model's are needed now.
    app_config = apps.get_app_config("cascading_pages")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is not None:
        editors.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="cascading_pages", codename__in=OUTBOX_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    # Another change is expected to add 0007; this is re-pointed at it when both are merged.
    dependencies = [
        ("cascading_pages", "0008_remove_form_page_programme_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="OutboxEmail",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        db_index=True,
                        help_text="What the email is, for filtering: e.g. “interest.received.coach”, “coaches.invitation”.",
                        max_length=60,
                    ),
                ),
                ("to", models.CharField(help_text="Comma-separated addresses.", max_length=1000)),
                ("subject", models.CharField(max_length=1000)),
                ("body", models.TextField()),
                ("from_email", models.CharField(max_length=320, verbose_name="from")),
                ("reply_to", models.CharField(blank=True, help_text="Comma-separated addresses.", max_length=1000)),
                ("about_id", models.PositiveBigIntegerField(blank=True, null=True)),
                (
                    "once_key",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="Queueing again with the same key gives this email back: it goes at most once.",
                        max_length=200,
                        null=True,
                        unique=True,
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("queued", "Not sent yet"),
                            ("sending", "Being sent"),
                            ("sent", "Sent"),
                            ("failed", "Failed"),
                        ],
                        db_index=True,
                        default="queued",
                        max_length=10,
                    ),
                ),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("last_error", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("last_attempt_at", models.DateTimeField(blank=True, null=True)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                (
                    "about_type",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
            ],
            options={
                "verbose_name": "outbox email",
                "ordering": ["pk"],
                "indexes": [models.Index(fields=["about_type", "about_id"], name="outbox_about_idx")],
            },
        ),
        migrations.RunPython(copy_interest_emails, copy_interest_emails_back),
        migrations.DeleteModel(name="InterestEmail"),
        # Going back leaves the permissions granted: harmless once the model is gone.
        migrations.RunPython(let_editors_use_the_outbox, migrations.RunPython.noop),
    ]
