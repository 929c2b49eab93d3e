"""Behind a proxy, login rate limits count the client's address, not the proxy's."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import PASSWORD, UserFactory, member_officer

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PROXY = "10.0.0.2"  # every request reaches gunicorn from the proxy


def _fail_logins(client: Client, times: int, **headers: str) -> None:
    for attempt in range(times):
        client.post(
            LOGIN,
            {"login": UserFactory().email, "password": f"wrong-{attempt}"},
            REMOTE_ADDR=PROXY,
            **headers,
        )


def _logs_in(client: Client, email: str, **headers: str) -> bool:
    client.post(LOGIN, {"login": email, "password": PASSWORD}, REMOTE_ADDR=PROXY, **headers)
    return "_auth_user_id" in client.session


@pytest.fixture(autouse=True)
def _low_limit(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    cache.clear()


def test_without_the_setting_everyone_behind_the_proxy_shares_one_limit(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    _fail_logins(Client(), 3, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert not _logs_in(Client(), member_officer().email, HTTP_X_FORWARDED_FOR="198.51.100.9")


def test_with_one_trusted_proxy_each_client_address_has_its_own_limit(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    _fail_logins(Client(), 3, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert _logs_in(Client(), member_officer().email, HTTP_X_FORWARDED_FOR="198.51.100.9")
    # The attacker's address is locked out, and a forged first X-Forwarded-For entry does not
    # help: the proxy appends the real address, which is the one counted.
    assert not _logs_in(
        Client(), member_officer().email, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7"
    )


def test_a_client_ip_header_set_by_the_proxy_is_counted(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    _fail_logins(Client(), 3, HTTP_X_REAL_IP="203.0.113.7")
    assert _logs_in(Client(), member_officer().email, HTTP_X_REAL_IP="198.51.100.9")
    assert not _logs_in(Client(), member_officer().email, HTTP_X_REAL_IP="203.0.113.7")


def test_the_settings_come_from_the_environment() -> None:
    import os
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        " print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "aer_portal.settings.test",
        "ALLAUTH_TRUSTED_PROXY_COUNT": "2",
        "ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["2", "X-Real-IP"]
