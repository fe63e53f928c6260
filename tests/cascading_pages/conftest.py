import pytest

from tests.cascading_pages.search.engines import ENGINES, engine_for, engine_param


@pytest.fixture(params=[engine_param(name) for name in ENGINES])
def engine(request, settings):
    """Each backend in turn as the one the directory asks; the others are kept current too."""
    engine = engine_for(request.param)
    settings.CASCADING_DIRECTORY_SEARCH_BACKEND = engine.alias
    return engine


@pytest.fixture(
    params=[engine_param("elasticsearch", marks=[pytest.mark.elasticsearch]), engine_param("opensearch")]
)
def search_engine(request, settings):
    """Elasticsearch, then OpenSearch, for what only they do: ranking, fuzzy matching, documents."""
    engine = engine_for(request.param)
    settings.CASCADING_DIRECTORY_SEARCH_BACKEND = engine.alias
    return engine
