"""`make bench` keeps working: a tiny run of the benchmark command on the database backend."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from cascading_pages.coaches.models import CoachPage


@pytest.mark.django_db
def test_the_benchmark_loads_coaches_and_reports_each_kind_of_request():
    out = StringIO()
    call_command("bench_directory", coaches=5, rounds=1, aliases=["default"], stdout=out)
    report = out.getvalue()
    assert CoachPage.objects.filter(contact_email__startswith="bench-coach-").count() == 5
    for line in ("HTML page  empty", "JSON       text", "JSON       filters", "JSON       text+filters"):
        assert line in report
    assert "update_index --backend default" in report
    assert "first request after a change" in report
    # One line per backend says whether each target is met.
    assert re.search(r"default \(.*\): HTML page p95 \d+ ms (met|NOT met) \(< 100 ms\); JSON p95", report)


@pytest.mark.django_db
def test_the_import_benchmark_times_both_paths_and_shows_the_speedup():
    out = StringIO()
    call_command("bench_import", rows=[3], compare=2, stdout=out)
    report = out.getvalue()
    assert re.search(r"row by row \(before\)\s+2\s+[\d.]+\s+[\d.]+", report)
    assert re.search(r"bulk\s+3\s+[\d.]+\s+[\d.]+", report)
    assert re.search(r"Speedup of the bulk path at 2 rows: [\d.]+x", report)
    assert CoachPage.objects.filter(contact_email__startswith="bench-import-").count() == 7
