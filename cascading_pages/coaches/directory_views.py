"""The directory as JSON: the same parameters and the same answers as the HTML page."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from cascading_pages.coaches.pages import CoachIndexPage


def get_directory_page(directory_id):
    return get_object_or_404(CoachIndexPage.objects.live().public(), pk=directory_id)


def coach_json(coach, request):
    """What a directory card shows, and nothing private."""
    return {
        "id": coach.pk,
        "name": coach.title,
        "url": coach.get_url(request),
        "role": coach.role,
        "organisation": coach.organisation,
        "summary": coach.summary,
        "availability": coach.availability,
        "availability_label": coach.get_availability_display(),
        "regions": [region.name for region in coach.regions.all()],
    }


@require_GET
def directory_search(request, directory_id):
    page = get_directory_page(directory_id)
    results = page.get_directory().search(request.GET)
    if results.errors:
        errors = {name: [str(message) for message in messages] for name, messages in results.errors.items()}
        return JsonResponse(
            {"error": "Some of the search parameters could not be used.", "errors": errors}, status=400
        )
    return JsonResponse(
        {
            "count": results.count,
            "page": results.page.number,
            "num_pages": results.page.paginator.num_pages,
            "query": results.text,
            "sort": results.sort,
            "notice": results.notice,
            "truncated": results.truncated,
            "results": [coach_json(coach, request) for coach in results.page],
            "facets": {
                facet.name: [
                    {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                    for o in facet.options
                ]
                for facet in results.facets
            },
        }
    )


@require_GET
def directory_suggest(request, directory_id):
    page = get_directory_page(directory_id)
    coaches = page.get_directory().suggest_names(request.GET)
    return JsonResponse(
        {"suggestions": [{"name": coach.title, "url": coach.get_url(request)} for coach in coaches]}
    )
