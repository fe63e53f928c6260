"""`make bench` keeps comparing the coaches API with Wagtail's pages API: a tiny run."""

from io import StringIO
from unittest.mock import Mock

import pytest
from django.core.management import call_command
from django.test import Client

from cascading_pages.coaches.models import CoachPage
from cascading_site import bench, bench_timing


@pytest.mark.django_db
def test_the_api_benchmark_times_both_endpoints_for_each_kind_of_request():
    out = StringIO()
    call_command("bench_api", coaches=5, rounds=1, aliases=["default"], gunicorn=False, stdout=out)
    report = out.getvalue().split("Where a coaches API request spends its time")[0]
    assert CoachPage.objects.filter(contact_email__startswith="bench-coach-").count() == 5
    rows = {line.split()[1]: line for line in report.splitlines() if line.startswith("default ")}
    assert set(rows) == {"empty", "text", "filters", "text+filters", "all"}
    # Without search words, Wagtail's pages API can ask everything: both count the same coaches.
    assert rows["filters"].split()[-2] == "3/3"
    assert rows["text+filters"].endswith("expertise, region, sector")


@pytest.mark.django_db
def test_the_api_benchmark_says_how_much_memory_the_remembered_coaches_take():
    out = StringIO()
    call_command("bench_api", coaches=5, rounds=1, aliases=["default"], gunicorn=False, stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.startswith("Coaches remembered"))
    held, memory = line.split(": ")[1].split(" held in ")
    assert int(held) == CoachPage.objects.live().count()  # Every coach of this tiny directory.
    each = memory.split("(")[1].removesuffix(" kB a coach).")
    assert float(each) > 1  # A coach's page with its texts: kilobytes, not bytes.


@pytest.mark.django_db
def test_the_api_benchmark_shows_where_a_request_spends_its_time_beside_the_target():
    out = StringIO()
    call_command("bench_api", coaches=5, rounds=1, aliases=["default"], gunicorn=False, stdout=out)
    report = out.getvalue().split("Where a coaches API request spends its time")[1]
    rows = {line.split()[1]: line.split()[2:] for line in report.splitlines() if line.startswith("default ")}
    assert set(rows) == {"empty", "text", "filters", "text+filters"}
    engine, ranking, snapshot, directory, serialisation, middleware, total, ratio, *target = rows["text"]
    assert float(ranking) > 0 and float(total) > float(directory) >= float(ranking)
    # The tests' backend is the database one: no Elasticsearch call to set the target against.
    assert engine == "0.0" and ratio == "-" and target == ["-"]
    assert float(serialisation) > 0 and float(middleware) > 0
    assert rows["empty"][1] == "0.0" and rows["empty"][-1] == "-"  # No search words, no search.


def test_a_served_answer_says_where_its_time_went_in_a_server_timing_header():
    stopwatch = bench.Stopwatch(bench_timing.PARTS)

    def site(environ, start_response):
        # Stands for the site: a search on the way to its answer.
        bench_timing.CoachDirectory.get_snapshot(Mock(use_snapshot=False), None)
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b"{}"]

    application = bench_timing.with_server_timing(site, stopwatch)
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen.update(status=status, headers=dict(headers))

    with stopwatch.watching():
        body = application({"REQUEST_METHOD": "GET", "PATH_INFO": "/api/v1/coaches/"}, start_response)
    assert body == [b"{}"] and seen["status"] == "200 OK"
    parts = bench_timing.parse_server_timing(seen["headers"]["Server-Timing"])
    assert set(parts) == {"snapshot", "app"} and parts["app"] >= parts["snapshot"] > 0
    # The wrapping ends with the run: the class has its own method back.
    assert bench_timing.CoachDirectory.get_snapshot.__qualname__ == "CoachDirectory.get_snapshot"


def test_the_engine_call_is_timed_with_the_time_the_engine_reports():
    stopwatch = bench.Stopwatch([(Engine, "search", "engine", bench_timing.engine_took)])
    with stopwatch.watching():
        Engine().search()
        Engine().search()
    lap = stopwatch.lap()
    assert lap["took"] == pytest.approx(0.014) and lap["engine"] > 0
    assert stopwatch.lap() == {}  # Each lap starts afresh.


class Engine:
    def search(self):
        return Mock(body={"took": 7, "hits": {}})


@pytest.mark.django_db
def test_the_pages_api_v2_is_mounted_only_for_the_benchmark():
    call_command("load_demo_content", verbosity=0)
    assert Client().get("/bench/api/v2/pages/").status_code == 404
    assert Client().get("/api/v2/pages/").status_code == 404
