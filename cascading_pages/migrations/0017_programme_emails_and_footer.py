"""Programme emails and the footer: two site settings, under Settings › Programme emails and
Settings › Footer. Each starts with the words the site sent and showed until now (the footer's text
is empty, which keeps the templates' own). The "Programme editors" group may change both.
"""

import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models

import cascading_pages.programme.wording

EDITORS = "Programme editors"


def let_editors_change_them(apps, schema_editor):
    """Permissions are normally made after migrating; the editors' group needs these now."""
    Group = apps.get_model("auth", "Group")
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is None:
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model, name in (("programmeemails", "programme emails"), ("sitefooter", "footer")):
        content_type, _ = ContentType.objects.get_or_create(app_label="cascading_pages", model=model)
        change, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=f"change_{model}", defaults={"name": f"Can change {name}"}
        )
        editors.permissions.add(change)


class Migration(migrations.Migration):
    dependencies = [
        ("cascading_pages", "0016_coach_availability_declared"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProgrammeEmails",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "sign_off",
                    models.CharField(
                        default="Cascading Leadership",
                        help_text="The last line of the emails to leaders and coaches about expressions of interest and profiles.",
                        max_length=255,
                        validators=[cascading_pages.programme.wording.PlaceholderValidator(())],
                        verbose_name="sign-off",
                    ),
                ),
                (
                    "leader_received_subject",
                    models.CharField(
                        default="We have received your expression of interest: Cascading Leadership",
                        help_text="You can use {leader_name} and {coach_name}.",
                        max_length=255,
                        validators=[
                            cascading_pages.programme.wording.PlaceholderValidator(
                                ("leader_name", "coach_name")
                            )
                        ],
                        verbose_name="subject",
                    ),
                ),
                (
                    "leader_received_opening",
                    models.TextField(
                        default="Thank you for registering your interest in working with {coach_name} through Cascading Leadership.",
                        help_text="After “Dear …,”. What follows it (the details, the links) is written by the site. You can use {leader_name} and {coach_name}.",
                        validators=[
                            cascading_pages.programme.wording.PlaceholderValidator(
                                ("leader_name", "coach_name")
                            )
                        ],
                        verbose_name="opening paragraph",
                    ),
                ),
                (
                    "leader_accepted_subject",
                    models.CharField(
                        default="Your coach has accepted: Cascading Leadership",
                        help_text="You can use {leader_name} and {coach_name}.",
                        max_length=255,
                        validators=[
                            cascading_pages.programme.wording.PlaceholderValidator(
                                ("leader_name", "coach_name")
                            )
                        ],
                        verbose_name="subject",
                    ),
                ),
                (
                    "leader_accepted_opening",
                    models.TextField(
                        default="Good news: {coach_name} has accepted your expression of interest and would be glad to coach you through Cascading Leadership.",
                        help_text="After “Dear …,”. What follows it (the details, the links) is written by the site. You can use {leader_name} and {coach_name}.",
                        validators=[
                            cascading_pages.programme.wording.PlaceholderValidator(
                                ("leader_name", "coach_name")
                            )
                        ],
                        verbose_name="opening paragraph",
                    ),
                ),
                (
                    "leader_passed_on_subject",
                    models.CharField(
                        default="News about your coach: Cascading Leadership",
                        help_text="You can use {leader_name} and {coach_name}.",
                        max_length=255,
                        validators=[
                            cascading_pages.programme.wording.PlaceholderValidator(
                                ("leader_name", "coach_name")
                            )
                        ],
                        verbose_name="subject",
                    ),
                ),
                (
                    "leader_not_matched_subject",
                    models.CharField(
                        default="News about your coach: Cascading Leadership",
                        help_text="You can use {leader_name} and {coach_name}.",
                        max_length=255,
                        validators=[
                            cascading_pages.programme.wording.PlaceholderValidator(
                                ("leader_name", "coach_name")
                            )
                        ],
                        verbose_name="subject",
                    ),
                ),
                (
                    "leader_not_matched_closing",
                    models.TextField(
                        default="We are sorry for the wait, and we hope you find the right coach soon.",
                        help_text="Before the sign-off, after the steps to choose another coach. You can use {leader_name}.",
                        validators=[cascading_pages.programme.wording.PlaceholderValidator(("leader_name",))],
                        verbose_name="closing paragraph",
                    ),
                ),
                (
                    "leader_already_open_subject",
                    models.CharField(
                        default="Your expression of interest: Cascading Leadership",
                        help_text="You can use {leader_name} and {coach_name}.",
                        max_length=255,
                        validators=[
                            cascading_pages.programme.wording.PlaceholderValidator(
                                ("leader_name", "coach_name")
                            )
                        ],
                        verbose_name="subject",
                    ),
                ),
                (
                    "coach_received_subject",
                    models.CharField(
                        default="A leader would like to work with you: Cascading Leadership",
                        help_text="You can use {leader_name} and {coach_name}.",
                        max_length=255,
                        validators=[
                            cascading_pages.programme.wording.PlaceholderValidator(
                                ("leader_name", "coach_name")
                            )
                        ],
                        verbose_name="subject",
                    ),
                ),
                (
                    "coach_received_opening",
                    models.TextField(
                        default="{leader_name} would like to work with you through Cascading Leadership.",
                        help_text="After “Dear …,”. What follows it (the details, the links) is written by the site. You can use {leader_name} and {coach_name}.",
                        validators=[
                            cascading_pages.programme.wording.PlaceholderValidator(
                                ("leader_name", "coach_name")
                            )
                        ],
                        verbose_name="opening paragraph",
                    ),
                ),
                (
                    "coach_offer_subject",
                    models.CharField(
                        default="A leader would like to work with you: Cascading Leadership",
                        help_text="You can use {leader_name} and {coach_name}.",
                        max_length=255,
                        validators=[
                            cascading_pages.programme.wording.PlaceholderValidator(
                                ("leader_name", "coach_name")
                            )
                        ],
                        verbose_name="subject",
                    ),
                ),
                (
                    "coach_offer_opening",
                    models.TextField(
                        default="{leader_name} would like to work with you through Cascading Leadership. You were their second choice of coach, and their first choice could not take them on.",
                        help_text="After “Dear …,”. What follows it (the details, the links) is written by the site. You can use {leader_name} and {coach_name}.",
                        validators=[
                            cascading_pages.programme.wording.PlaceholderValidator(
                                ("leader_name", "coach_name")
                            )
                        ],
                        verbose_name="opening paragraph",
                    ),
                ),
                (
                    "coach_reminder_subject",
                    models.CharField(
                        default="Reminder: a leader is waiting for your answer",
                        help_text="You can use {leader_name} and {coach_name}.",
                        max_length=255,
                        validators=[
                            cascading_pages.programme.wording.PlaceholderValidator(
                                ("leader_name", "coach_name")
                            )
                        ],
                        verbose_name="subject",
                    ),
                ),
                (
                    "profile_check_subject",
                    models.CharField(
                        default="Is your Cascading Leadership profile still accurate?",
                        help_text="You can use {coach_name}.",
                        max_length=255,
                        validators=[cascading_pages.programme.wording.PlaceholderValidator(("coach_name",))],
                        verbose_name="subject",
                    ),
                ),
                (
                    "profile_check_opening",
                    models.TextField(
                        default="Leaders choose their coach from the Cascading Leadership directory, so it matters that your profile is right.",
                        help_text="After “Dear …,”. What follows it (the details, the links) is written by the site. You can use {coach_name}.",
                        validators=[cascading_pages.programme.wording.PlaceholderValidator(("coach_name",))],
                        verbose_name="opening paragraph",
                    ),
                ),
                (
                    "invitation_subject",
                    models.CharField(
                        default="Set your password to update your {site_name} coach profile",
                        help_text="You can use {coach_name} and {site_name}.",
                        max_length=255,
                        validators=[
                            cascading_pages.programme.wording.PlaceholderValidator(
                                ("coach_name", "site_name")
                            )
                        ],
                        verbose_name="subject",
                    ),
                ),
                (
                    "changes_sent_subject",
                    models.CharField(
                        default="Your profile changes are sent for approval",
                        help_text="You can use {coach_name}.",
                        max_length=255,
                        validators=[cascading_pages.programme.wording.PlaceholderValidator(("coach_name",))],
                        verbose_name="subject",
                    ),
                ),
                (
                    "changes_requested_subject",
                    models.CharField(
                        default="The programme team asked for changes to your profile",
                        help_text="You can use {coach_name}.",
                        max_length=255,
                        validators=[cascading_pages.programme.wording.PlaceholderValidator(("coach_name",))],
                        verbose_name="subject",
                    ),
                ),
                (
                    "changes_approved_subject",
                    models.CharField(
                        default="Your profile changes are live",
                        help_text="You can use {coach_name}.",
                        max_length=255,
                        validators=[cascading_pages.programme.wording.PlaceholderValidator(("coach_name",))],
                        verbose_name="subject",
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
                "verbose_name": "programme emails",
                "verbose_name_plural": "programme emails",
            },
        ),
        migrations.CreateModel(
            name="SiteFooter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "text",
                    wagtail.fields.RichTextField(
                        blank=True,
                        help_text="Leave it empty to keep the words the site came with.",
                        verbose_name="footer text",
                    ),
                ),
                (
                    "contact_email",
                    models.EmailField(
                        blank=True,
                        help_text="Shown as “Contact the programme team”. Leave it empty to show none.",
                        max_length=254,
                        verbose_name="programme team's email address",
                    ),
                ),
                (
                    "links",
                    wagtail.fields.StreamField(
                        [("link", 3)],
                        blank=True,
                        block_lookup={
                            0: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"help_text": "The words of the link, such as “Privacy”.", "max_length": 60},
                            ),
                            1: (
                                "wagtail.blocks.PageChooserBlock",
                                (),
                                {"help_text": "A page of this site…", "required": False},
                            ),
                            2: (
                                "wagtail.blocks.URLBlock",
                                (),
                                {
                                    "help_text": "…or an address elsewhere.",
                                    "label": "or web address",
                                    "required": False,
                                },
                            ),
                            3: ("wagtail.blocks.StructBlock", [[("label", 0), ("page", 1), ("url", 2)]], {}),
                        },
                        help_text="Links shown in a row under the text, such as a privacy notice or accessibility statement.",
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
                "verbose_name": "footer",
                "verbose_name_plural": "footer",
            },
        ),
        # Going back leaves the permissions in place, as Django does for a model that goes.
        migrations.RunPython(let_editors_change_them, migrations.RunPython.noop),
    ]
