"""Keep coach logins and moderation in step with the page tree, however pages are created or deleted."""

from django.db.models.signals import post_save, pre_delete

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


def register_signal_handlers():
    post_save.connect(
        moderate_new_directory, sender=CoachIndexPage, dispatch_uid="cascading_moderate_directory"
    )
    pre_delete.connect(close_deleted_coach_account, sender=CoachPage, dispatch_uid="cascading_close_account")
