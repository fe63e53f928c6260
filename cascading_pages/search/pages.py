"""Which pages the search index holds: live, public ones only.

A page's document (its summary, biography, owner and the rest of its ``search_fields``) is in the
engine only while the page is published and no view restriction covers it or an ancestor. Filtering
results is not enough: whatever an index holds can leak through a query, a snapshot of the cluster
or a misconfigured engine user. Every page type of the plugin's inherits the rule::

    class CoachPage(PublicPagesIndex, HeadlessPreviewable, Page): ...

``get_indexed_objects`` is what ``update_index`` rebuilds from, what the index tasks index (and
what they remove when a page has left it: ``tasks.index_objects``) and what the index check
compares with, so one rule keeps all three in line. A consequence: Wagtail's admin search finds
live, public pages only; editors reach drafts and private pages through the page tree.
"""


class PublicPagesIndex:
    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().live().public()
