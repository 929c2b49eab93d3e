from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fees"
    verbose_name = _("Fees")

    def ready(self) -> None:
        import fees.checks  # noqa: F401  (registers the issuer's system check)
        from fees.reminders import invoice_reminders
        from governance.reminders import register_reminder_source

        register_reminder_source("fees.invoices", invoice_reminders)
