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
    report = out.getvalue().split("Where a coaches API request spends its time")[0]
    assert CoachPage.objects.filter(contact_email__startswith="bench-coach-").count() == 5
    rows = {line.split()[1]: line for line in report.splitlines() if line.startswith("default ")}
    assert set(rows) == {"empty", "text", "filters", "text+filters", "all"}
    # Without search words, Wagtail's pages API can ask everything: both count the same coaches.
    assert rows["filters"].split()[-2] == "3/3"
    assert rows["text+filters"].endswith("expertise, region, sector")


@pytest.mark.django_db
def test_the_api_benchmark_shows_where_a_request_spends_its_time_beside_the_target():
    out = StringIO()
    call_command("bench_api", coaches=5, rounds=1, aliases=["default"], stdout=out)
    report = out.getvalue().split("Where a coaches API request spends its time")[1]
    rows = {line.split()[1]: line.split()[2:] for line in report.splitlines() if line.startswith("default ")}
    assert set(rows) == {"empty", "text", "filters", "text+filters"}
    engine, snapshot, directory, serialisation, middleware, total, ratio, *target = rows["text"]
    assert float(engine) > 0 and float(total) > float(directory) >= float(engine)
    assert float(ratio) == pytest.approx(float(total) / float(engine), rel=0.05)
    assert target == ["<=", "2"]
    assert rows["empty"][0] == "0.0" and rows["empty"][-1] == "-"  # No search words, no engine call.


@pytest.mark.django_db
def test_the_pages_api_v2_is_mounted_only_for_the_benchmark():
    call_command("load_demo_content", verbosity=0)
    assert Client().get("/bench/api/v2/pages/").status_code == 404
    assert Client().get("/api/v2/pages/").status_code == 404
