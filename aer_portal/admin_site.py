"""The secretariat's admin site: Django's, without building the list of every model per page.

Django's admin builds the list of every app and model (a permission check and a URL for each
of some sixty models) for every page it draws, for the navigation sidebar. The portal's admin
draws no sidebar (its breadcrumbs and index lead to every list), so the list is built only
when a template asks for it: about 4 ms of each admin page at any size of AER (make bench).
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

#: Set on a request while :meth:`PortalAdminSite.each_context` runs.
_LAZY_APP_LIST = "_portal_admin_lazy_app_list"


class PortalAdminSite(AdminSite):
    """``admin.site`` (the default site of :class:`PortalAdminConfig`)."""

    #: The sidebar of every model on every page was a third of a 25-row list's time.
    enable_nav_sidebar = False

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        setattr(request, _LAZY_APP_LIST, True)
        try:
            return super().each_context(request)
        finally:
            delattr(request, _LAZY_APP_LIST)

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> Any:
        """Every app and model the person may see; for every page's context, built when used
        (only the sidebar asks for it); for the index and an app's index, at once."""
        if getattr(request, _LAZY_APP_LIST, False):
            return SimpleLazyObject(lambda: self._sorted_app_list(request, app_label))
        return self._sorted_app_list(request, app_label)

    def _sorted_app_list(self, request: HttpRequest, app_label: str | None) -> list[Any]:
        """Django's list in Django's order (apps, then models, by name), with each name
        translated once: Django sorts the lazy names themselves, and each comparison of the
        sort translated both sides again (some 1 700 translations an index page)."""
        app_dict = self._build_app_dict(request, app_label)
        for app in app_dict.values():
            app["name"] = str(app["name"])
            for model in app["models"]:
                model["name"] = str(model["name"])
        app_list = sorted(app_dict.values(), key=lambda app: app["name"].lower())
        for app in app_list:
            app["models"].sort(key=lambda model: model["name"])
        return app_list


class PortalAdminConfig(AdminConfig):
    """``django.contrib.admin`` with :class:`PortalAdminSite` as ``admin.site``."""

    default_site = "aer_portal.admin_site.PortalAdminSite"
