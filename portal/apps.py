"""The portal app: the pages, middleware and commands that gather every app."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from governance.selectors.roles import connect_role_signals
        from portal.reminders import register_reminder_sources

        register_reminder_sources()
        connect_role_signals()
