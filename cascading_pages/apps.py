from django.apps import AppConfig


class CascadingPagesConfig(AppConfig):
    name = "cascading_pages"
    label = "cascading_pages"
    verbose_name = "Cascading Leadership pages"
    default_auto_field = "django.db.models.BigAutoField"

    replaced_wagtail_index_receivers = False

    def ready(self):
        from wagtail.contrib.search_promotions.models import SearchPromotion

        from cascading_pages import client_address  # noqa: F401 (registers its settings check)
        from cascading_pages.coaches import photos, signals  # noqa: F401 (photos registers its check)
        from cascading_pages.coaches.models import CoachAvailability
        from cascading_pages.interest.exports import protect_wagtail_exports
        from cascading_pages.pagecache import store as page_cache
        from cascading_pages.search import checks, indexing, site  # noqa: F401 (checks registers itself)
        from cascading_pages.signed_links import scrub
        from cascading_pages.uploads import limit_pillow, use_avatar_form
        from cascading_pages.vocabularies.models import Vocabulary

        self.replaced_wagtail_index_receivers = indexing.connect()
        signals.connect()
        site.connect()
        page_cache.connect()
        page_cache.watch(Vocabulary)  # Coaches' terms and FAQ categories.
        page_cache.watch(SearchPromotion)  # What searches put first.
        page_cache.watch_page_part(CoachAvailability, "coach_id")
        protect_wagtail_exports()
        scrub.install()
        limit_pillow()
        use_avatar_form()
