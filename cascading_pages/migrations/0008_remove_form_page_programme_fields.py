"""The form page's follow-up and email fields, now each site's programme settings (0007 copied them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cascading_pages", "0007_programme_settings"),
    ]

    operations = [
        migrations.RemoveField(model_name="expressionofinterestpage", name="days_to_answer"),
        migrations.RemoveField(model_name="expressionofinterestpage", name="remind_after_days"),
        migrations.RemoveField(model_name="expressionofinterestpage", name="profile_check_days"),
        migrations.RemoveField(model_name="expressionofinterestpage", name="profile_lapse_days"),
        migrations.RemoveField(model_name="expressionofinterestpage", name="one_open_per_leader"),
        migrations.RemoveField(model_name="expressionofinterestpage", name="to_address"),
        migrations.RemoveField(model_name="expressionofinterestpage", name="from_address"),
        migrations.RemoveField(model_name="expressionofinterestpage", name="subject"),
    ]
