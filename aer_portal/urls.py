"""The portal's URLs: each app's are included by name, so this root URLconf imports none."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from aer_portal import views
from aer_portal.open_data import cached_public

# The admin logs in through allauth, so it shares its rate limits and two-factor check.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "AER secretariat"
admin.site.site_title = "AER portal"
admin.site.index_title = "Secretariat"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("scheduled-work/", views.scheduled_work, name="scheduled_work"),
    path("scheduled-work/<slug:job>/run/", views.scheduled_work_run, name="scheduled_work_run"),
    path("", include("portal.urls")),
    path("", include("members.urls")),
    path("", include("governance.urls")),
    path("fees/", include("fees.urls")),
    path("", include("fees.application_urls")),
    path("working-groups/", include("working_groups.urls")),
    path("elections/", include("elections.urls")),
    # Open data (README, "Open data"): each app lists its own; aer_portal imports no app.
    path("api/v1/", include("members.api_urls")),
    path("api/v1/", include("governance.api_urls")),
    path("api/v1/", include("working_groups.api_urls")),
    path("api/v1/", include("elections.api_urls")),
    path(
        "api/v1/schema/",
        cached_public(SpectacularAPIView.as_view(authentication_classes=[])),
        name="api_schema",
    ),
    path(
        "api/v1/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api_schema", authentication_classes=[]),
        name="api_docs",
    ),
    path("feeds/", include("working_groups.feed_urls")),
    path("feeds/", include("elections.feed_urls")),
    # Pages the AER website may frame (only from PUBLIC_SITE_ORIGINS).
    path("embed/", include("members.embed_urls")),
    path("embed/", include("governance.embed_urls")),
    path("embed/", include("working_groups.embed_urls")),
    path("accounts/", include("members.account_urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
