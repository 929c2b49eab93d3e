"""The portal's URLs: each app's are included by name, so this root URLconf imports none."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from aer_portal import views

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
    path("accounts/", include("members.account_urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
