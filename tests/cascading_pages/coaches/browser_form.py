"""A leader's browser, as far as a plain GET form goes: what it would send for a rendered form."""

from html.parser import HTMLParser
from urllib.parse import urljoin


class _FormReader(HTMLParser):
    """The first ``<form>``'s action and the values a browser would submit, in document order."""

    def __init__(self, selector_class):
        super().__init__()
        self.selector_class = selector_class
        self.action = None
        self.fields = []  # [name, value] pairs
        self._in_form = False
        self._done = False
        self._select = None  # [name, first option value, selected value]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._done:
            return
        if tag == "form" and self.selector_class in (attrs.get("class") or "").split():
            self._in_form = True
            self.action = attrs.get("action", "")
            return
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            self.fields.append([name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")])
        elif tag == "select" and name:
            self._select = [name, None, None]
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in attrs:
                self._select[2] = value

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            name, first, selected = self._select
            self.fields.append([name, selected if selected is not None else (first or "")])
            self._select = None
        elif tag == "form" and self._in_form:
            self._in_form = False
            self._done = True


def submit_form(client, page_url, html, form_class, **typed):
    """GET ``form_class``'s form of ``html`` as a browser would, after typing ``typed`` into its
    fields (by name): its action, and every field's current value."""
    reader = _FormReader(form_class)
    reader.feed(html)
    assert reader.action is not None, f"no <form class={form_class!r}> on the page"
    data = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(typed.pop(name, value) if name in typed else value)
    assert not typed, f"the form has no fields {sorted(typed)}"
    return client.get(urljoin(page_url, reader.action), data)
