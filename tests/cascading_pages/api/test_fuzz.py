"""Schemathesis fuzzes every operation from the API's own OpenAPI document, in-process.

Valid and invalid requests are generated for each operation; every answer must be a documented
status with a body that matches the document, and never a 500. The run is bounded and
reproducible: a fixed number of examples per operation and mode, derandomised, no example
database between runs.
"""

import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import TestCase
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode

from tests.cascading_pages.api.builders import build_programme_site

EXAMPLES_PER_OPERATION_AND_MODE = 25
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION_AND_MODE,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


class FuzzApiFromItsOwnDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_programme_site()

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
        self.assertGreaterEqual(len(operations), 6)
        for operation in operations:
            takes_input = any((operation.path_parameters, operation.query, operation.body))
            # An operation without parameters has no invalid request to generate.
            modes = (
                (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
                if takes_input
                else (GenerationMode.POSITIVE,)
            )
            for mode in modes:
                with self.subTest(operation=operation.label, mode=mode.value):

                    @FUZZ_SETTINGS
                    @given(case=operation.as_strategy(generation_mode=mode))
                    def call(case):
                        case.call_and_validate()

                    call()
