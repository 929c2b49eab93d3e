"""allauth pages the portal replaces; included before allauth's own URLs, with its names."""

from django.urls import URLPattern, re_path

from members.invitations import password_from_link

urlpatterns: list[URLPattern] = [
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        password_from_link,
        name="account_reset_password_from_key",
    ),
]
