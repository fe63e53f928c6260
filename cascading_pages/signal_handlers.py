"""Keep coach logins and moderation in step with the page tree, however pages are created or deleted."""

from django.db.models.signals import post_save, pre_delete
from wagtail.signals import page_published

from .models import CoachIndexPage, CoachPage


def moderate_new_directory(sender, instance, created, raw=False, **kwargs):
    """A directory made later (by an editor or ``load_demo_content``) is moderated like the first."""
    if created and not raw:
        from .coach_accounts import moderate_directory

        moderate_directory(instance)


def close_deleted_coach_account(sender, instance, **kwargs):
    """A deleted profile leaves no login behind that could still reach the admin."""
    from .coach_accounts import remove_coach

    if instance.account_id is not None:
        remove_coach(instance, unpublish=False)


def start_coach_availability(sender, instance, created, raw=False, **kwargs):
    """Every new profile gets its availability record (capacity, pause, freshness) and its flag."""
    if created and not raw:
        from .availability import refresh

        refresh(instance)


def coach_profile_published(sender, instance, revision=None, **kwargs):
    """A published profile may declare itself full or available again; a coach's own published
    change also confirms that their profile is up to date."""
    from .availability import confirm_profile, refresh

    if revision is not None and instance.account_id and revision.user_id == instance.account_id:
        confirm_profile(instance)
    else:
        refresh(instance)


def register_signal_handlers():
    post_save.connect(
        moderate_new_directory, sender=CoachIndexPage, dispatch_uid="cascading_moderate_directory"
    )
    post_save.connect(
        start_coach_availability, sender=CoachPage, dispatch_uid="cascading_start_coach_availability"
    )
    page_published.connect(
        coach_profile_published, sender=CoachPage, dispatch_uid="cascading_coach_profile_published"
    )
    pre_delete.connect(close_deleted_coach_account, sender=CoachPage, dispatch_uid="cascading_close_account")
