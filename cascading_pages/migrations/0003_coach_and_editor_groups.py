"""The coaches' and programme editors' groups, the coach photos collection and the coach moderation
workflow, so that every environment has the same ones.

The names are repeated in cascading_pages/coaches/accounts.py, which relies on them.
"""

from django.apps import apps as installed_apps
from django.db import migrations

COACHES = "Coaches"
EDITORS = "Programme editors"
COACH_PHOTOS = "Coach photos"
WORKFLOW = "Coach profile moderation"
TASK = "Programme editors approve coach profiles"

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "delete_page", "lock_page", "unlock_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image", "delete_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document", "delete_document"]),
]
VOCABULARIES = ["region", "expertisearea", "sector", "community", "language", "faqcategory"]
# Editors follow up expressions of interest; leaders create them and only the erasure command deletes.
INTEREST_PERMISSIONS = ["view_expressionofinterest", "change_expressionofinterest"]
COACH_COLLECTION_PERMISSIONS = [("wagtailimages", "image", ["add_image", "choose_image"])]

STEP_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's default path alphabet, 4 per level


def create_all_permissions(apps):
    """Permissions are normally made after migrating; a fresh database needs them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def child_collection(apps, name):
    Collection = apps.get_model("wagtailcore", "Collection")
    root = Collection.objects.get(depth=1)
    existing = Collection.objects.filter(depth=2, path__startswith=root.path, name=name).first()
    if existing:
        return existing
    last = Collection.objects.filter(depth=2, path__startswith=root.path).order_by("-path").first()
    number = int(last.path[-4:], 36) + 1 if last else 1
    step = ""
    for _ in range(4):
        number, digit = divmod(number, 36)
        step = STEP_ALPHABET[digit] + step
    collection = Collection.objects.create(name=name, path=root.path + step, depth=2, numchild=0)
    root.numchild += 1
    root.save(update_fields=["numchild"])
    return collection


def grant_collection(apps, group, collection, spec):
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for app_label, _model, codenames in spec:
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission(apps, app_label, codename)
            )


def create_groups_and_workflow(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    access_admin = permission(apps, "wagtailadmin", "access_admin")

    coaches, _ = Group.objects.get_or_create(name=COACHES)
    coaches.permissions.add(access_admin)
    grant_collection(apps, coaches, child_collection(apps, COACH_PHOTOS), COACH_COLLECTION_PERMISSIONS)

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(access_admin, permission(apps, "cascading_pages", "manage_coach_accounts"))
    for model in VOCABULARIES:
        for action in ("add", "change", "delete", "view"):
            editors.permissions.add(permission(apps, "cascading_pages", f"{action}_{model}"))
    for codename in INTEREST_PERMISSIONS:
        editors.permissions.add(permission(apps, "cascading_pages", codename))
    if "wagtailredirects" in apps.app_configs:  # optional in a host project
        for action in ("add", "change", "delete"):
            editors.permissions.add(permission(apps, "wagtailredirects", f"{action}_redirect"))
    root_page = Page.objects.get(depth=1)
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root_page, permission=permission(apps, "wagtailcore", codename)
        )
    grant_collection(apps, editors, Collection.objects.get(depth=1), EDITOR_COLLECTION_PERMISSIONS)

    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
    task.groups.add(editors)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    CoachIndexPage = apps.get_model("cascading_pages", "CoachIndexPage")
    for directory_id in CoachIndexPage.objects.values_list("pk", flat=True):
        WorkflowPage.objects.get_or_create(page_id=directory_id, defaults={"workflow": workflow})


class Migration(migrations.Migration):

    dependencies = [
        ("cascading_pages", "0002_expression_of_interest"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    if installed_apps.is_installed("wagtail.contrib.redirects"):
        dependencies.append(("wagtailredirects", "0008_add_verbose_name_plural"))

    operations = [
        migrations.AlterModelOptions(
            name="coachpage",
            options={
                "permissions": [
                    ("manage_coach_accounts", "Can see coaches' private details and manage their accounts")
                ],
                "verbose_name": "coach",
            },
        ),
        # Going back leaves the groups, collection and workflow in place: they may hold people,
        # photos and moderation history by then.
        migrations.RunPython(create_groups_and_workflow, migrations.RunPython.noop),
    ]
