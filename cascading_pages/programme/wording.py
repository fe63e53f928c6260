"""Editors' wording with placeholders: "Good news: {coach_name} has accepted".

An editor's text may name the placeholders its email offers, in braces; ``{{`` and ``}}`` write a
brace itself. ``PlaceholderValidator`` turns anything else (an unknown name, a brace on its own, a
``{name.attribute}``, ``{name:format}`` or ``{}``) into a form error the editor can act on, so a
text that was saved always fills. ``fill`` puts the values in by name only: it never looks up an
attribute or an index, and what the values contain (a leader's name with braces in it) is never
read as a placeholder. No database or request here.
"""

from string import Formatter

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible


class NotAPlaceholder(ValueError):
    """Braces around something other than a plain name: ``{coach.title}``, ``{name:>9}``, ``{}``."""


def _parts(text):
    """``(literal text, placeholder or None)`` pairs. ValueError for a brace on its own."""
    parts = []
    for literal, name, spec, conversion in Formatter().parse(text):
        if name is not None and (spec or conversion or not name.isidentifier()):
            written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise NotAPlaceholder(f"{{{written}}}")
        parts.append((literal, name))
    return parts


def placeholders_in(text):
    """The placeholder names ``text`` uses, in order. ValueError if it is not valid wording."""
    return [name for _, name in _parts(text) if name is not None]


def fill(text, values):
    """``text`` with each ``{name}`` replaced by ``str(values[name])``.

    KeyError for a name ``values`` lacks, ValueError for text that is not valid wording: the
    validator keeps both out of saved settings.
    """
    return "".join(
        literal + (str(values[name]) if name is not None else "") for literal, name in _parts(text)
    )


def listed(names):
    braced = [f"{{{name}}}" for name in names]
    return braced[0] if len(braced) == 1 else ", ".join(braced[:-1]) + " and " + braced[-1]


@deconstructible
class PlaceholderValidator:
    """A field's wording may use only the placeholders ``allowed`` (none if empty)."""

    def __init__(self, allowed=()):
        self.allowed = tuple(allowed)

    def __call__(self, text):
        offer = f"You can use {listed(self.allowed)}." if self.allowed else "This text takes no placeholders."
        try:
            names = placeholders_in(text)
        except NotAPlaceholder as error:
            raise ValidationError(
                "“%(placeholder)s” is not a placeholder this email knows. %(offer)s",
                code="placeholder",
                params={"placeholder": error.args[0], "offer": offer},
            ) from None
        except ValueError:
            raise ValidationError(
                "A “{” or “}” on its own cannot be sent. Write a placeholder in braces, like %(example)s, "
                "or a brace itself twice: {{ or }}.",
                code="brace",
                params={"example": f"{{{self.allowed[0]}}}" if self.allowed else "{coach_name}"},
            ) from None
        unknown = [name for name in names if name not in self.allowed]
        if unknown:
            raise ValidationError(
                "“%(placeholder)s” is not a placeholder this email knows. %(offer)s",
                code="placeholder",
                params={"placeholder": f"{{{unknown[0]}}}", "offer": offer},
            )

    def __eq__(self, other):
        return isinstance(other, PlaceholderValidator) and self.allowed == other.allowed
