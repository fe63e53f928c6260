"""The index analysis a site's Elasticsearch backend sends is understood by the node, and turns
words into the terms searches rely on: "coaches" finds "coach", "Zoë" finds "Zoe", "O'Brien's"
finds "O'Brien", and a few typed letters find a name through the autocomplete edge n-grams.

The index is created with exactly the settings the backend would send (Wagtail's n-gram analysers
with the plugin's ENGLISH_ANALYSIS merged in), so a tokenizer, filter or analyser that the node
does not provide fails here. Every component those settings define must have its expected terms
below: add one, and this test asks for them.
"""

import uuid

import pytest
from django.conf import settings

from tests.elasticsearch_helpers import require_elasticsearch

pytestmark = pytest.mark.elasticsearch

SAMPLE = "Restructuring volunteers' Governance"

# name -> (text, the terms the analyser gives), for every analyser the settings define, and the
# "standard" analyser Wagtail searches the autocomplete field with.
ANALYZERS = {
    # The plugin's own, for every text field: possessive, lowercase, folding, stop words, stems.
    "default": [
        (SAMPLE, ["restructure", "volunteer", "governance"]),
        ("The coaches of Zoë O'Brien's charity", ["coach", "zoe", "o'brien", "charity"]),
    ],
    # Autocomplete fields are indexed as edge n-grams of 1 to 15 characters...
    "edgengram_analyzer": [
        ("Zoë Governs", ["z", "zo", "zoe", "g", "go", "gov", "gove", "gover", "govern", "governs"]),
        ("Internationalisation", ["internationalisation"[:n] for n in range(1, 16)]),
    ],
    # ...and searched with the standard analyser, so "Gover" meets "gover" above.
    "standard": [("Gover", ["gover"]), ("Zoë", ["zoë"])],
    "ngram_analyzer": [
        ("Zoë Brien", ["zoe", "bri", "brie", "brien", "rie", "rien", "ien"]),
    ],
}

# Tokenizers the settings define (Wagtail's: no analyser uses them, but the node builds them all).
TOKENIZERS = {
    # No token_chars: the whole text is one token, cut into n-grams of 3 to 15 characters...
    "ngram_tokenizer": [("Gove", ["Gov", "Gove", "ove"])],
    # ...or into its first 2 to 15 characters.
    "edgengram_tokenizer": [("Zoë Gov", ["Zo", "Zoë", "Zoë ", "Zoë G", "Zoë Go", "Zoë Gov"])],
}

# Each filter the settings define, and the built-in ones their analysers name, after the standard
# tokenizer.
FILTERS = {
    "english_possessive": [("O'Brien's coaches'", ["O'Brien", "coaches"])],
    "english_stop": [("the coach of the year", ["coach", "year"])],
    "english_light_stemmer": [("coaches restructuring governance", ["coach", "restructure", "governance"])],
    "ngram": [("Gove", ["Gov", "Gove", "ove"])],
    "edgengram": [("Zoë", ["Z", "Zo", "Zoë"])],
    "asciifolding": [("Zoë Ñúñez", ["Zoe", "Nunez"])],
    "lowercase": [("McKenzie", ["mckenzie"])],
}


@pytest.fixture(scope="module")
def index():
    """An index of this run's, made with the settings the backend itself sends; removed after."""
    backend = require_elasticsearch()
    name = f"{settings.ELASTICSEARCH_TEST_INDEX_PREFIX}analysis_{uuid.uuid4().hex[:8]}"
    backend.es.indices.create(index=name, **backend.settings)
    yield backend, name
    backend.es.indices.delete(index=name)


def terms(index, text, **component):
    backend, name = index
    answer = backend.es.indices.analyze(index=name, text=text, **component)
    return [token["token"] for token in answer["tokens"]]


def test_every_component_the_backend_defines_has_its_expected_terms_here():
    backend = require_elasticsearch()
    analysis = backend.settings["settings"]["analysis"]
    assert set(analysis["analyzer"]) == set(ANALYZERS) - {"standard"}
    assert set(analysis["tokenizer"]) == set(TOKENIZERS)
    named_in_analyzers = {name for a in analysis["analyzer"].values() for name in a.get("filter", [])}
    assert set(analysis["filter"]) | named_in_analyzers == set(FILTERS)


@pytest.mark.parametrize(
    "analyzer, text, expected",
    [(name, text, expected) for name, cases in ANALYZERS.items() for text, expected in cases],
)
def test_an_analyser_of_the_index_gives_the_terms_searches_rely_on(index, analyzer, text, expected):
    assert terms(index, text, analyzer=analyzer) == expected


@pytest.mark.parametrize(
    "tokenizer, text, expected",
    [(name, text, expected) for name, cases in TOKENIZERS.items() for text, expected in cases],
)
def test_a_tokenizer_of_the_index_cuts_text_as_configured(index, tokenizer, text, expected):
    assert terms(index, text, tokenizer=tokenizer) == expected


@pytest.mark.parametrize(
    "token_filter, text, expected",
    [(name, text, expected) for name, cases in FILTERS.items() for text, expected in cases],
)
def test_a_filter_of_the_index_changes_the_standard_tokens_as_configured(index, token_filter, text, expected):
    assert terms(index, text, tokenizer="standard", filter=[token_filter]) == expected


def test_a_few_typed_letters_meet_the_autocomplete_terms_of_a_name(index):
    indexed = set(terms(index, SAMPLE, analyzer="edgengram_analyzer"))
    for typed in ("Gover", "restr", "VOLUNTEERS"):
        assert set(terms(index, typed, analyzer="standard")) <= indexed, typed
    assert not set(terms(index, "Governor", analyzer="standard")) <= indexed
