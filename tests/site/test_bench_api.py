"""`make bench` keeps comparing the coaches API with Wagtail's pages API: a tiny run."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from cascading_pages.coaches.models import CoachPage


@pytest.mark.django_db
def test_the_api_benchmark_times_both_endpoints_for_each_kind_of_request():
    out = StringIO()
    call_command("bench_api", coaches=5, rounds=1, aliases=["default"], stdout=out)
    report = out.getvalue()
    assert CoachPage.objects.filter(contact_email__startswith="bench-coach-").count() == 5
    rows = {line.split()[1]: line for line in report.splitlines() if line.startswith("default ")}
    assert set(rows) == {"empty", "text", "filters", "text+filters", "all"}
    # Without search words, Wagtail's pages API can ask everything: both count the same coaches.
    assert rows["filters"].split()[-2] == "3/3"
    assert rows["text+filters"].endswith("expertise, region, sector")


@pytest.mark.django_db
def test_the_pages_api_v2_is_mounted_only_for_the_benchmark():
    call_command("load_demo_content", verbosity=0)
    assert Client().get("/bench/api/v2/pages/").status_code == 404
    assert Client().get("/api/v2/pages/").status_code == 404
