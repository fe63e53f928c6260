"""What every wagtail-modeladmin screen of the plugin adds to wagtail-modeladmin's own views.

wagtail-modeladmin's history view checks no permission: anyone with access to the admin who types
an object's id reads its history, headed by the object's name (an expression of interest's names
the leader). The plugin's ModelAdmins use ``PermissionCheckedHistoryView``, which shows a history
only to users who may list the objects it belongs to.
"""

from wagtail_modeladmin.views import HistoryView


class PermissionCheckedHistoryView(HistoryView):
    def check_action_permitted(self, user):
        return self.permission_helper.user_can_list(user)
