"""What a coach declares (available, limited, full) moves from their page to their availability record.

It was a page field, so a coach who said "Full" stayed listed as taking leaders until an editor
approved the change; on ``CoachAvailability`` it applies at once, beside capacity and pause. Each
coach keeps the value of their live page (the page row): a value in a draft still waiting for
approval is not carried over. Old revisions keep an "availability" entry, which nothing reads.
"""

from django.db import migrations, models
from django.utils import timezone

DECLARATIONS = ("available", "limited", "full")


def copy_to_availability_records(apps, schema_editor):
    CoachPage = apps.get_model("cascading_pages", "CoachPage")
    CoachAvailability = apps.get_model("cascading_pages", "CoachAvailability")
    now = timezone.now()
    for coach in CoachPage.objects.filter(availability_state__isnull=True).only("pk"):
        CoachAvailability.objects.create(coach=coach, confirmed_at=now)
    for value in DECLARATIONS:
        CoachAvailability.objects.filter(coach__availability=value).update(declared=value)


def copy_back_to_pages(apps, schema_editor):
    CoachPage = apps.get_model("cascading_pages", "CoachPage")
    for value in DECLARATIONS:
        CoachPage.objects.filter(availability_state__declared=value).update(availability=value)


class Migration(migrations.Migration):
    dependencies = [
        ("cascading_pages", "0015_faq_index_page_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="coachavailability",
            name="declared",
            field=models.CharField(
                choices=[
                    ("available", "Available"),
                    ("limited", "Limited availability"),
                    ("full", "Full: not taking new leaders"),
                ],
                default="available",
                help_text="“Full” shows you as not taking new leaders, at once, whatever your capacity.",
                max_length=20,
                verbose_name="my availability",
            ),
        ),
        migrations.RunPython(copy_to_availability_records, copy_back_to_pages),
        migrations.RemoveField(
            model_name="coachpage",
            name="availability",
        ),
    ]
