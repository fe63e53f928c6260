"""Pages as the API's plain data: what each page type shows, and nothing private.

Each page type has one function from page to dict (``PAGE_FIELDS``); a host's own page types
fall back to the fields every page has. StreamField values go through Wagtail's own
``get_api_representation`` except where a front end needs more than the stored value: rich text
is rendered to HTML with real links, and a chosen page becomes a link to it, or nothing if it is
no longer public.
"""

from django.db.models import Q
from wagtail import blocks
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.rich_text import expand_db_html

from cascading_pages.coaches.models import CoachPage
from cascading_pages.coaches.pages import CoachIndexPage
from cascading_pages.content.blocks import CallToActionBlock
from cascading_pages.content.models import HomePage, StandardPage
from cascading_pages.faqs.models import FaqIndexPage, FaqPage
from cascading_pages.pagecache.store import remember_rows, row_memo

PHOTO_RENDITIONS = {"small": "fill-160x160", "medium": "fill-320x320", "large": "fill-640x640"}


def public_pages(request, model=Page):
    """Live pages of the request's site with no view restriction on them or their ancestors;
    with ``model``, only pages of that type, fetched as it (no second query for ``specific()``)."""
    site = Site.find_for_request(request)
    if site is None:
        return model.objects.none()
    return model.objects.live().public().descendant_of(site.root_page, inclusive=True)


def is_public(page):
    if not page.live:
        return False
    restricted_paths = PageViewRestriction.objects.values_list("page__path", flat=True)
    return not any(page.path.startswith(path) for path in restricted_paths)


def page_url(page, request):
    return page.get_url(request=request) or ""


def remembered_url(page, request):
    """``page_url``, worked out once per page and site between two changes for a page the
    directory remembers (``pagecache.store.row_memo``: reversing Wagtail's URL costs more than
    the rest of a card)."""
    site = Site.find_for_request(request)
    urls = row_memo(page).setdefault("urls", {})
    key = site.pk if site else None
    if key not in urls:
        urls[key] = page_url(page, request)
    return urls[key]


def page_type(page):
    return (page.specific_class or Page)._meta.label


def page_link(page, request):
    if page is None:
        return None
    return {"id": page.pk, "type": page_type(page), "title": page.title, "url": page_url(page, request)}


def public_page_link(page, request):
    """A link to ``page`` if visitors can see it; drafts and restricted pages are never named."""
    if page is None or not is_public(page):
        return None
    return page_link(page, request)


def rich_text(value):
    return expand_db_html(value or "")


def term(item):
    return {"name": item.name, "slug": item.slug} if item else None


def terms(related_manager):
    return [term(item) for item in related_manager.all()]


def absolute(request, url):
    return url if "://" in url else request.build_absolute_uri(url)


def photo(image, request):
    if image is None:
        return None
    alt, sizes = remember_rows(PHOTO_ROWS, [image.pk], lambda pks: {image.pk: photo_sizes(image)})[image.pk]
    return {
        "alt": alt,
        "renditions": {
            name: {"url": absolute(request, url), "width": width, "height": height}
            for name, (url, width, height) in sizes.items()
        },
    }


#: What ``photo`` remembers of an image between two changes (an image's is one): a page of
#: cards would otherwise look up three renditions of each photo on every request.
PHOTO_ROWS = "cascading_pages.api:photo-renditions"


def photo_sizes(image):
    """(alt text, {name: (url, width, height)} of each rendition in ``PHOTO_RENDITIONS``)."""
    renditions = image.get_renditions(*PHOTO_RENDITIONS.values())
    sizes = {
        name: (renditions[spec].url, renditions[spec].width, renditions[spec].height)
        for name, spec in PHOTO_RENDITIONS.items()
    }
    return image.default_alt_text, sizes


# -- StreamField ---------------------------------------------------------------------------------


def stream(value, request):
    return [
        {"type": child.block_type, "id": child.id, "value": block_value(child.block, child.value, request)}
        for child in value
    ]


def block_value(block, value, request):
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value.source if value else "")
    if isinstance(block, blocks.PageChooserBlock):
        return public_page_link(value.specific if value else None, request)
    if isinstance(block, blocks.StreamBlock):
        return stream(value, request)
    if isinstance(block, blocks.ListBlock):
        return [block_value(block.child_block, item, request) for item in value]
    if isinstance(block, blocks.StructBlock):
        data = {
            name: block_value(child, value.get(name), request) for name, child in block.child_blocks.items()
        }
        if isinstance(block, CallToActionBlock):
            data["href"] = data["link_page"]["url"] if data["link_page"] else (data["link_url"] or None)
        return data
    representation = block.get_api_representation(value)
    return "" if representation is None else representation


# -- Pages ---------------------------------------------------------------------------------------


def page_summary(page, request):
    return {
        "id": page.pk or 0,  # a preview of a page not created yet
        "type": page_type(page),
        "title": page.title,
        "slug": page.slug,
        "url": page_url(page, request),
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "show_in_menus": page.show_in_menus,
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
    }


def page_detail(page, request):
    """The full public representation of ``page`` (a specific page instance)."""
    ancestors = _public_ancestors(page, request)
    data = page_summary(page, request)
    data["parent"] = page_link(ancestors[-1], request) if ancestors else None
    data["ancestors"] = [page_link(ancestor, request) for ancestor in ancestors]
    fields = PAGE_FIELDS.get(type(page))
    if fields:
        data.update(fields(page, request))
    return data


def _public_ancestors(page, request):
    """Ancestors from the site's home page down, as visitors see them in breadcrumbs."""
    if not page.path:  # a preview of a page not yet created
        return []
    return list(public_pages(request).filter(Q(path__in=_ancestor_paths(page))).specific().order_by("depth"))


def _ancestor_paths(page):
    steplen = Page.steplen
    return [page.path[:length] for length in range(steplen, len(page.path), steplen)]


def home_fields(page, request):
    return {
        "introduction": page.introduction,
        "body": stream(page.body, request),
        "directory": page_link(page.get_directory(), request),
    }


def standard_fields(page, request):
    return {"introduction": page.introduction, "body": stream(page.body, request)}


def coach_index_fields(page, request):
    return {"introduction": page.introduction}


def coach_fields(page, request):
    """What a coach's profile page shows (the pages API and the coaches API share it)."""
    return {
        "role": page.role,
        "organisation": page.organisation,
        "organisation_url": page.organisation_url,
        "summary": page.summary,
        "biography": rich_text(page.biography),
        "coaching_approach": rich_text(page.coaching_approach),
        "availability": {"value": page.shown_availability, "label": page.shown_availability_label},
        "accepting_new_leaders": page.is_accepting_new_leaders,
        "available_again_on": page.available_again_on,
        "profile_confirmed_on": page.profile_confirmed_at.date() if page.profile_confirmed_at else None,
        "photo": photo(page.photo, request),
        "regions": terms(page.regions),
        "expertise": terms(page.expertise),
        "sectors": terms(page.sectors),
        "communities": terms(page.communities),
        "languages": terms(page.languages),
        "register_interest_url": register_interest_url(page, request),
    }


def register_interest_url(page, request):
    """The profile's “Register your interest” link: the site's form with this coach chosen.

    None while the coach is not taking new leaders, as the profile page then offers no link.
    """
    interest_page = page.interest_page if page.is_accepting_new_leaders else None
    if interest_page is None:
        return None
    return f"{page_url(interest_page, request)}?coach={page.pk}"


def coach_card(coach, request, recommended=False):
    """What a directory card shows about a coach (``CoachIndexPage.get_coaches`` fetches it);
    ``recommended``: editors promoted it for the search words."""
    return {
        "id": coach.pk,
        "name": coach.title,
        "url": remembered_url(coach, request),
        "role": coach.role,
        "organisation": coach.organisation,
        "summary": coach.summary,
        "availability": {"value": coach.shown_availability, "label": coach.shown_availability_label},
        "accepting_new_leaders": coach.is_accepting_new_leaders,
        "available_again_on": coach.available_again_on,
        "photo": photo(coach.photo, request),
        "regions": terms(coach.regions),
        "recommended": recommended,
        "match": coach_match(getattr(coach, "match", None)),
    }


def coach_match(match):
    """Where the search words appear in a listed coach's profile (``cascading_pages.coaches.matches``)."""
    if match is None:
        return None
    return {"field": match.field, "label": match.label, "snippet": str(match.snippet)}


def coach_name(coach, request):
    """A coach as a name suggestion: who, and where their profile is."""
    return {"id": coach.pk, "name": coach.title, "url": page_url(coach, request)}


def coach_profile(coach, request):
    """A coach's profile on its own: who they are, where to find them, and their public fields."""
    return {
        "id": coach.pk,
        "name": coach.title,
        "slug": coach.slug,
        "url": page_url(coach, request),
        "directory": public_page_link(coach.directory, request),
        "last_published_at": coach.last_published_at,
        **coach_fields(coach, request),
    }


def faq_entry(entry, request):
    return {
        "id": entry.pk,
        "question": entry.title,
        "slug": entry.slug,
        "url": page_url(entry, request),
        "anchor": entry.anchor,
        "answer": rich_text(entry.answer),
        "category": term(entry.category),
        "sort_order": entry.sort_order,
    }


def faq_groups(index, request):
    return [
        {"category": term(category), "entries": [faq_entry(entry, request) for entry in entries]}
        for category, entries in index.get_entries_by_category()
    ]


def faq_index_fields(page, request):
    return {"introduction": page.introduction, "groups": faq_groups(page, request)}


def faq_fields(page, request):
    return {
        "answer": rich_text(page.answer),
        "category": term(page.category),
        "sort_order": page.sort_order,
        "anchor": page.anchor,
    }


PAGE_FIELDS = {
    HomePage: home_fields,
    StandardPage: standard_fields,
    CoachIndexPage: coach_index_fields,
    CoachPage: coach_fields,
    FaqIndexPage: faq_index_fields,
    FaqPage: faq_fields,
}
