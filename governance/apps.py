from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from governance.reminders import register_reminder_source
        from governance.selectors.reminders import SOURCES

        for name, source in SOURCES.items():
            register_reminder_source(name, source)
