from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkingGroupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "working_groups"
    verbose_name = _("Working groups")

    def ready(self) -> None:
        from governance.reminders import register_reminder_source
        from working_groups import reminders

        register_reminder_source("working_groups.review", reminders.review_reminders)
        register_reminder_source(
            "working_groups.decision_missing", reminders.decision_missing_reminders
        )
        register_reminder_source(
            "working_groups.mandate_ending", reminders.mandate_ending_reminders
        )
