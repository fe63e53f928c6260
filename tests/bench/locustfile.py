"""Visitors browsing the coach directory and profiles, and a front end reading the form API.

Run by tests/bench/load.py, which passes the site's URLs in BENCH_TARGETS (a JSON file). The users
are locust's FastHttpUser: the load generator shares the site's 2 cores, and this client spends a
fraction of the CPU per request that the requests-based HttpUser does.
"""

import json
import os
import random
from urllib.parse import urlencode

from locust import FastHttpUser, between, constant, task

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"]).read())
THINK = float(os.environ.get("BENCH_THINK_SECONDS", "0"))


class Visitor(FastHttpUser):
    wait_time = between(0, THINK) if THINK else constant(0)

    @task(4)
    def directory_page(self):
        page = random.randint(1, TARGETS["directory_pages"])
        self.client.get(f"{TARGETS['directory_url']}?page={page}", name=f"{TARGETS['directory_url']}?page=N")

    @task(2)
    def directory_search(self):
        if TARGETS["search_terms"]:
            term = random.choice(TARGETS["search_terms"])
            self.client.get(
                f"{TARGETS['directory_url']}?{urlencode({'q': term})}", name=f"{TARGETS['directory_url']}?q=…"
            )
        else:
            self.directory_page()

    @task(4)
    def coach_profile(self):
        self.client.get(random.choice(TARGETS["coach_urls"]), name="coach profile")

    @task(2)
    def form_api(self):
        self.client.get(TARGETS["form_api_url"], name="/api/v1/forms/<id>/")
