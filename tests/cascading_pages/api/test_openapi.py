"""The OpenAPI document tells the truth, and nothing private leaves through any endpoint.

Two checks keep the document and the code together: every route the API registers is
documented (and every documented path answers), and every documented operation is called here
with real data. Every field name in the document and in every answer must be on
``PUBLIC_FIELDS``; a new endpoint or field fails these tests until someone adds it below,
deciding as they do that it is public.

The site holds a leader's stored expression of interest, and a leader sends one here too: neither
leader's answers may come back from any endpoint, the submission's own answer included.
"""

import json
import re
import uuid

from django.test import TestCase
from django.urls import get_resolver

from tests.cascading_pages.api.builders import LEADER_ANSWERS, SECRETS, build_programme_site

API = "/api/v1/"

#: Every field name the API may send. Add to it only what a visitor of the HTML site can see.
PUBLIC_FIELDS = {
    # pages, links and listings
    "id", "type", "title", "slug", "url", "seo_title", "search_description", "show_in_menus",
    "first_published_at", "last_published_at", "parent", "ancestors", "count", "items",
    # page content
    "introduction", "body", "directory", "value", "heading", "text", "link_label", "href",
    "link_page", "link_url", "quote", "attribution", "facts", "label",
    # coaches
    "role", "organisation", "organisation_url", "summary", "biography", "coaching_approach",
    "availability", "photo", "alt", "renditions", "small", "medium", "large", "width", "height",
    "regions", "expertise", "sectors", "communities", "languages", "name",
    "accepting_new_leaders", "available_again_on", "profile_confirmed_on", "register_interest_url",
    # the coach directory: its answer, facets and suggestions
    "page", "num_pages", "query", "sort", "notice", "truncated", "max_matches", "facets", "options",
    "selected", "suggestions", "corrected_query", "correction_applied", "partial_matches", "recommended",
    # why a coach was listed for the words: a snippet of their public profile ("label" as above)
    "match", "field", "snippet",
    # the site-wide search: its results (with "query", "page", "notice"... as above)
    "description",
    # FAQs
    "index", "groups", "category", "entries", "question", "anchor", "answer", "sort_order",
    # the expression of interest form: its questions, and a submission's answer (a reference only)
    "fields", "required", "help_text", "max_length", "choices", "initial", "privacy_notice_url",
    "reply_within_working_days", "thank_you_text", "received", "reference",
    # error bodies
    "status", "detail", "errors", "loc", "msg", "ctx",
}  # fmt: skip

#: Named so a reader sees what the allow-list keeps out; none may ever be in it.
PRIVATE_FIELDS = {
    "contact_email", "account", "internal_notes", "owner", "locked", "locked_by", "locked_at",
    "latest_revision", "live_revision", "has_unpublished_changes", "draft_title", "expire_at",
    "go_live_at", "submissions", "email", "password", "user", "content_json", "token",
}  # fmt: skip


#: What a leader sends that identifies them or is theirs alone.
PERSONAL_ANSWERS = ("leader_name", "email", "organisation", "hopes")


class PublicFieldsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_programme_site()

    def setUp(self):
        self.document = self.client.get(f"{API}openapi.json").json()

    def example_requests(self):
        """Real calls for every operation in the document, reaching every page type and block.

        Each is ``(url, body)``: a GET without a body, or a JSON POST expecting a 201.
        """
        pages = self.client.get(f"{API}pages/", {"limit": 100}).json()["items"]
        faqs = [e for g in self.client.get(f"{API}faqs/").json()["groups"] for e in g["entries"]]
        preview = self.site.coach.specific.create_page_preview()
        form = f"{API}forms/{self.site.form.pk}/"
        coaches = self.client.get(f"{API}coaches/").json()["items"]
        return {
            "pages_list": [(f"{API}pages/?limit=100", None)],
            "pages_detail": [(f"{API}pages/{page['id']}/", None) for page in pages],
            "pages_find": [(f"{API}pages/find/?path={page['url']}", None) for page in pages],
            "coaches_list": [
                (f"{API}coaches/", None),
                (f"{API}coaches/?q=programme&region=london&accepting=1&sort=updated", None),
                (f"{API}coaches/?q=nobody&language=yoruba", None),  # none: with suggestions
            ],
            "coaches_suggest": [
                (f"{API}coaches/suggest/?q=Ama", None),
                (f"{API}coaches/suggest/?q=draft&directory={self.site.directory.pk}", None),  # by id; none
            ],
            "coaches_detail": [(f"{API}coaches/{coach['id']}/", None) for coach in coaches],
            "faqs_list": [(f"{API}faqs/", None)],
            "faqs_detail": [(f"{API}faqs/{entry['id']}/", None) for entry in faqs],
            "preview_detail": [
                (f"{API}preview/?content_type=cascading_pages.coachpage&token={preview.token}", None)
            ],
            "forms_detail": [(form, None)],
            "forms_submit": [(form, self.leader_answers())],
            "search": [
                (f"{API}search/?query=programme", None),
                (f"{API}search/?query=Amara&page=2", None),
                (f"{API}search/?query=bursary", None),  # only a draft and a private page say it
                (f"{API}search/", None),
            ],
        }

    def leader_answers(self):
        """A second leader's answers, as a front end sends them, with their own secrets."""
        return {
            **LEADER_ANSWERS,
            "leader_name": "Second Leader",
            "email": "second.leader@example.org",
            "organisation": "Second Leader's Charity",
            "hopes": "Second leader's private hopes.",
            "first_choice_coach": self.site.coach.pk,
            "privacy_consent": True,
            "submission_token": str(uuid.uuid4()),
        }

    def call(self, url, body):
        if body is None:
            return self.client.get(url), 200
        return self.client.post(url, json.dumps(body), content_type="application/json"), 201

    def documented_operations(self):
        return {
            operation["operationId"]
            for methods in self.document["paths"].values()
            for operation in methods.values()
        }

    def test_every_documented_operation_is_exercised_here(self):
        self.assertEqual(set(self.example_requests()), self.documented_operations())

    def test_every_answer_holds_only_public_fields_and_no_private_value(self):
        self.assertFalse(PUBLIC_FIELDS & PRIVATE_FIELDS)
        seen_types = set()
        for operation, calls in self.example_requests().items():
            for url, sent in calls:
                with self.subTest(operation=operation, url=url):
                    response, expected_status = self.call(url, sent)
                    self.assertEqual(response.status_code, expected_status, response.content)
                    self.assertLessEqual(field_names(response.json()), PUBLIC_FIELDS)
                    body = response.content.decode()
                    personal = [(sent or {}).get(name) for name in PERSONAL_ANSWERS]
                    for secret in (*SECRETS, *filter(None, personal)):
                        self.assertNotIn(secret, body)
                    seen_types.add(response.json().get("type"))
        # The walk really reached every page type and a photo, so the check above means something.
        self.assertLessEqual(
            {
                f"cascading_pages.{name}"
                for name in (
                    "HomePage",
                    "StandardPage",
                    "CoachIndexPage",
                    "CoachPage",
                    "FaqIndexPage",
                    "FaqPage",
                )
            },
            seen_types,
        )

    def test_the_document_declares_only_public_fields(self):
        declared = set()
        for schema in self.document["components"]["schemas"].values():
            declared |= schema_field_names(schema)
        for methods in self.document["paths"].values():
            for operation in methods.values():
                for response in operation["responses"].values():
                    for content in response.get("content", {}).values():
                        declared |= schema_field_names(content["schema"])
        self.assertIn("biography", declared)
        self.assertLessEqual(declared, PUBLIC_FIELDS)


class DocumentMatchesRoutesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_programme_site()

    def setUp(self):
        self.document = self.client.get(f"{API}openapi.json").json()

    def test_every_registered_route_is_documented_and_every_documented_path_exists(self):
        self.assertEqual(registered_api_paths(), set(self.document["paths"]))

    def test_only_documented_methods_answer(self):
        for path, methods in self.document["paths"].items():
            url = re.sub(r"\{[^}]+\}", "1", path)
            for method in ("get", "post", "put", "patch", "delete"):
                with self.subTest(path=path, method=method):
                    status = getattr(self.client, method)(url).status_code
                    if method in methods:
                        self.assertNotIn(status, (405, 500))
                    else:
                        self.assertEqual(status, 405)

    def test_the_coach_name_suggestions_are_documented_like_the_other_endpoints(self):
        operation = self.document["paths"]["/api/v1/coaches/suggest/"]["get"]
        self.assertEqual(operation["operationId"], "coaches_suggest")
        self.assertEqual(operation["tags"], ["coaches"])
        parameters = {p["name"]: p for p in operation["parameters"]}
        self.assertEqual(set(parameters), {"q", "directory"})
        self.assertIs(parameters["q"]["required"], True)
        self.assertEqual(
            (parameters["q"]["schema"]["minLength"], parameters["q"]["schema"]["maxLength"]), (1, 200)
        )
        self.assertIs(parameters["directory"]["required"], False)
        self.assertEqual(set(operation["responses"]), {"200", "400", "404"})
        answer = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        schema = self.document["components"]["schemas"][answer.rsplit("/", 1)[-1]]
        self.assertEqual(set(schema["properties"]), {"directory", "suggestions"})
        for status in ("400", "404"):
            self.assertEqual(
                operation["responses"][status]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/Problem",
            )

    def test_spelling_corrections_and_recommended_results_are_documented(self):
        schemas = self.document["components"]["schemas"]
        search = self.document["paths"]["/api/v1/search/"]["get"]
        exact = {p["name"]: p for p in search["parameters"]}["exact"]
        self.assertEqual(exact["schema"]["enum"], ["", "1"])
        self.assertIn("as typed", exact["description"])
        for name in ("corrected_query", "correction_applied"):
            self.assertIn("description", schemas["SearchResults"]["properties"][name])
        for schema in ("SearchResult", "CoachCard"):
            with self.subTest(schema=schema):
                recommended = schemas[schema]["properties"]["recommended"]
                self.assertEqual(recommended["type"], "boolean")
                self.assertIn("first page only", recommended["description"])
                self.assertIn("recommended", schemas[schema]["required"])

    def test_the_document_is_openapi_3_and_served_as_json(self):
        response = self.client.get(f"{API}openapi.json")
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertTrue(self.document["openapi"].startswith("3."))
        self.assertEqual(self.document["info"]["title"], "Cascading Leadership API")


def registered_api_paths():
    """The API's routes as OpenAPI paths, read from Django's URL resolver."""
    prefix, resolver = get_resolver().namespace_dict["cascading_api"]
    own = {"openapi-json", "openapi-view", "api-root"}
    paths = set()
    for pattern in resolver.url_patterns:
        if pattern.name in own:
            continue
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        paths.add("/" + prefix + route)
    return paths


def field_names(data):
    names = set()
    if isinstance(data, dict):
        for key, value in data.items():
            names.add(key)
            names |= field_names(value)
    elif isinstance(data, list):
        for item in data:
            names |= field_names(item)
    return names


def schema_field_names(schema):
    """Property names anywhere in a JSON schema, including the allowed keys of a mapping."""
    names = set()
    if isinstance(schema, dict):
        names |= set(schema.get("properties", {}))
        names |= set(schema.get("propertyNames", {}).get("enum", []))
        for value in schema.values():
            names |= schema_field_names(value)
    elif isinstance(schema, list):
        for item in schema:
            names |= schema_field_names(item)
    return names
