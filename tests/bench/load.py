"""Load benchmark: the site as production runs it, under load, on loopback. ``make bench-load``.

1. A private PostgreSQL server (tests/postgres/pg.sh), production settings, collected static
   files, the demo content and a few hundred generated coaches (import_coaches, a generated CSV).
2. gunicorn with several workers on 127.0.0.1.
3. locust, headless, for 60 s at 50 concurrent users: directory pages (?page=, and ?q= when the
   directory has a search box), coach profiles and the form API. Twice: first with the page cache
   off (CASCADING_PAGE_CACHE=""), then on, side by side. During the cached run a checker pauses and
   un-pauses one coach and unpublishes and republishes another, and after each change looks at what
   a visitor sees next (the directory's count of coaches accepting leaders, the profile, the
   directory's total): any answer from before the change is counted as stale.
4. 200 expressions of interest from 20 concurrent clients through the JSON API (GET the form
   for a token, POST the answers); every tenth is sent twice, as a client retrying would.
5. Prints throughput, p50/p95/p99 latency, errors, memory per worker, and the database's row
   counts to confirm every submission is stored exactly once. Then stops everything it started.

Figures, not a test: nothing here asserts a time. It exits non-zero if a request failed or a
submission was lost or stored twice.
"""

import argparse
import csv
import json
import math
import random
import re
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import requests  # noqa: E402

from tests.production_stack import ProductionStack, rss_kib  # noqa: E402

REGIONS = ["London", "North East", "North West", "South West", "Midlands", "Yorkshire and the Humber"]
EXPERTISE = ["Fundraising", "Governance", "Strategy", "Managing people", "Finance", "Partnerships"]
SECTORS = ["Mental health", "Community health", "Older people", "Young people", "Disability"]
WORDS = ["community", "wellbeing", "health", "youth", "mental", "carers", "arts", "sport", "food"]

TARGETS_CODE = """
import json
from cascading_pages.models import CoachIndexPage, CoachPage, ExpressionOfInterestPage
directory = CoachIndexPage.objects.live().first()
coaches = [c.url for c in CoachPage.objects.live().public().order_by("pk")]
form = ExpressionOfInterestPage.objects.live().first()
print(json.dumps({"directory_url": directory.url, "coach_urls": coaches, "form_id": form.pk}))
"""


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def write_coaches_csv(path, count, run):
    rng = random.Random(8)
    columns = ["name", "email", "role", "organisation", "organisation_url", "regions", "expertise"]
    columns += ["sectors", "communities", "languages", "availability", "summary", "biography"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for n in range(count):
            words = rng.sample(WORDS, 3)
            writer.writerow(
                {
                    "name": f"Bench Coach {n:04d}",
                    "email": f"bench-coach-{run}-{n}@example.org",
                    "role": "Chief executive",
                    "organisation": f"{words[0].title()} {words[1].title()} Trust {n}",
                    "organisation_url": f"https://org{n}.example.org/",
                    "regions": ";".join(rng.sample(REGIONS, 2)),
                    "expertise": ";".join(rng.sample(EXPERTISE, 2)),
                    "sectors": rng.choice(SECTORS),
                    "communities": "",
                    "languages": "English",
                    "availability": rng.choice(["available", "available", "limited"]),
                    "summary": f"I lead a {words[0]} and {words[1]} charity and coach on {words[2]}.",
                    "biography": f"Twenty years in {words[0]} work.\n\nLoves {words[2]}.",
                }
            )


class MemorySampler(threading.Thread):
    """Samples each gunicorn worker's resident memory once a second."""

    def __init__(self, stack):
        super().__init__(daemon=True)
        self.stack = stack
        self.peak = {}
        self.last = {}
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.wait(1):
            for pid in self.stack.worker_pids():
                rss = rss_kib(pid)
                if rss is not None:
                    self.last[pid] = rss
                    self.peak[pid] = max(rss, self.peak.get(pid, 0))

    def stop(self):
        self.stopping.set()
        self.join(timeout=5)


def run_locust(stack, targets, args, folder):
    folder.mkdir(parents=True, exist_ok=True)
    targets_file = folder / "targets.json"
    targets_file.write_text(json.dumps(targets))
    prefix = folder / "locust"
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(Path(__file__).with_name("locustfile.py")),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.users),
        "--run-time",
        f"{args.duration}s",
        "--stop-timeout",
        "5",
        "--host",
        stack.url(""),
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = {**stack.environment(), "BENCH_TARGETS": str(targets_file), "BENCH_THINK_SECONDS": str(args.think)}
    env.pop("DJANGO_SETTINGS_MODULE")
    subprocess.run(command, env=env, timeout=args.duration + 120, capture_output=True, text=True)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    failures = []
    if Path(f"{prefix}_failures.csv").exists():
        with open(f"{prefix}_failures.csv", newline="") as handle:
            failures = list(csv.DictReader(handle))
    return rows, failures


#: One Django process for all the checker's changes, as an editor's requests would be: a step
#: number a line on stdin, what a visitor should now see a line on stdout ("changed" and JSON).
CHANGE_LOOP = """
import json
import sys
from cascading_pages.coaches import availability
from cascading_pages.coaches.models import CoachPage
from cascading_pages.coaches.pages import CoachIndexPage
pks = {pks}
for line in sys.stdin:
    step = int(line)
    if step % 2 == 0:
        coach = CoachPage.objects.get(pk=pks[0])
        state = availability.state_for(coach)
        availability.update_state(coach, capacity=state.capacity, paused=not state.paused, available_again_on=None)
    else:
        coach = CoachPage.objects.get(pk=pks[1])
        if coach.live:
            coach.unpublish()
        else:
            coach.get_latest_revision().publish()
    coach = CoachPage.objects.get(pk=coach.pk)
    directory = CoachIndexPage.objects.live().first()
    print("changed", json.dumps({{
        "url": coach.url if coach.live else None,
        "live": coach.live,
        "label": coach.shown_availability_label,
        "accepting": directory.get_coaches().filter(accepting_new_leaders=True).count(),
        "total": directory.get_coaches().count(),
    }}), flush=True)
"""


class Changer:
    """The process the checker's changes are made in (``CHANGE_LOOP``), started once."""

    def __init__(self, stack, pks):
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "site" / "manage.py"), "shell", "-c", CHANGE_LOOP.format(pks=pks)],
            env=stack.environment(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def change(self, step):
        self.process.stdin.write(f"{step}\n")
        self.process.stdin.flush()
        for line in self.process.stdout:  # What else the change printed is passed over.
            if line.startswith("changed "):
                return json.loads(line.removeprefix("changed "))
        raise RuntimeError(f"the change process ended: {self.process.stderr.read()[-2000:]}")

    def close(self):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


COUNT = re.compile(r"(\d+) coach(?:es)?\b")


class StalenessChecker(threading.Thread):
    """Changes a coach while the load runs, then checks that the next answers show the change."""

    def __init__(self, stack, targets, interval):
        super().__init__(daemon=True)
        self.stack = stack
        self.targets = targets
        self.interval = interval
        self.stopping = threading.Event()
        self.checks = 0
        self.stale = []
        self.errors = []

    def shown_count(self, path):
        html = requests.get(self.stack.url(path), timeout=60).text
        found = COUNT.search(html)
        return int(found.group(1)) if found else None

    def run(self):
        changer = Changer(self.stack, self.targets["changed_coaches"])
        try:
            self.check(changer)
        finally:
            changer.close()

    def check(self, changer):
        directory = self.targets["directory_url"]
        step = 0
        while not self.stopping.wait(self.interval):
            # Asked twice before the change, so what is checked after it had been kept.
            for _ in range(2):
                self.shown_count(f"{directory}?accepting=1")
                self.shown_count(f"{directory}?page=1")
            try:
                after = changer.change(step)
            except Exception as error:  # noqa: BLE001 - reported, not fatal to the benchmark
                self.errors.append(str(error)[-300:])
                return  # The change process is gone (its error is above).
            if step % 2 == 0:
                shown = self.shown_count(f"{directory}?accepting=1")
                self.record("directory ?accepting=1 count", shown, after["accepting"])
                profile = requests.get(self.stack.url(after["url"]), timeout=60).text
                self.record("profile availability", after["label"] in profile, True)
            else:
                shown = self.shown_count(f"{directory}?page=1")
                self.record("directory total", shown, after["total"])
            step += 1

    def record(self, what, shown, expected):
        self.checks += 1
        if shown != expected:
            self.stale.append(f"{what}: shown {shown}, expected {expected}")

    def stop(self):
        self.stopping.set()
        self.join(timeout=120)


def answers_for(description, number, run):
    coaches = next(field for field in description["fields"] if field["name"] == "first_choice_coach")
    return {
        # A front end makes one random token per filled-in form (the description is shared).
        "submission_token": str(uuid.uuid4()),
        "leader_name": f"Bench Leader {number}",
        "email": f"bench-{run}-{number}@example.org",
        "role": "Chief executive",
        "organisation": f"Bench Organisation {number}",
        "income_band": "50k-150k",
        "first_choice_coach": random.choice(coaches["choices"])["value"],
        "hopes": "To lead through a difficult year.",
        "payment": "organisation",
        "privacy_consent": True,
    }


def run_submissions(stack, form_id, args, run):
    url = stack.url(f"/api/v1/forms/{form_id}/")
    local = threading.local()
    results = []
    lock = threading.Lock()

    def leader(number):
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        started = time.perf_counter()
        described = session.get(url, timeout=60)
        get_ms = (time.perf_counter() - started) * 1000
        outcomes = []
        if described.status_code == 200:
            body = json.dumps(answers_for(described.json(), number, run))
            sends = 2 if number % 10 == 0 else 1  # a client retrying after a lost reply
            for _ in range(sends):
                started = time.perf_counter()
                response = session.post(
                    url, data=body, headers={"Content-Type": "application/json"}, timeout=60
                )
                outcomes.append((response.status_code, (time.perf_counter() - started) * 1000))
        with lock:
            results.append((described.status_code, get_ms, outcomes))

    started = time.perf_counter()
    with ThreadPoolExecutor(args.clients) as pool:
        list(pool.map(leader, range(args.submissions)))
    return results, time.perf_counter() - started


def set_search_terms(stack, targets):
    directory_html = requests.get(stack.url(targets["directory_url"]), timeout=60).text
    targets["search_terms"] = WORDS if 'name="q"' in directory_html else []


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--coaches", type=int, default=300, help="generated coaches to import (default 300)")
    parser.add_argument("--users", type=int, default=50, help="concurrent locust users (default 50)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of browsing load (default 60)")
    parser.add_argument(
        "--think", type=float, default=0.0, help="max think time per user, seconds (default 0)"
    )
    parser.add_argument("--submissions", type=int, default=200, help="expressions of interest (default 200)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent submitting clients (default 20)")
    parser.add_argument("--http-port", type=int, default=None, help="gunicorn port (default: a free one)")
    parser.add_argument("--pg-port", type=int, default=None, help="PostgreSQL port (default: a free one)")
    parser.add_argument(
        "--no-uncached", action="store_true", help="skip the first browsing run, with the page cache off"
    )
    parser.add_argument(
        "--change-every", type=float, default=8.0, help="seconds between the checker's changes (default 8)"
    )
    args = parser.parse_args()

    run = uuid.uuid4().hex[:8]
    stack = ProductionStack(pg_port=args.pg_port, http_port=args.http_port, workers=args.workers)
    print(f"Working in {stack.base_dir}; PostgreSQL on :{stack.pg_port}, gunicorn on :{stack.http_port}")
    try:
        step = time.perf_counter()
        stack.start_database()
        stack.prepare()
        stack.manage("load_demo_content")
        coaches_csv = stack.base_dir / "coaches.csv"
        write_coaches_csv(coaches_csv, args.coaches, run)
        stack.manage("import_coaches", str(coaches_csv))
        targets = stack.run_python(TARGETS_CODE)
        print(f"Set up in {time.perf_counter() - step:.0f} s: {len(targets['coach_urls'])} live coaches.")

        targets["directory_pages"] = max(1, math.ceil(len(targets["coach_urls"]) / 12))
        targets["form_api_url"] = f"/api/v1/forms/{targets['form_id']}/"
        # The checker changes the first two coaches; the visitors browse the others.
        targets["changed_coaches"] = stack.run_python(
            "import json\nfrom cascading_pages.coaches.models import CoachPage\n"
            "print(json.dumps(list(CoachPage.objects.live().order_by('pk').values_list('pk', flat=True)[:2])))"
        )
        targets["coach_urls"] = targets["coach_urls"][2:]

        uncached = None
        if not args.no_uncached:
            stack.extra_environ["CASCADING_PAGE_CACHE"] = ""
            stack.start_web()
            set_search_terms(stack, targets)
            print(
                f"Browsing, page cache off: {args.users} users for {args.duration} s, {args.workers} workers..."
            )
            uncached = run_locust(stack, targets, args, stack.base_dir / "uncached")
            stack.stop_web()
            stack.extra_environ.pop("CASCADING_PAGE_CACHE")

        stack.start_web()
        set_search_terms(stack, targets)
        sampler = MemorySampler(stack)
        sampler.start()
        checker = StalenessChecker(stack, targets, args.change_every)
        print(f"Browsing, page cache on: {args.users} users for {args.duration} s, {args.workers} workers...")
        checker.start()
        stats, failures = run_locust(stack, targets, args, stack.base_dir / "cached")
        checker.stop()
        print(f"Submitting: {args.submissions} expressions of interest from {args.clients} clients...")
        submissions, submit_seconds = run_submissions(stack, targets["form_id"], args, run)
        sampler.stop()

        counts = stack.psql(
            "SELECT count(*) || ',' || count(DISTINCT email) || ',' || count(DISTINCT submission_token)"
            f" FROM cascading_pages_expressionofinterest WHERE email LIKE 'bench-{run}-%'"
        ).split(",")
        history = stack.psql(
            "SELECT count(*) FROM cascading_pages_expressionofintereststatuschange s"
            " JOIN cascading_pages_expressionofinterest e ON e.id = s.submission_id"
            f" WHERE e.email LIKE 'bench-{run}-%'"
        )
        emails = stack.psql(
            "SELECT count(*) FROM cascading_pages_outboxemail m"
            " JOIN cascading_pages_expressionofinterest e ON e.id = m.about_id"
            f" WHERE m.kind LIKE 'interest.%' AND e.email LIKE 'bench-{run}-%'"
        )
        errors_in_log = stack.web_log().count("Internal Server Error")
        return report(
            args,
            uncached,
            (stats, failures),
            checker,
            submissions,
            submit_seconds,
            counts,
            history,
            emails,
            sampler,
            errors_in_log,
        )
    finally:
        stack.close()


#: The browsing mix's targets at 50 users on 2 cores, with the page cache on.
TARGET_RPS, TARGET_P95_MS = 300, 200


def print_browsing(title, stats, failures):
    print(title)
    header = f"{'request':42} {'count':>7} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} (ms)"
    print(header)
    total = None
    for row in stats:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        if row["Name"] == "Aggregated":
            total = row
        print(
            f"{name[:42]:42} {row['Request Count']:>7} {row['Failure Count']:>5} "
            f"{float(row['Requests/s']):7.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
    for failure in failures:
        print(
            f"  failure: {failure.get('Method')} {failure.get('Name')}: {failure.get('Error')} x{failure.get('Occurrences')}"
        )
    return total


def report(
    args,
    uncached,
    cached,
    checker,
    submissions,
    submit_seconds,
    counts,
    history,
    emails,
    sampler,
    errors_in_log,
):
    print()
    before = None
    if uncached is not None:
        before = print_browsing(
            f"== Browsing, page cache off: {args.users} users, {args.duration} s, {args.workers} workers ==",
            *uncached,
        )
        print()
    stats, failures = cached
    after = print_browsing(
        f"== Browsing, page cache on: {args.users} users, {args.duration} s, {args.workers} workers ==",
        stats,
        failures,
    )
    browse_failures = int(after["Failure Count"]) + (int(before["Failure Count"]) if before else 0)
    print()
    print(f"{'':24} {'cache off':>10} {'cache on':>10} {'target':>10}")
    off = (lambda key: before[key]) if before else (lambda key: "-")
    print(
        f"{'requests a second':24} {str(off('Requests/s'))[:10]:>10} {float(after['Requests/s']):>10.1f} {'>= ' + str(TARGET_RPS):>10}"
    )
    print(f"{'p95 (ms)':24} {off('95%'):>10} {after['95%']:>10} {'< ' + str(TARGET_P95_MS):>10}")
    print(f"{'errors':24} {off('Failure Count'):>10} {after['Failure Count']:>10} {'0':>10}")
    print(
        f"{'stale answers':24} {'-':>10} {len(checker.stale):>10} {'0':>10}  ({checker.checks} checks after changes)"
    )
    for stale in checker.stale:
        print(f"  stale: {stale}")
    for error in checker.errors:
        print(f"  the checker could not make a change: {error}")

    posts = [outcome for _, _, outcomes in submissions for outcome in outcomes]
    post_ms = [ms for _, ms in posts]
    get_ms = [ms for _, ms, _ in submissions]
    bad = [status for status, _ in posts if status != 201] + [s for s, _, _ in submissions if s != 200]
    print()
    print(f"== Expressions of interest: {args.submissions} from {args.clients} clients ==")
    print(
        f"GET form:  {len(get_ms)} requests, p50 {percentile(get_ms, 50):.0f} ms, "
        f"p95 {percentile(get_ms, 95):.0f} ms, p99 {percentile(get_ms, 99):.0f} ms"
    )
    print(
        f"POST form: {len(post_ms)} requests ({len(post_ms) - args.submissions} retries of the same form), "
        f"{len(post_ms) / submit_seconds:.1f}/s, p50 {percentile(post_ms, 50):.0f} ms, "
        f"p95 {percentile(post_ms, 95):.0f} ms, p99 {percentile(post_ms, 99):.0f} ms"
    )
    print(f"Errors: {len(bad)} (statuses {sorted(set(bad))})" if bad else "Errors: 0")
    stored, distinct_emails, distinct_tokens = (int(n) for n in counts)
    print(
        f"Stored: {stored} rows, {distinct_emails} distinct leaders, {distinct_tokens} distinct tokens; "
        f"{history} status records, {emails} emails queued"
    )
    exactly_once = stored == distinct_emails == distinct_tokens == int(history) == args.submissions
    print(f"Every submission stored exactly once: {'yes' if exactly_once else 'NO'}")

    print()
    print("== Memory per gunicorn worker (RSS) ==")
    for pid in sorted(sampler.peak):
        print(
            f"worker {pid}: peak {sampler.peak[pid] / 1024:.0f} MiB, at the end {sampler.last[pid] / 1024:.0f} MiB"
        )
    print(f"'Internal Server Error' in gunicorn's log: {errors_in_log}")
    ok = browse_failures == 0 and not bad and exactly_once and errors_in_log == 0 and not checker.stale
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
