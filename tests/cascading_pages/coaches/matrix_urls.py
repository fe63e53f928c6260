"""How to fill in each admin URL's arguments from the matrix site (see matrix_fixtures.build_site).

A target's arguments are the URL's keyword arguments; under the key ``"?"``, its query string.
"""

from django.urls import reverse
from django.utils.http import urlencode


def url_for(name, arguments):
    kwargs = {key: value for key, value in arguments.items() if key != "?"}
    query = arguments.get("?")
    return reverse(name, kwargs=kwargs) + (f"?{urlencode(query, doseq=True)}" if query else "")


def page_type(page):
    return {"content_type_app_name": page._meta.app_label, "content_type_model_name": page._meta.model_name}


# Views of one page, tried on every page of the site: name -> kwargs for that page.
PAGE_VIEWS = {
    "wagtailadmin_explore": lambda p, s: {"parent_page_id": p.pk},
    "wagtailadmin_explore_results": lambda p, s: {"parent_page_id": p.pk},
    "wagtailadmin_choose_page_child": lambda p, s: {"parent_page_id": p.pk},
    "wagtailadmin_pages:edit": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_pages:preview_on_edit": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_pages:view_draft": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_pages:usage": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_pages:add_subpage": lambda p, s: {"parent_page_id": p.pk},
    # Another page of the same type, next to this one.
    "wagtailadmin_pages:add": lambda p, s: {**page_type(p), "parent_page_id": (p.get_parent() or p).pk},
    "wagtailadmin_pages:preview_on_add": lambda p, s: {
        **page_type(p),
        "parent_page_id": (p.get_parent() or p).pk,
    },
    "wagtailadmin_pages:type_use": lambda p, s: page_type(p),
    "wagtailadmin_pages:type_use_results": lambda p, s: page_type(p),
    "wagtailadmin_pages:choose_parent": lambda p, s: {
        "app_label": p._meta.app_label,
        "model_name": p._meta.model_name,
    },
    "wagtailadmin_pages:delete": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_pages:unpublish": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_pages:convert_alias": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_pages:move": lambda p, s: {"page_to_move_id": p.pk},
    "wagtailadmin_pages:move_confirm": lambda p, s: {"page_to_move_id": p.pk, "destination_id": s.home.pk},
    "wagtailadmin_pages:set_page_position": lambda p, s: {"page_to_move_id": p.pk},
    "wagtailadmin_pages:copy": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_pages:set_privacy": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_pages:lock": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_pages:unlock": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_pages:revisions_index": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_pages:revisions_view": lambda p, s: {
        "page_id": p.pk,
        "revision_id": p.latest_revision_id or s.home.latest_revision_id,
    },
    "wagtailadmin_pages:revisions_revert": lambda p, s: {
        "page_id": p.pk,
        "revision_id": p.latest_revision_id or s.home.latest_revision_id,
    },
    "wagtailadmin_pages:revisions_unschedule": lambda p, s: {
        "page_id": p.pk,
        "revision_id": p.latest_revision_id or s.home.latest_revision_id,
    },
    "wagtailadmin_pages:revisions_compare": lambda p, s: {
        "pk": p.pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
    },
    "wagtailadmin_pages:workflow_history": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_pages:history": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_pages:history_results": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_pages:confirm_workflow_cancellation": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_workflows:remove": lambda p, s: {"page_pk": p.pk},
    "wagtailforms:list_submissions": lambda p, s: {"page_id": p.pk},
    "wagtailforms:list_submissions_results": lambda p, s: {"page_id": p.pk},
    "wagtailforms:delete_submissions": lambda p, s: {"page_id": p.pk},
    "wagtailadmin_api:pages:detail": lambda p, s: {"pk": p.pk},
    "wagtailadmin_api:pages:action": lambda p, s: {"pk": p.pk, "action_name": "publish"},
    "cascading_pages_admin:invite_coach": lambda p, s: {"page_id": p.pk},
    "cascading_pages_admin:remove_coach": lambda p, s: {"page_id": p.pk},
    "cascading_pages_admin:coach_availability": lambda p, s: {"page_id": p.pk},
    # On the page Bethan (the other coach) has submitted for approval.
    "wagtailadmin_pages:workflow_action": lambda p, s: {
        "page_id": p.pk,
        "action_name": "approve",
        "task_state_id": s.task_state.pk,
    },
    "wagtailadmin_pages:collect_workflow_action_data": lambda p, s: {
        "page_id": p.pk,
        "action_name": "reject",
        "task_state_id": s.task_state.pk,
    },
    "wagtailadmin_pages:workflow_preview": lambda p, s: {"page_id": p.pk, "task_id": s.task.pk},
    "wagtailadmin_pages:workflow_history_detail": lambda p, s: {
        "page_id": p.pk,
        "workflow_state_id": s.workflow_state.pk,
    },
    "wagtailadmin_editing_sessions:ping": lambda p, s: {
        "app_label": "wagtailcore",
        "model_name": "page",
        "object_id": str(p.pk),
        "session_id": 0,
    },
}

# The pages whose ids a coach may try in a query string: their own, another coach's, a draft, an
# unpublished page, a private page and the root.
QUERY_PAGES = (
    "coach_page",
    "other_coach_page",
    "draft_coach_page",
    "unpublished_page",
    "private_page",
    "root",
)


def page_ids_in_query(parameter):
    """The view without ids, then with each of QUERY_PAGES' ids as ``parameter``."""
    return lambda s: {
        "": {},
        **{target: {"?": {parameter: getattr(s, target).pk}} for target in QUERY_PAGES},
    }


def searches_for_titles(s):
    """The chooser's search, for each page's title (as published, for a page that has been)."""
    return {"": {}, **{target: {"?": {"q": getattr(s, target).title}} for target in QUERY_PAGES}}


# Views of Amara's profile, given the id of something that belongs to another page.
def on_amaras_profile(s, key, ids):
    return {target: {"page_id": s.coach_page.pk, key: value} for target, value in ids.items()}


def other_revisions(s):
    return {
        f"{target}'s revision": getattr(s, target).latest_revision_id
        for target in ("other_coach_page", "draft_coach_page", "unpublished_page", "private_page", "home")
    }


CROSS_VIEWS = {
    "wagtailadmin_pages:revisions_view": lambda s: on_amaras_profile(s, "revision_id", other_revisions(s)),
    "wagtailadmin_pages:revisions_revert": lambda s: on_amaras_profile(s, "revision_id", other_revisions(s)),
    "wagtailadmin_pages:revisions_compare": lambda s: {
        label: {"pk": s.coach_page.pk, "revision_id_a": str(revision), "revision_id_b": "latest"}
        for label, revision in other_revisions(s).items()
    },
    "wagtailadmin_pages:workflow_history_detail": lambda s: on_amaras_profile(
        s, "workflow_state_id", {"other_coach_page's workflow": s.workflow_state.pk}
    ),
}

# Every other admin view: name -> {target: kwargs}. One target, "", when the view takes no object.
NONE = {"": {}}


def one(**kwargs):
    return lambda s: {"": kwargs}


def images(key):
    return lambda s: {
        "own photo": {key: s.coach_photo.pk},
        "other coach's photo": {key: s.other_coach_photo.pk},
        "team image": {key: s.team_image.pk},
    }


def vocabulary_views(model):
    """A vocabulary's snippet views (vocabularies/admin.py) and its snippet chooser."""
    base = f"wagtailsnippets_cascading_pages_{model}:"
    chooser = f"wagtailsnippetchoosers_cascading_pages_{model}:"
    term = lambda s: {"": {"pk": s.vocabulary[model].pk}}  # noqa: E731
    return {
        **{base + name: (lambda s: NONE) for name in ("list", "list_results", "add")},
        **{
            base + name: term for name in ("edit", "delete", "history", "history_results", "usage", "reorder")
        },
        **{
            chooser + name: (lambda s: NONE)
            for name in ("choose", "choose_results", "chosen_multiple", "create")
        },
        chooser + "chosen": term,
    }


def generic_crud(namespace, obj_attr, extra=()):
    views = {f"{namespace}:{name}": (lambda s: NONE) for name in ("index", "index_results", "add")}
    for name in ("edit", "delete", "history", "history_results", "usage", *extra):
        views[f"{namespace}:{name}"] = lambda s, attr=obj_attr: {"": {"pk": getattr(s, attr).pk}}
    return views


OTHER_VIEWS = {
    "wagtailadmin_home": lambda s: NONE,
    "wagtailadmin_explore_root": lambda s: NONE,
    "wagtailadmin_account": lambda s: NONE,
    "wagtailadmin_dismissibles": lambda s: NONE,
    "wagtailadmin_block_preview": lambda s: NONE,
    "wagtailadmin_error_test": lambda s: NONE,
    "wagtailadmin_sprite": lambda s: NONE,
    "wagtailadmin_javascript_catalog": lambda s: NONE,
    "wagtail_modeladmin:javascript_catalog": lambda s: NONE,
    "wagtailadmin_tag_autocomplete": lambda s: NONE,
    "wagtailadmin_tag_model_autocomplete": one(app_name="wagtailimages", model_name="image"),
    "wagtailadmin_pages:search": lambda s: NONE,
    "wagtailadmin_pages:search_results": lambda s: NONE,
    "wagtailadmin_choose_page": page_ids_in_query("target_pages[]"),
    "wagtailadmin_choose_page_search": searches_for_titles,
    "wagtailadmin_choose_page_chosen_multiple": page_ids_in_query("id"),
    "wagtailadmin_choose_page_external_link": page_ids_in_query("parent_page_id"),
    "wagtailadmin_choose_page_email_link": page_ids_in_query("parent_page_id"),
    "wagtailadmin_choose_page_phone_link": page_ids_in_query("parent_page_id"),
    "wagtailadmin_choose_page_anchor_link": page_ids_in_query("parent_page_id"),
    "wagtail_bulk_action": one(app_label="wagtailcore", model_name="page", action="delete"),
    "wagtailadmin_editing_sessions:release": one(session_id=0),
    "wagtailadmin_api:pages:listing": lambda s: NONE,
    "wagtailadmin_api:pages:find": lambda s: NONE,
    "wagtailadmin_api:images:listing": lambda s: NONE,
    "wagtailadmin_api:images:detail": lambda s: {"": {"pk": s.team_image.pk}},
    "wagtailadmin_api:images:find": lambda s: NONE,
    "wagtailadmin_api:documents:listing": lambda s: NONE,
    "wagtailadmin_api:documents:detail": lambda s: {"": {"pk": s.document.pk}},
    "wagtailadmin_api:documents:find": lambda s: NONE,
    "wagtailadmin_collections:index": lambda s: NONE,
    "wagtailadmin_collections:add": lambda s: NONE,
    "wagtailadmin_collections:edit": lambda s: {"": {"pk": s.coach_photo.collection_id}},
    "wagtailadmin_collections:delete": lambda s: {"": {"pk": s.coach_photo.collection_id}},
    "wagtailadmin_collections:set_privacy": lambda s: {"": {"collection_id": s.coach_photo.collection_id}},
    "wagtailadmin_workflows:index": lambda s: NONE,
    "wagtailadmin_workflows:index_results": lambda s: NONE,
    "wagtailadmin_workflows:add": lambda s: NONE,
    "wagtailadmin_workflows:enable": lambda s: {"": {"pk": s.workflow.pk}},
    "wagtailadmin_workflows:disable": lambda s: {"": {"pk": s.workflow.pk}},
    "wagtailadmin_workflows:edit": lambda s: {"": {"pk": s.workflow.pk}},
    "wagtailadmin_workflows:usage": lambda s: {"": {"pk": s.workflow.pk}},
    "wagtailadmin_workflows:usage_results": lambda s: {"": {"pk": s.workflow.pk}},
    "wagtailadmin_workflows:add_task": one(app_label="wagtailcore", model_name="groupapprovaltask"),
    "wagtailadmin_workflows:select_task_type": lambda s: NONE,
    "wagtailadmin_workflows:task_index": lambda s: NONE,
    "wagtailadmin_workflows:task_index_results": lambda s: NONE,
    "wagtailadmin_workflows:edit_task": lambda s: {"": {"pk": s.task.pk}},
    "wagtailadmin_workflows:disable_task": lambda s: {"": {"pk": s.task.pk}},
    "wagtailadmin_workflows:enable_task": lambda s: {"": {"pk": s.task.pk}},
    "wagtailadmin_workflows:task_chooser": lambda s: NONE,
    "wagtailadmin_workflows:task_chooser_results": lambda s: NONE,
    "wagtailadmin_workflows:task_chooser_create": lambda s: NONE,
    "wagtailadmin_workflows:task_chosen": lambda s: {"": {"task_id": s.task.pk}},
    "wagtailadmin_reports:locked_pages": lambda s: NONE,
    "wagtailadmin_reports:locked_pages_results": lambda s: NONE,
    "wagtailadmin_reports:workflow": lambda s: NONE,
    "wagtailadmin_reports:workflow_results": lambda s: NONE,
    "wagtailadmin_reports:workflow_tasks": lambda s: NONE,
    "wagtailadmin_reports:workflow_tasks_results": lambda s: NONE,
    "wagtailadmin_reports:site_history": lambda s: NONE,
    "wagtailadmin_reports:site_history_results": lambda s: NONE,
    "wagtailadmin_reports:aging_pages": lambda s: NONE,
    "wagtailadmin_reports:aging_pages_results": lambda s: NONE,
    "wagtailadmin_reports:page_types_usage": lambda s: NONE,
    "wagtailadmin_reports:page_types_usage_results": lambda s: NONE,
    "wagtailforms:index": lambda s: NONE,
    "wagtailforms:index_results": lambda s: NONE,
    "wagtailredirects:index": lambda s: NONE,
    "wagtailredirects:index_results": lambda s: NONE,
    "wagtailredirects:add": lambda s: NONE,
    "wagtailredirects:edit": lambda s: {"": {"redirect_id": s.redirect.pk}},
    "wagtailredirects:delete": lambda s: {"": {"redirect_id": s.redirect.pk}},
    "wagtailredirects:start_import": lambda s: NONE,
    "wagtailsearchpromotions:index": lambda s: NONE,
    "wagtailsearchpromotions:index_results": lambda s: NONE,
    "wagtailsearchpromotions:add": lambda s: NONE,
    "wagtailsearchpromotions:edit": lambda s: {"": {"query_id": s.search_query.pk}},
    "wagtailsearchpromotions:delete": lambda s: {"": {"query_id": s.search_query.pk}},
    "wagtailsearchpromotions:chooser": lambda s: NONE,
    "wagtailsearchpromotions:chooserresults": lambda s: NONE,
    "wagtailsearchpromotions:search_terms": lambda s: NONE,
    "wagtailsearchpromotions:search_terms_results": lambda s: NONE,
    "cascading_search_terms": lambda s: NONE,
    "cascading_search_terms_results": lambda s: NONE,
    "wagtailredirects:process_import": lambda s: NONE,
    # No settings model is registered: the URLs exist, and answer for any model name.
    "wagtailsettings:edit": one(app_name="cascading_pages", model_name="region"),
    "wagtailsettings:preview_on_edit": one(app_name="cascading_pages", model_name="region", pk=1),
    "wagtailembeds:chooser": lambda s: NONE,
    "wagtailembeds:chooser_upload": lambda s: NONE,
    "wagtailsnippets:index": lambda s: NONE,
    "wagtaildocs:index": lambda s: NONE,
    "wagtaildocs:index_results": lambda s: NONE,
    "wagtaildocs:add": lambda s: NONE,
    "wagtaildocs:edit": lambda s: {"": {"document_id": s.document.pk}},
    "wagtaildocs:delete": lambda s: {"": {"document_id": s.document.pk}},
    "wagtaildocs:add_multiple": lambda s: NONE,
    "wagtaildocs:edit_multiple": lambda s: {"": {"doc_id": s.document.pk}},
    "wagtaildocs:create_multiple_from_uploaded_document": one(uploaded_file_id=0),
    "wagtaildocs:delete_multiple": lambda s: {"": {"doc_id": s.document.pk}},
    "wagtaildocs:delete_upload_multiple": one(uploaded_file_id=0),
    "wagtaildocs:document_usage": lambda s: {"": {"document_id": s.document.pk}},
    "wagtaildocs_chooser:choose": lambda s: NONE,
    "wagtaildocs_chooser:choose_results": lambda s: NONE,
    "wagtaildocs_chooser:chosen": lambda s: {"": {"pk": str(s.document.pk)}},
    "wagtaildocs_chooser:chosen_multiple": lambda s: NONE,
    "wagtaildocs_chooser:create": lambda s: NONE,
    "wagtailimages:index": lambda s: NONE,
    "wagtailimages:index_results": lambda s: NONE,
    "wagtailimages:add": lambda s: NONE,
    "wagtailimages:add_multiple": lambda s: NONE,
    "wagtailimages:edit": images("image_id"),
    "wagtailimages:delete": images("image_id"),
    "wagtailimages:url_generator": images("image_id"),
    "wagtailimages:url_generator_output": images("image_id"),
    "wagtailimages:preview": lambda s: {
        label: {**kwargs, "filter_spec": "original"} for label, kwargs in images("image_id")(s).items()
    },
    "wagtailimages:image_usage": images("image_id"),
    "wagtailimages:edit_multiple": images("image_id"),
    "wagtailimages:delete_multiple": images("image_id"),
    "wagtailimages:create_multiple_from_uploaded_image": one(uploaded_file_id=0),
    "wagtailimages:delete_upload_multiple": one(uploaded_file_id=0),
    "wagtailimages_chooser:choose": lambda s: NONE,
    "wagtailimages_chooser:choose_results": lambda s: NONE,
    "wagtailimages_chooser:chosen": lambda s: {
        label: {"pk": str(kwargs["image_id"])} for label, kwargs in images("image_id")(s).items()
    },
    "wagtailimages_chooser:chosen_multiple": lambda s: {
        "": {},
        **{label: {"?": {"id": kwargs["image_id"]}} for label, kwargs in images("image_id")(s).items()},
    },
    "wagtailimages_chooser:create": lambda s: NONE,
    "wagtailimages_chooser:select_format": images("image_id"),
    **generic_crud("wagtailsites", "site", extra=("copy",)),
    **generic_crud("wagtailusers_users", "other_coach", extra=("copy",)),
    **generic_crud("wagtailusers_groups", "group"),
    "cascading_pages_admin:my_profile": lambda s: NONE,
    # Reached without logging in, by design.
    "wagtailadmin_login": lambda s: NONE,
    "wagtailadmin_logout": lambda s: NONE,
    "wagtailadmin_password_reset": lambda s: NONE,
    "wagtailadmin_password_reset_done": lambda s: NONE,
    "wagtailadmin_password_reset_confirm": one(uidb64="MQ", token="not-a-token"),
    "wagtailadmin_password_reset_complete": lambda s: NONE,
}
for _model in ("region", "expertisearea", "sector", "community", "language", "faqcategory"):
    OTHER_VIEWS.update(vocabulary_views(_model))


def interest_views():
    base = "cascading_pages_expressionofinterest_modeladmin_"
    views = {base + "index": lambda s: NONE, base + "create": lambda s: NONE}
    for action in ("edit", "delete", "history", "inspect", "resend"):
        views[base + action] = lambda s: {"": {"instance_pk": s.submission.pk}}
    # Changing the status of the selected ones: asked here with none selected.
    views[base + "bulk_status"] = lambda s: NONE
    views["cascading_take_up_overview"] = lambda s: NONE
    # The programme team's "Coaches" listing (interest/coach_listing.py), and its filtered results.
    views["cascading_pages_coaches:index"] = lambda s: NONE
    views["cascading_pages_coaches:index_results"] = lambda s: NONE
    return views


OTHER_VIEWS.update(interest_views())


def outbox_views():
    """The Outbox, tried on an email about Amara's leader."""
    base = "cascading_pages_outboxemail_modeladmin_"
    views = {base + "index": lambda s: NONE, base + "create": lambda s: NONE}
    for action in ("edit", "delete", "history", "inspect", "send-again"):
        views[base + action] = lambda s: {"": {"instance_pk": s.submission.emails.first().pk}}
    return views


OTHER_VIEWS.update(outbox_views())


def coach_response_views():
    """A coach's own leaders and availability; "respond" is tried on each coach's leader."""
    return {
        "cascading_pages_admin:my_leaders": lambda s: NONE,
        "cascading_pages_admin:my_availability": lambda s: NONE,
        "cascading_pages_admin:respond": lambda s: {
            "Amara's leader": {"submission_id": s.submission.pk},
            "Bethan's leader": {"submission_id": s.other_submission.pk},
        },
    }


OTHER_VIEWS.update(coach_response_views())
