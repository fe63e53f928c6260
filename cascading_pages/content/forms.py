"""A page's admin form that takes only the images and page links its author may use.

Wagtail's page form takes any image id for an image field and any page id in a rich text link: the
chooser offers only what the author may choose, but a posted form can name anything, and the editor,
the preview and "view draft" then show it (an image's title, a draft or private page's address).
This form refuses an image or linked page the author could not have chosen, unless the page
already had it (an editor may have put it there).
"""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.rich_text import extract_references_from_rich_text

IMAGE_NOT_YOURS = "Choose an image from the ones the image library offers you."
LINK_NOT_PUBLIC = (
    "A link here goes to a page that is not published or not public. Link to a page of the "
    "public site instead."
)


def linked_page_ids(html):
    """The ids of the pages a rich text value (in its stored form) links to."""
    return {
        int(object_id)
        for model, object_id, _path, _content_path in extract_references_from_rich_text(html or "")
        if issubclass(model, Page) and str(object_id).isdigit()
    }


def may_link_to(user, page_ids):
    """Whether ``user`` may link to every one of ``page_ids``: the public site's pages, and any page
    they can edit."""
    public = Page.objects.live().public().exclude(depth=1).filter(pk__in=page_ids)
    rest = set(page_ids) - set(public.values_list("pk", flat=True))
    editable = policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "change")
    return editable.filter(pk__in=rest).count() == len(rest)


def may_choose_image(user, image):
    policy = policy_registry.get_by_type(get_image_model())
    return policy.instances_user_has_permission_for(user, "choose").filter(pk=image.pk).exists()


class PermittedChoicesPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        if self.for_user is None:
            return cleaned_data
        for name in self.fields.keys() & cleaned_data.keys():
            field = self.model_field(name)
            if isinstance(field, RichTextField):
                self.check_links(name, cleaned_data[name])
            elif isinstance(field, models.ForeignKey) and issubclass(field.related_model, get_image_model()):
                self.check_image(name, field, cleaned_data[name])
        return cleaned_data

    def model_field(self, name):
        try:
            return self._meta.model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field, such as comment notifications
            return None

    def check_links(self, name, html):
        added = linked_page_ids(html) - linked_page_ids(getattr(self.instance, name, ""))
        if added and not may_link_to(self.for_user, added):
            self.refuse(name, ValidationError(LINK_NOT_PUBLIC, code="page_not_public"))

    def check_image(self, name, field, image):
        if image is None or image.pk == getattr(self.instance, field.attname, None):
            return
        if not may_choose_image(self.for_user, image):
            self.refuse(name, ValidationError(IMAGE_NOT_YOURS, code="image_not_yours"))

    def refuse(self, name, error):
        """Add ``error`` to field ``name`` and show the field as it was, not as posted: the form
        shown again must not render the refused image or page either."""
        self.add_error(name, error)
        field = self.fields[name]
        self.data = self.data.copy()
        self.data[self.add_prefix(name)] = field.widget.format_value(
            field.prepare_value(self.initial.get(name))
        )
