"""How well the coach directory ranks: judged queries over generated coaches, per search backend.

Used by ``manage.py bench_relevance`` (``make bench-relevance``, and ``make bench``). The coaches'
texts are built from a vocabulary of topic words that appear nowhere else (not in the everyday
filler words, the demo content or the names), so whether a coach is relevant to a query is known
by construction: a coach is relevant when their profile covers every topic the query names (and
matches its filters). Judgements are read back from the stored profiles, so a rerun on the same
database needs no import.

Each query is asked of the directory service (``CoachDirectory.search``), as a leader's request
would be, and scored on its first page of ten and on everything it matched:

- precision@10: of the first ``min(10, |relevant|)`` results, the share that are relevant (so a
  query with four relevant coaches can score 1.0);
- nDCG@10: the first ten results' discounted gain (1 for a relevant coach), over the best possible;
- recall: the share of the relevant coaches the search matched at all (on any page);
- empty: queries with relevant coaches whose answer was an empty page.
"""

import csv
import math
import random
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import QueryDict
from django.test import override_settings
from django.utils.html import strip_tags

from cascading_pages.coaches.directory import CoachDirectory
from cascading_pages.coaches.importing import COLUMNS
from cascading_pages.coaches.models import CoachPage
from cascading_pages.coaches.pages import CoachIndexPage
from cascading_pages.vocabularies.models import Region
from cascading_site.bench import COMMON, FIRST, LAST, ORGS, PLACES, ROLES

EMAIL_PREFIX = "relevance-coach-"
PAGE = 10

#: Topic words: each appears only where a generated coach covers that topic.
TOPICS = (
    "abseiling beekeeping calligraphy dressage embroidery falconry glassblowing hydroponics "
    "ironmongery juggling kayaking lacemaking marquetry orienteering pottery quilting "
    "sailing taxidermy upholstery woodturning"
).split()

#: Figures each kind of backend should reach; printed next to what it did.
TARGETS = {
    "search engine": {
        "short": {"precision@10": 0.95, "recall": 0.9},
        "long": {"precision@10": 0.95, "recall": 0.9},
        "filtered": {"precision@10": 0.95, "recall": 0.9},
        "misspelt": {"precision@10": 0.9},
    },
    "database": {
        "short": {"precision@10": 0.9, "empty": 0},
        "long": {"precision@10": 0.9, "empty": 0},
        "filtered": {"precision@10": 0.9, "empty": 0},
        "misspelt": {"answered": 0.8},
    },
}


# -- Metrics -------------------------------------------------------------------------------------


def precision_at(ranked, relevant, k=PAGE):
    """The share of relevant results among the first ``min(k, |relevant|)``; with nothing
    relevant, 1.0 for an empty answer and 0.0 otherwise."""
    if not relevant:
        return 0.0 if ranked else 1.0
    cut = min(k, len(relevant))
    return sum(1 for pk in ranked[:cut] if pk in relevant) / cut


def ndcg_at(ranked, relevant, k=PAGE):
    """Normalised discounted cumulative gain of the first ``k`` results, each relevant one worth 1."""
    if not relevant:
        return 0.0 if ranked else 1.0
    dcg = sum(1 / math.log2(i + 2) for i, pk in enumerate(ranked[:k]) if pk in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal


def recall(matched, relevant):
    """The share of ``relevant`` found in ``matched``; 1.0 when nothing is relevant."""
    if not relevant:
        return 1.0
    return len(set(matched) & set(relevant)) / len(relevant)


# -- Judged queries ------------------------------------------------------------------------------


@dataclass
class JudgedQuery:
    kind: str  # short, long, misspelt or filtered
    words: str
    topics: tuple
    region: str = ""  # a region's slug, for a filtered query

    @property
    def params(self):
        params = QueryDict(mutable=True)
        params["q"] = self.words
        if self.region:
            params["region"] = self.region
        return params


def misspell(word, rng):
    """``word`` one edit away: a middle letter dropped, or two neighbours swapped."""
    i = rng.randint(1, len(word) - 3)
    if rng.random() < 0.5 or word[i] == word[i + 1]:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def judged_queries(regions, seed=11):
    """The queries, from one to five topic words, misspelt ones and some with a region filter."""
    rng = random.Random(seed)
    queries = []
    for size, kind, count in [
        (1, "short", 4),
        (2, "short", 4),
        (3, "long", 3),
        (4, "long", 3),
        (5, "long", 3),
    ]:
        for _ in range(count):
            topics = tuple(rng.sample(TOPICS, size))
            queries.append(JudgedQuery(kind, " ".join(topics), topics))
    for size in (1, 1, 2, 2, 3):
        topics = tuple(rng.sample(TOPICS, size))
        words = list(topics)
        wrong = rng.randrange(size)
        words[wrong] = misspell(words[wrong], rng)
        queries.append(JudgedQuery("misspelt", " ".join(words), topics))
    for size in (1, 2, 3):
        topics = tuple(rng.sample(TOPICS, size))
        queries.append(JudgedQuery("filtered", " ".join(topics), topics, rng.choice(regions)))
    return queries


# -- Generated coaches ---------------------------------------------------------------------------


def coach_topics(queries, count, rng):
    """Topics for ``count`` coaches: for each query a few coaches covering all its topics and as
    many covering all but one (the near misses a ranking must put below them); the rest random."""
    planted = max(2, count // (3 * len(queries)))
    plans = []
    for query in queries:
        for _ in range(planted):
            plans.append((set(query.topics) | set(rng.sample(TOPICS, rng.randint(0, 1))), query.region))
            if len(query.topics) > 1:
                missing = rng.choice(query.topics)
                near = {t for t in query.topics if t != missing} | set(rng.sample(TOPICS, 1)) - {missing}
                plans.append((near, ""))
    plans = plans[:count]
    while len(plans) < count:
        plans.append((set(rng.sample(TOPICS, rng.randint(1, 3))), ""))
    rng.shuffle(plans)
    return plans


def generate_csv(path, count, queries, regions, seed=5):
    """Write ``count`` coaches whose texts cover known topics, for ``import_coaches``.
    ``regions``: {slug: name} of the regions to place them in."""
    rng = random.Random(seed)
    slugs = sorted(regions)

    def prose(words, topics):
        chosen = [rng.choice(COMMON) for _ in range(words)] + list(topics)
        rng.shuffle(chosen)
        return " ".join(chosen).capitalize() + "."

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for n, (topics, region) in enumerate(coach_topics(queries, count, rng)):
            topics = sorted(topics)
            rng.shuffle(topics)
            cut = rng.randint(0, len(topics))
            writer.writerow(
                {
                    "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "email": f"{EMAIL_PREFIX}{n}@example.org",
                    "role": rng.choice(ROLES),
                    "organisation": f"{rng.choice(PLACES)} {rng.choice(ORGS)}",
                    "organisation_url": "",
                    "regions": regions[region or rng.choice(slugs)],
                    "expertise": "",
                    "sectors": "",
                    "communities": "",
                    "languages": "",
                    "availability": "available",
                    "summary": prose(15, topics[:cut]),
                    "biography": prose(40, topics[cut:]),
                }
            )


def load_directory():
    """The demo content's coach directory (the demo content is loaded if missing)."""
    call_command("load_demo_content", verbosity=0)
    directory = CoachIndexPage.objects.live().order_by("path").first()
    if directory is None:
        raise CommandError("The demo content has no coach directory.")
    return directory


def load_coaches(directory, count, queries, verbosity=0):
    """Import ``count`` generated coaches into ``directory`` unless they are already there."""
    existing = CoachPage.objects.filter(contact_email__startswith=EMAIL_PREFIX).count()
    if existing and existing != count:
        raise CommandError(
            f"This database holds {existing} generated coaches, not {count}: use a database of its own "
            "for each size (make bench-relevance does)."
        )
    if existing:
        return False
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "coaches.csv"
        generate_csv(path, count, queries, dict(Region.objects.values_list("slug", "name")))
        call_command("import_coaches", str(path), directory=directory.pk, verbosity=verbosity)
    return True


def judgements(directory, queries):
    """{query: the ids of the coaches relevant to it}, read from the stored profiles."""
    words_of = {}
    for coach in CoachPage.objects.child_of(directory).live().public().prefetch_related("regions"):
        text = f"{coach.summary} {strip_tags(coach.biography)}".lower()
        words_of[coach.pk] = (set(re.findall(r"\w+", text)), {r.slug for r in coach.regions.all()})
    relevant = {}
    for query in queries:
        relevant[query.words] = {
            pk
            for pk, (words, regions) in words_of.items()
            if set(query.topics) <= words and (not query.region or query.region in regions)
        }
    return relevant


# -- Running ---------------------------------------------------------------------------------------


@dataclass
class Scores:
    """One backend's scores on one kind of query."""

    backend: str
    kind: str
    precision: list = field(default_factory=list)
    ndcg: list = field(default_factory=list)
    recall: list = field(default_factory=list)
    empty: int = 0
    answered: int = 0
    degraded: int = 0

    @property
    def queries(self):
        return len(self.precision)

    def figures(self):
        mean = lambda values: sum(values) / len(values) if values else 0.0  # noqa: E731
        return {
            "precision@10": mean(self.precision),
            "ndcg@10": mean(self.ndcg),
            "recall": mean(self.recall),
            "empty": self.empty,
            "answered": self.answered / self.queries if self.queries else 0.0,
        }


def run_query(directory_page, query):
    """(first page of ids, every matching id, whether the answer came from a fallback)."""
    directory = CoachDirectory(directory_page, per_page=PAGE)
    results = directory.search(query.params)
    first_page = [coach.pk for coach in results.page]
    filterset = results.filterset
    matched = set(filterset.filter_queryset(directory.get_queryset()).values_list("pk", flat=True))
    return first_page, matched, bool(results.notice)


def score(alias, directory, queries, relevant):
    """{kind: Scores} for backend ``alias``."""
    by_kind = {}
    with override_settings(CASCADING_DIRECTORY_SEARCH_BACKEND=alias):
        for query in queries:
            scores = by_kind.setdefault(query.kind, Scores(alias, query.kind))
            first_page, matched, degraded = run_query(directory, query)
            wanted = relevant[query.words]
            scores.precision.append(precision_at(first_page, wanted))
            scores.ndcg.append(ndcg_at(first_page, wanted))
            scores.recall.append(recall(matched, wanted))
            scores.answered += bool(first_page)
            scores.empty += bool(wanted) and not first_page
            scores.degraded += degraded
    return by_kind


def kind_of_backend(backend):
    """Which targets apply: ``"database"`` for Wagtail's database backends, else ``"search engine"``."""
    database = ("wagtail.search.backends.database", "modelsearch.backends.database")
    return "database" if type(backend).__module__.startswith(database) else "search engine"


def verdict(figures, targets):
    """The targets for one row, each with met / NOT met."""
    parts = []
    for name, target in targets.items():
        value = figures[name]
        met = value <= target if name == "empty" else value >= target
        shown = f"{value}" if name == "empty" else f"{value:.2f}"
        sign = "=" if name == "empty" else ">="
        parts.append(f"{name} {shown} {'met' if met else 'NOT met'} ({sign} {target})")
    return "; ".join(parts)


def region_slugs():
    return sorted(Region.objects.values_list("slug", flat=True))
