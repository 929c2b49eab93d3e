from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "elections"
    verbose_name = _("Elections")

    def ready(self) -> None:
        from elections import reminders
        from governance.reminders import register_reminder_source

        register_reminder_source("elections.members", reminders.member_reminders)
        register_reminder_source("elections.secretariat", reminders.secretariat_reminders)
