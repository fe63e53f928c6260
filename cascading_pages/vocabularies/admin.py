"""The listing editors keep each vocabulary in (wagtail-modeladmin)."""

from wagtail_modeladmin.options import ModelAdmin

from cascading_pages.modeladmin import PermissionCheckedHistoryView


class VocabularyAdmin(ModelAdmin):
    history_view_class = PermissionCheckedHistoryView
    list_display = ("name", "sort_order", "slug")
    list_editable = ()
    search_fields = ("name",)
    ordering = ("sort_order", "name")
    add_to_settings_menu = False
    exclude_from_explorer = True


def vocabulary_admin(vocabulary_model, icon):
    return type(
        f"{vocabulary_model.__name__}Admin",
        (VocabularyAdmin,),
        {"model": vocabulary_model, "menu_icon": icon},
    )
