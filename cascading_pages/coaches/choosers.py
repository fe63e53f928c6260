"""The page chooser a coach links their biography with: the public site, as it is published.

Wagtail's page chooser shows each page as its latest draft: the draft's title, when it was last
saved, and "live + draft" when it has changes waiting. A coach sees other people's pages only as
the public does, so these versions of the chooser's views show the published title and no sign of
a draft. ``cascading_pages.coaches.lockdown`` answers a coach's chooser requests with them, once
it has checked that every page id in the request is one of the public site's pages (or the root);
``coaches_link_only_to_public_pages`` keeps the listings to those pages.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms.choosers import ExternalLinkChooserForm, URLOrAbsolutePathField
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import chooser
from wagtail.models import Page


def as_published(page):
    """``page`` (fetched for this request only, never saved) showing what the public sees of it."""
    page.draft_title = page.title
    page.has_unpublished_changes = False
    page.latest_revision_created_at = page.last_published_at
    return page


class PublishedTitleColumn(chooser.PageTitleColumn):
    """The page's published title, also in the data the chooser hands to the editor."""

    def get_cell_context_data(self, instance, parent_context):
        return super().get_cell_context_data(as_published(instance), parent_context)


class PublishedParentColumn(chooser.ParentPageColumn):
    """The parent a search result is listed under, when the public can see it."""

    def get_value(self, instance):
        parent = instance.get_parent()
        if parent is None or not parent.live:
            return None
        return as_published(parent)


def coach_columns(is_multiple_choice, parent=False):
    """A coach's chooser lists each page's published title and type, and (in search results) its
    parent; not Wagtail's columns of when a page was last saved and whether a draft is waiting."""
    columns = [
        PublishedTitleColumn("title", label=_("Title"), is_multiple_choice=is_multiple_choice),
        Column("type", label=_("Type"), width="20%", accessor="page_type_display_name"),
    ]
    if parent:
        columns.insert(1, PublishedParentColumn("parent", label=_("Parent")))
    else:
        columns.append(chooser.PageNavigateToChildrenColumn("children", label="", width="10%"))
    if is_multiple_choice:
        columns.insert(
            0, chooser.PageCheckboxSelectColumn("select", label=_("Select"), width="1%", accessor="pk")
        )
    return columns


class BrowseView(chooser.BrowseView):
    @property
    def columns(self):
        return coach_columns(self.is_multiple_choice)

    def get(self, request, parent_page_id=None):
        # Without a page to browse, start at the root: Wagtail would start at the closest common
        # ancestor of the pages of the requested type, found among drafts and private pages too.
        return super().get(request, parent_page_id or Page.get_first_root_node().pk)


class SearchView(chooser.SearchView):
    @property
    def columns(self):
        return coach_columns(self.is_multiple_choice, parent=True)


class ChosenMultipleView(chooser.ChosenMultipleView):
    def get(self, request):
        # The lockdown has checked that every id is a public page.
        pages = Page.objects.live().public().filter(pk__in=request.GET.getlist("id")).specific()
        result = [
            {
                "id": page.pk,
                "parentId": page.get_parent().pk,
                "adminTitle": page.title,
                "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                "url": page.url,
            }
            for page in pages
        ]
        return self.render_chosen_response(result)


class WebAddressField(URLOrAbsolutePathField):
    def to_python(self, value):
        # Wagtail's field fails on a form posted without it (None has no startswith).
        return super().to_python(value or "")


class ExternalLinkForm(ExternalLinkChooserForm):
    url = WebAddressField(required=True, label=_("URL"))


class ExternalLinkView(chooser.ExternalLinkView):
    """A web address stays a web address: Wagtail would look the address up among the site's pages
    (private ones too) and offer the page it finds, under its draft title."""

    form_class = ExternalLinkForm
    post = chooser.BaseLinkFormView.post


def coach_view(view_class):
    """``view_class`` as a view, with the care Wagtail's admin URLs give every view."""
    return never_cache(require_admin_access(view_class.as_view()))


browse = coach_view(BrowseView)
search = coach_view(SearchView)
chosen_multiple = coach_view(ChosenMultipleView)
external_link = coach_view(ExternalLinkView)
