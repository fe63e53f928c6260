"""Spreadsheet exports that a spreadsheet program cannot be tricked into running.

A leader, coach or editor can type ``=HYPERLINK("https://evil.example", "Click")`` into a form;
opened from a CSV (or re-entered from an XLSX cell), a spreadsheet reads it as a formula. Every
export the plugin produces passes each text cell, and each heading, through ``spreadsheet_safe``.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

# What a spreadsheet takes as the start of a formula, or strips before looking for one.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value):
    """Text starting like a formula gets a leading apostrophe; anything else is returned as it is.

    A lone "-" (the admin's "no value") is left alone: no spreadsheet reads it as a formula.
    """
    if isinstance(value, str) and value != "-" and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin(SpreadsheetExportMixin):
    """Wagtail's CSV/XLSX export, with every text cell and heading passed through spreadsheet_safe.

    Declared on the plugin's own export views, including where a view overrides ``get_heading``
    (wagtail-modeladmin's index), which the mixin-wide wrapping below cannot reach.
    """

    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return spreadsheet_safe(super().get_heading(queryset, field))


def protect_wagtail_exports():
    """Make Wagtail's own exports (page reports such as "Aging pages" and "Site history", which
    list page titles a coach can set) as safe as ours, by wrapping the one mixin they all use.

    Called once from the app's ``ready()``; ``spreadsheet_safe`` is idempotent, so views that
    also use ``SafeSpreadsheetExportMixin`` are not changed twice.
    """
    if getattr(SpreadsheetExportMixin, "_cascading_safe", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    heading = SpreadsheetExportMixin.get_heading

    def safe_preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(preprocess(self, field, value, export_format))

    def safe_get_heading(self, queryset, field):
        return spreadsheet_safe(heading(self, queryset, field))

    SpreadsheetExportMixin.preprocess_field_value = safe_preprocess_field_value
    SpreadsheetExportMixin.get_heading = safe_get_heading
    SpreadsheetExportMixin._cascading_safe = True
