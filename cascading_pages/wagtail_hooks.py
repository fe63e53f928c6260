"""Admin menus: the vocabularies editors keep coach profiles described with, and the programme
team's expressions of interest and take-up overview."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from .interest.admin import ExpressionOfInterestAdmin, TakeUpOverviewView
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


modeladmin_register(ExpressionOfInterestAdmin)


@hooks.register("register_admin_urls")
def register_take_up_overview_url():
    return [path("take-up/", TakeUpOverviewView.as_view(), name="cascading_take_up_overview")]


class TakeUpMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("cascading_pages.view_expressionofinterest")


@hooks.register("register_admin_menu_item")
def register_take_up_menu_item():
    return TakeUpMenuItem("Take-up overview", reverse("cascading_take_up_overview"), icon_name="table", order=260)
