"""Every page the benchmark registers, opened in Chromium by every role, meets WCAG 2.1 A and
AA as axe-core checks it, is valid HTML for the Nu HTML Checker, names every form control,
uses every id once and writes its days in words ("18 December 2026", never "2026-12-18").

One test per role, so that pytest-xdist spreads the crawl over its workers; each role opens
every page (a page for another role shows what that role gets: the login page, a refusal),
each page answered at a given address is checked once per role, and the login page (whatever
its `next`) and the refusal page once per role. The Nu HTML Checker runs once
per role, on all the pages saved during its crawl. axe-core and vnu-jar come from the
portal's npm packages; vnu needs Java (scripts/install-system-packages.sh --test installs it).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import Error as PlaywrightError

from aer_portal.bench import REFERENCE_PAGE, TRIVIAL_PAGE, Role, role_accounts
from members.models import User
from portal.bench import registered_pages
from tests.html_checks import numeric_days, page_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: WCAG 2.1 levels A and AA, as axe-core tags its rules.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: A phone's width: where a wide table must scroll, and be scrollable by keyboard.
PHONE_WIDTH = 375


@dataclass(frozen=True)
class CrawledPage:
    role: Role
    url: str
    html: str


def _session_cookie(user: User, live_url: str, language: str) -> list[dict[str, str]]:
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_url}]
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    cookies.append(
        {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_url}
    )
    return cookies


def crawl(
    browser: object,
    live_url: str,
    *,
    language: str = "en",
    axe: bool = False,
    own_role_only: bool = False,
    admin: bool = True,
    roles: tuple[Role, ...] = tuple(Role),
) -> Iterator[tuple[CrawledPage, list[str]]]:
    """Opens every registered page as each of `roles` (or only as the role it is registered
    for); yields each HTML page answered, once per role and address (the login and refusal
    pages once per role), with what axe-core found on it (when `axe`)."""
    pages = [page for page in registered_pages() if page not in (TRIVIAL_PAGE, REFERENCE_PAGE)]
    accounts = role_accounts()
    script = AXE.read_text() if axe else ""
    for role in roles:
        user = accounts[role]
        context = browser.new_context(  # type: ignore[attr-defined]
            locale="fr-FR" if language == "fr" else "en-GB",
            viewport={"width": 1280, "height": 900},
            # axe-core is added to the page as a script of its own; the portal's policy
            # allows only its own scripts.
            bypass_csp=axe,
        )
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_url}]
        if user is not None:
            cookies = _session_cookie(user, live_url, language)
        context.add_cookies(cookies)
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        seen: set[str] = set()
        for bench_page in pages:
            if own_role_only and bench_page.role is not role:
                continue
            # The URL of a page about one record is that of the page's own role's record.
            url = bench_page.url_for(accounts[bench_page.role])
            try:
                response = tab.goto(f"{live_url}{url}")
            except PlaywrightError as error:
                # A calendar (ICS) or a download is no page to check; JSON and feeds are
                # skipped below by their content type.
                if "Download is starting" in str(error):
                    continue
                raise
            assert response is not None
            final = tab.url.removeprefix(live_url)
            if not admin and final.startswith("/admin/"):
                continue
            # The login page another role's page sends to (its `next` aside) and the refusal
            # page are the same page whatever was asked: checked once per role.
            if response.status == 403:
                key = "refused"
            else:
                key = final.split("?", 1)[0] if final != url else final
            if key in seen or "text/html" not in response.headers.get("content-type", ""):
                continue
            seen.add(key)
            problems = []
            if axe:
                tab.set_viewport_size({"width": 1280, "height": 900})
                problems += _axe(tab, script, WCAG_TAGS)
                # Only the phone's own rule again at its width: the rest does not change.
                tab.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
                problems += _axe(tab, script, ["scrollable-region-focusable"], rules=True)
                tab.set_viewport_size({"width": 1280, "height": 900})
            yield CrawledPage(role, final, response.text()), problems
        context.close()


def _axe(tab: object, script: str, values: list[str], *, rules: bool = False) -> list[str]:
    if not tab.evaluate("() => typeof window.axe !== 'undefined'"):  # type: ignore[attr-defined]
        tab.add_script_tag(content=script)  # type: ignore[attr-defined]
    kind = "rule" if rules else "tag"
    result = tab.evaluate(  # type: ignore[attr-defined]
        "([kind, values]) => axe.run(document, {runOnly: {type: kind, values: values}})",
        [kind, values],
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in result["violations"]
    ]


def _vnu_errors(folder: Path) -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is not installed: run `make test`, which installs it for vnu-jar.")
    run = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--skip-non-html",
            "--format",
            "json",
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message', '')}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.replace(" ", "-"))
def test_every_page_for_every_role_passes_axe_and_the_html_checker(  # type: ignore[no-untyped-def]
    browser, live_server, seeded, tmp_path: Path, role: Role
) -> None:
    started = time.perf_counter()
    problems: list[str] = []
    saved: dict[str, str] = {}
    for crawled, found in crawl(browser, live_server.url, axe=True, roles=(role,)):
        where = f"{crawled.url} as {crawled.role}"
        problems += [f"{where}: {problem}" for problem in found]
        problems += [f"{where}: {problem}" for problem in page_problems(crawled.html)]
        problems += [f"{where}: the day {day} in digits" for day in numeric_days(crawled.html)]
        name = f"{len(saved):03d}-{crawled.role.replace(' ', '-')}.html"
        (tmp_path / name).write_text(crawled.html)
        saved[name] = where
    assert len(saved) > 5  # the role got pages, not only the login page
    crawled_in = time.perf_counter() - started
    for error in _vnu_errors(tmp_path):
        name, message = error.split(":", 1)
        problems.append(f"{saved.get(name, name)}: HTML: {message}")
    took = time.perf_counter() - started
    print(f"{len(saved)} pages: crawled in {crawled_in:.0f} s, checked in {took:.0f} s")
    assert not problems, "\n".join(problems)
