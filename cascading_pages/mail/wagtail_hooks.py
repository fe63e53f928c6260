"""The Outbox in the admin menu, for staff with the outbox permissions."""

from wagtail_modeladmin.options import modeladmin_register

from cascading_pages.mail.admin import OutboxEmailAdmin

modeladmin_register(OutboxEmailAdmin)
