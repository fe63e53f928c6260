"""The screens editors keep each vocabulary in: Wagtail snippet viewsets.

Each listing shows how many coaches (or FAQ entries) use a term, is ordered by dragging rows
(``sort_order_field``), and deleting a term that is in use first lists what uses it, so an editor
sees which coaches lose it. Only the programme team has the vocabularies' model permissions
(migration ``0003_coach_and_editor_groups``); a coach never reaches these screens (their admin is an
allowlist, ``coaches/lockdown.py``). The Vocabularies menu groups them (``cascading_pages.wagtail_hooks``).
"""

from django.db.models import Count
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet


class UsedByDeleteView(DeleteView):
    """Wagtail's delete confirmation, headed by the titles of what uses the term."""

    used_by = None  # the reverse relation to what uses a term ("coaches")
    used_by_plural = ""  # what to call those things ("coaches")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        titles = getattr(self.object, self.used_by).order_by("title").values_list("title", flat=True)
        context["used_by"] = list(titles)
        context["used_by_plural"] = self.used_by_plural
        return context


class VocabularyViewSet(SnippetViewSet):
    used_by = "coaches"
    used_by_plural = "coaches"

    search_fields = ["name"]
    sort_order_field = "sort_order"
    copy_view_enabled = False
    delete_view_class = UsedByDeleteView
    delete_template_name = "cascading_pages/admin/vocabulary_confirm_delete.html"

    @property
    def list_display(self):
        return ["name", Column("used_by_count", label=self.used_by_plural.capitalize()), "slug"]

    def get_queryset(self, request):
        return self.model._default_manager.annotate(used_by_count=Count(self.used_by))

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(
            used_by=self.used_by, used_by_plural=self.used_by_plural, **kwargs
        )


def vocabulary_viewset(vocabulary_model, icon, used_by="coaches", used_by_plural="coaches"):
    return type(
        f"{vocabulary_model.__name__}ViewSet",
        (VocabularyViewSet,),
        {"model": vocabulary_model, "icon": icon, "used_by": used_by, "used_by_plural": used_by_plural},
    )
