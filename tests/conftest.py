"""Reports which search engines the run used; removes this run's Elasticsearch indexes at the end."""


def pytest_report_header(config):
    from django.conf import settings

    from tests import elasticsearch_helpers

    info = elasticsearch_helpers.engine_info()
    if info is None:
        return "search engines: Wagtail's database backend only (ELASTICSEARCH_TEST_URL is not set)"
    product, version, url = info
    required = ", required" if settings.REQUIRE_ELASTICSEARCH else ""
    if product == "unreachable":
        return f"search engines: Wagtail's database backend; no Elasticsearch answers at {url}{required}"
    return f"search engines: Wagtail's database backend and {product} {version} ({url}{required})"


def pytest_terminal_summary(terminalreporter):
    from tests import elasticsearch_helpers

    info = elasticsearch_helpers.engine_info()
    if info is not None and info[0] != "unreachable":
        product, version, url = info
        terminalreporter.write_line(f"Elasticsearch tests used {product} {version} at {url}")


def pytest_sessionfinish(session):
    from tests import elasticsearch_helpers

    elasticsearch_helpers.delete_test_indexes()
