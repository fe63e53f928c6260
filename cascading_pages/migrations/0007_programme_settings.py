"""Programme settings: one per site, under Settings › Programme settings, in place of the follow-up
and email fields of the expression of interest form page.

Each site's settings are copied from its form page (the home page's child; a live one before a
draft), or take the defaults, with no inbox, when the site has none. The "Programme editors" group
may change them. The page's own fields go in 0008, once nothing reads them; going back copies the
settings to the form pages again.
"""

import django.core.validators
import django.db.models.deletion
import wagtail.contrib.forms.models
from django.db import migrations, models

EDITORS = "Programme editors"

# Each setting, and the form page field it was.
FROM_FORM_PAGE = {
    "days_to_answer": "days_to_answer",
    "remind_after_days": "remind_after_days",
    "profile_check_days": "profile_check_days",
    "profile_lapse_days": "profile_lapse_days",
    "one_open_per_leader": "one_open_per_leader",
    "inbox": "to_address",
    "from_address": "from_address",
    "inbox_subject": "subject",
}


def form_pages_of(apps, site):
    """The site's expression of interest form, as a queryset: its home page's children of that type.

    Read as values and changed with ``update()``: the historical form page cannot be instantiated
    (Wagtail's ``FormMixin.__init__`` reads a template the historical model does not have).
    """
    FormPage = apps.get_model("cascading_pages", "ExpressionOfInterestPage")
    root = site.root_page
    return FormPage.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by("-live", "path")


def copy_from_form_pages(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    ProgrammeSettings = apps.get_model("cascading_pages", "ProgrammeSettings")
    for site in Site.objects.select_related("root_page").order_by("pk"):
        form = form_pages_of(apps, site).values(*FROM_FORM_PAGE.values()).first()
        values = {setting: form[field] for setting, field in FROM_FORM_PAGE.items()} if form else {}
        ProgrammeSettings.objects.create(site=site, **values)


def copy_back_to_form_pages(apps, schema_editor):
    ProgrammeSettings = apps.get_model("cascading_pages", "ProgrammeSettings")
    for settings in ProgrammeSettings.objects.select_related("site__root_page"):
        form_pk = form_pages_of(apps, settings.site).values_list("pk", flat=True).first()
        if form_pk is None:
            continue
        values = {field: getattr(settings, setting) for setting, field in FROM_FORM_PAGE.items()}
        form_pages_of(apps, settings.site).filter(pk=form_pk).update(**values)


def let_editors_change_them(apps, schema_editor):
    """Permissions are normally made after migrating; the editors' group needs this one now."""
    Group = apps.get_model("auth", "Group")
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is None:
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="cascading_pages", model="programmesettings")
    change, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_programmesettings",
        defaults={"name": "Can change programme settings"},
    )
    editors.permissions.add(change)


class Migration(migrations.Migration):
    dependencies = [
        ("cascading_pages", "0006_standard_page_introduction_help"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProgrammeSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "days_to_answer",
                    models.PositiveSmallIntegerField(
                        default=10,
                        help_text=(
                            "Days a coach has to accept or decline. Without an answer by then (and at least "
                            "two days after the reminder), the leader is passed to their second choice or "
                            "told what to do next."
                        ),
                        validators=[
                            django.core.validators.MinValueValidator(2),
                            django.core.validators.MaxValueValidator(60),
                        ],
                    ),
                ),
                (
                    "remind_after_days",
                    models.PositiveSmallIntegerField(
                        default=7,
                        help_text=(
                            "Days after asking a coach that one reminder is sent, if they have not "
                            "answered. Usually a few days before the deadline above."
                        ),
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(59),
                        ],
                    ),
                ),
                (
                    "profile_check_days",
                    models.PositiveSmallIntegerField(
                        default=183,
                        help_text=(
                            "183 days is about six months. Coaches get a “still accurate?” email with a "
                            "one-click confirm."
                        ),
                        validators=[
                            django.core.validators.MinValueValidator(7),
                            django.core.validators.MaxValueValidator(1000),
                        ],
                        verbose_name="ask coaches to confirm their profile every (days)",
                    ),
                ),
                (
                    "profile_lapse_days",
                    models.PositiveSmallIntegerField(
                        default=30,
                        help_text=(
                            "Days after that email without a confirmation before the coach shows as not "
                            "taking new leaders. The programme inbox is told."
                        ),
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(365),
                        ],
                        verbose_name="unconfirmed profiles stop taking leaders after (days)",
                    ),
                ),
                (
                    "one_open_per_leader",
                    models.BooleanField(
                        default=True,
                        help_text=(
                            "A leader whose earlier expression of interest is still waiting or in coaching "
                            "cannot send another; they are told kindly and emailed where the first one stands."
                        ),
                        verbose_name="one open expression of interest per leader",
                    ),
                ),
                (
                    "inbox",
                    models.CharField(
                        help_text=(
                            "Every expression of interest is emailed here, and so is the news of coach "
                            "profiles that lapse. Separate several addresses with commas."
                        ),
                        max_length=255,
                        validators=[wagtail.contrib.forms.models.validate_to_address],
                        verbose_name="programme inbox",
                    ),
                ),
                (
                    "from_address",
                    models.EmailField(
                        blank=True,
                        help_text=(
                            "The sender of the emails about expressions of interest, to leaders, coaches and "
                            "the programme inbox. Leave it empty to use the site's usual sender address."
                        ),
                        max_length=255,
                        verbose_name="send emails from",
                    ),
                ),
                (
                    "inbox_subject",
                    models.CharField(
                        blank=True,
                        help_text="Leave it empty for “New expression of interest for” and the coach's name.",
                        max_length=255,
                        verbose_name="subject of the programme inbox's email",
                    ),
                ),
                (
                    "site",
                    models.OneToOneField(
                        editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site"
                    ),
                ),
            ],
            options={
                "verbose_name": "programme settings",
                "verbose_name_plural": "programme settings",
            },
        ),
        migrations.RunPython(copy_from_form_pages, copy_back_to_form_pages),
        # Going back leaves the permission in place, as Django does for a model that goes.
        migrations.RunPython(let_editors_change_them, migrations.RunPython.noop),
    ]
