"""A host sets only the plugin settings it wants to change; every one of them is listed in conf.py."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from cascading_pages import signed_links
from cascading_pages.client_address import client_address
from cascading_pages.conf import RETIRED, SETTINGS, conf
from cascading_pages.interest.ratelimit import limit_and_period
from cascading_pages.search.backends import fallback_alias, max_matches, search_alias
from cascading_pages.search.pagination import paginate_queryset

PLUGIN = Path(__file__).resolve().parents[2] / "cascading_pages"


def without_plugin_settings():
    """Settings as in a host that has never heard of the plugin's settings."""
    override = override_settings()
    override.enable()
    for name in SETTINGS:
        if hasattr(settings, name):
            delattr(settings, name)
    return override


@pytest.fixture
def bare_host():
    override = without_plugin_settings()
    yield
    override.disable()


def test_a_host_that_sets_none_of_the_plugins_settings_gets_its_defaults(bare_host, rf):
    assert len(paginate_queryset(list(range(30)), 1).object_list) == 12
    assert (search_alias(), max_matches()) == ("default", 1_000)
    assert limit_and_period() == (5, 60 * 60)
    assert (
        client_address(rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
    )
    assert signed_links.max_age_days(signed_links.COACH_RESPONSE) == 21
    assert signed_links.max_age_days(signed_links.PROFILE_CHECK) == 60
    assert conf.CASCADING_INTEREST_RETENTION_DAYS == 730
    assert conf.WAGTAILADMIN_BASE_URL == ""
    assert conf.CORS_ALLOWED_ORIGINS == []


def test_a_setting_changed_while_the_site_runs_is_read_at_once(settings, rf):
    settings.CASCADING_DIRECTORY_PAGE_SIZE = 3
    assert len(paginate_queryset(list(range(30)), 1).object_list) == 3
    settings.CASCADING_TRUSTED_PROXY_COUNT = 2
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7, 10.0.0.2", REMOTE_ADDR="10.0.0.1")
    assert client_address(request) == "198.51.100.7"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database"},
        "spare": {"BACKEND": "wagtail.search.backends.database"},
    }
    settings.CASCADING_DIRECTORY_FALLBACK_BACKEND = "spare"
    assert fallback_alias() == "spare"


def test_a_host_changing_one_kind_of_emailed_link_keeps_the_others_default(settings):
    settings.CASCADING_LINK_MAX_AGE_DAYS = {signed_links.COACH_RESPONSE: 7}
    assert signed_links.max_age_days(signed_links.COACH_RESPONSE) == 7
    assert signed_links.max_age_days(signed_links.PROFILE_CHECK) == 60


def test_asking_for_a_setting_the_plugin_does_not_have_says_where_they_are_listed():
    with pytest.raises(AttributeError, match=r"CASCADING_NO_SUCH_THING .*cascading_pages/conf\.py"):
        conf.CASCADING_NO_SUCH_THING  # noqa: B018


def plugin_sources():
    for path in sorted(PLUGIN.rglob("*")):
        if path.suffix in (".py", ".html", ".txt") and "migrations" not in path.parts:
            yield path, path.read_text(encoding="utf-8")


def test_every_cascading_setting_the_plugin_mentions_is_listed_with_a_default_and_a_meaning():
    mentioned = {
        (name, path.relative_to(PLUGIN).as_posix())
        for path, text in plugin_sources()
        for name in re.findall(r"\bCASCADING_[A-Z0-9_]+", text)
    }
    assert mentioned, "the scan found the plugin's sources"
    assert sorted(pair for pair in mentioned if pair[0] not in SETTINGS and pair[0] not in RETIRED) == []
    assert all(setting.meaning.strip() for setting in SETTINGS.values())


def test_plugin_code_reads_its_settings_through_conf_only():
    direct = re.compile(r"settings\.CASCADING_|getattr\(\s*settings\s*,\s*[\"']CASCADING_")
    offenders = [
        path.relative_to(PLUGIN).as_posix()
        for path, text in plugin_sources()
        if path.name != "conf.py" and direct.search(text)
    ]
    assert offenders == []
