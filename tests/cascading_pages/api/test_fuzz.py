"""Schemathesis fuzzes every operation from the API's own OpenAPI document, in-process.

Valid and invalid requests are generated for each operation; every answer must be a documented
status with a body that matches the document, and never a 500. The run is bounded and
reproducible: a fixed number of examples per operation and mode, derandomised, no example
database between runs.

Random page ids almost never name the site's form, so the form's operations are fuzzed twice:
with the generated id, and with the real form's id, so that generated answers reach the form.
"""

import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import TestCase
from hypothesis import HealthCheck, given, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.cascading_pages.api.builders import build_programme_site

EXAMPLES_PER_OPERATION_AND_MODE = 25
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION_AND_MODE,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


#: Answers to a form pass rules no static schema can hold (which coaches are taking leaders, the
#: income and bursary rules, the editors' extra questions), so well-formed answers may still be a
#: 400. So may a directory search: its filters take the vocabularies' slugs, which editors change,
#: and its words have the HTML page's limits; and so may a site-wide search, whose words have the
#: search page's. Instead of "valid data is accepted", such a 400 must name the answers it refuses.
RULE_CHECKED_OPERATIONS = {"POST /api/v1/forms/{page_id}/", "GET /api/v1/coaches/", "GET /api/v1/search/"}
FORM_OPERATIONS = {"GET /api/v1/forms/{page_id}/", "POST /api/v1/forms/{page_id}/"}


def refused_answers_are_named(ctx, response, case):
    if response.status_code == 400:
        errors = response.json().get("errors")
        assert errors, "A 400 must list what is wrong."
        assert all(error["loc"] and error["msg"] for error in errors), errors


def at_page(page_id):
    """A case aimed at ``page_id``, unless its path is what the case makes invalid."""

    def aim(case):
        if not case.meta.is_negative_at(ParameterLocation.PATH):
            case.path_parameters = {**case.path_parameters, "page_id": page_id}
            case.meta.mark_dirty(ParameterLocation.PATH)
        return case

    return aim


def fuzz(strategy, checks):
    @FUZZ_SETTINGS
    @given(case=strategy)
    def call(case):
        case.call_and_validate(**checks)

    call()


class FuzzApiFromItsOwnDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_programme_site()

    def setUp(self):
        # Requests go through the real WSGI handler, whose end-of-request hook would close the
        # test's database connection mid-transaction on PostgreSQL. Django's own test client
        # unhooks it the same way.
        for signal in (signals.request_started, signals.request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)

    def test_every_operation_survives_generated_valid_and_invalid_requests(self):
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
        operations = [result.ok() for result in schema.get_all_operations()]
        self.assertGreaterEqual(len(operations), 8)
        self.assertLessEqual(FORM_OPERATIONS, {operation.label for operation in operations})
        for operation in operations:
            takes_input = any((operation.path_parameters, operation.query, operation.body))
            # An operation without parameters has no invalid request to generate.
            modes = (
                (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
                if takes_input
                else (GenerationMode.POSITIVE,)
            )
            targets = {"generated id": None}
            if operation.label in FORM_OPERATIONS:
                targets["the form"] = at_page(self.site.form.pk)
            checks = {}
            if operation.label in RULE_CHECKED_OPERATIONS:
                checks = {
                    "excluded_checks": [positive_data_acceptance],
                    "additional_checks": [refused_answers_are_named],
                }
            for mode in modes:
                for target, aim in targets.items():
                    strategy = operation.as_strategy(generation_mode=mode)
                    if aim is not None:
                        strategy = strategy.map(aim)
                    with self.subTest(operation=operation.label, mode=mode.value, target=target):
                        fuzz(strategy, checks)
