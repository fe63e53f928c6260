"""StreamField blocks editors build the home page and standard pages from."""

from wagtail import blocks


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    link_page = blocks.PageChooserBlock(required=False)
    link_url = blocks.URLBlock(required=False, help_text="Used when no page is chosen.")
    link_label = blocks.CharBlock(max_length=60)

    class Meta:
        icon = "link"
        template = "cascading_pages/components/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("link_page") and not value.get("link_url"):
            raise blocks.StructBlockValidationError(
                block_errors={"link_page": blocks.BlockValidationError("Choose a page or enter a URL.")}
            )
        return value


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "cascading_pages/components/quote.html"


class KeyFactBlock(blocks.StructBlock):
    value = blocks.CharBlock(max_length=40, help_text="For example “£800” or “5 sessions”.")
    label = blocks.CharBlock(max_length=120)


class KeyFactsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    facts = blocks.ListBlock(KeyFactBlock(), min_num=1, max_num=8)

    class Meta:
        icon = "list-ul"
        template = "cascading_pages/components/key_facts.html"


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "cascading_pages/components/heading.html"


class ContentStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock(max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul", "h3"])
    call_to_action = CallToActionBlock()
    quote = QuoteBlock()
    key_facts = KeyFactsBlock()
