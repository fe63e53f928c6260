"""Reports which search engines the run used; removes this run's indexes from them at the end."""


def _engines():
    """(engine, info) for each search engine the run has a node for (info as ``engine_info``)."""
    from tests import elasticsearch_helpers

    for alias, engine in elasticsearch_helpers.SEARCH_ENGINES.items():
        info = elasticsearch_helpers.engine_info(alias)
        if info is not None:
            yield engine, info


def pytest_report_header(config):
    described = []
    for engine, (product, version, url) in _engines():
        required = ", required" if engine.required else ""
        if product == "unreachable":
            described.append(f"no {engine.product} answers at {url}{required}")
        elif product != engine.product:
            described.append(f"{product} {version}, not {engine.product}, answers at {url}{required}")
        else:
            described.append(f"{product} {version} ({url}{required})")
    if not described:
        return (
            "search engines: Wagtail's database backend only "
            "(ELASTICSEARCH_TEST_URL and OPENSEARCH_TEST_URL are not set)"
        )
    return f"search engines: Wagtail's database backend; {'; '.join(described)}"


def pytest_terminal_summary(terminalreporter):
    for engine, (product, version, url) in _engines():
        if product == engine.product:
            terminalreporter.write_line(f"{engine.product} tests used {product} {version} at {url}")


def pytest_sessionfinish(session):
    from tests import elasticsearch_helpers

    elasticsearch_helpers.delete_test_indexes()
