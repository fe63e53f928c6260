"""Admin menus: the vocabularies editors keep coach profiles described with."""

from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from .models import Community, ExpertiseArea, FaqCategory, Language, Region, Sector


class VocabularyAdmin(ModelAdmin):
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


@modeladmin_register
class VocabulariesGroup(ModelAdminGroup):
    menu_label = "Vocabularies"
    menu_icon = "tag"
    menu_order = 300
    items = (
        vocabulary_admin(Region, "site"),
        vocabulary_admin(ExpertiseArea, "pick"),
        vocabulary_admin(Sector, "group"),
        vocabulary_admin(Community, "user"),
        vocabulary_admin(Language, "globe"),
        vocabulary_admin(FaqCategory, "help"),
    )
