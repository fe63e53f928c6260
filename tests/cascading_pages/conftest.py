import pytest

from tests.cascading_pages.search.engines import ENGINES, engine_for


@pytest.fixture(params=ENGINES)
def engine(request, settings):
    """Each backend in turn as the one the directory asks; the other is kept current too."""
    engine = engine_for(request.param)
    settings.CASCADING_DIRECTORY_SEARCH_BACKEND = engine.alias
    return engine


@pytest.fixture
def elasticsearch(settings):
    """For what only Elasticsearch does: ranking and fuzzy matching."""
    engine = engine_for("elasticsearch")
    settings.CASCADING_DIRECTORY_SEARCH_BACKEND = engine.alias
    return engine
