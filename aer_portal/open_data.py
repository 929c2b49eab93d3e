"""What every open-data answer shares: rate limit, pages, cache, ETag, and framing.

The apps' API views, feeds and embeddable pages (``<app>/api.py``, ``<app>/feeds.py``,
``<app>/embed.py``) use these; this module imports no app. Settings are read at request time,
so a change of ``OPEN_DATA_*`` or ``PUBLIC_SITE_ORIGINS`` applies without a restart of the
code that imported them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.http import ConditionalGetMiddleware
from django.utils import translation
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext
from django.views.decorators.cache import cache_page
from django.views.decorators.clickjacking import xframe_options_exempt
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import AnonRateThrottle

if TYPE_CHECKING:  # DRF's settings import this module while rest_framework.views loads
    from rest_framework.request import Request
    from rest_framework.views import APIView

View = Callable[..., HttpResponseBase]


class OpenDataThrottle(AnonRateThrottle):
    """Requests per client address, counted in the shared cache (``OPEN_DATA_RATE_LIMIT``)."""

    scope = "open-data"

    def get_rate(self) -> str:
        return str(settings.OPEN_DATA_RATE_LIMIT)

    def get_ident(self, request: Request) -> str:
        # The client's address as the login rate limits find it: a header the proxy sets
        # (ALLAUTH_TRUSTED_CLIENT_IP_HEADER), else X-Forwarded-For by NUM_PROXIES.
        header = settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER
        if header:
            value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "").strip()
            if value:
                return str(value)
        return str(super().get_ident(request))

    def allow_request(self, request: Request, view: APIView) -> bool:
        # The rate is read per request, not once at import as DRF does.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class OpenDataPagination(PageNumberPagination):
    """``?page=N`` of ``OPEN_DATA_PAGE_SIZE`` rows, or ``?page_size=`` up to 200."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Request) -> int | None:
        self.page_size = int(settings.OPEN_DATA_PAGE_SIZE)
        return super().get_page_size(request)


class Rows:
    """Rows counted and cut by the database: a paginator asks ``count()`` and one slice.

    ``fetch(start, stop)`` reads rows ``start`` to ``stop`` (the selector orders and slices in
    the database), so a page of 50 costs the same for a thousand rows.
    """

    def __init__(self, *, count: Callable[[], int], fetch: Callable[[int, int], list[Any]]):
        self._count = count
        self._fetch = fetch

    def count(self) -> int:
        return self._count()

    def __len__(self) -> int:
        return self._count()

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            raise TypeError("Rows are read a page at a time.")
        return self._fetch(index.start or 0, index.stop)


def embed_page(request: HttpRequest, rows: Rows | QuerySet[Any]) -> Page:
    """The page ``?page=N`` of ``OPEN_DATA_PAGE_SIZE`` rows an embed shows; a bad number, the
    first or last page (never an error)."""
    paginator = Paginator(cast(Any, rows), int(settings.OPEN_DATA_PAGE_SIZE))
    return paginator.get_page(request.GET.get("page"))


_conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def rate_limited(view: View) -> View:
    """The API's rate limit for a view outside DRF (feeds, calendar, embeds): 429 past it."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        throttle = OpenDataThrottle()
        if not throttle.allow_request(request, None):
            wait = throttle.wait()
            response = HttpResponse(
                gettext("Too many requests from your address: try again in a minute."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(int(wait or 60) + 1)
            return response
        return view(request, *args, **kwargs)

    return wrapped


def cached_public(view: View, *, throttled: bool = False) -> View:
    """Caches a public answer per address and language, and gives it an ETag.

    A client that sends the ETag back (``If-None-Match``) gets 304 Not Modified; the cache
    lives ``OPEN_DATA_CACHE_SECONDS`` (0: no cache). ``throttled`` adds the rate limit to a
    view outside DRF (DRF's views apply it themselves); a cached answer costs nothing, so it is
    not counted.
    """
    if throttled:
        view = rate_limited(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        seconds = int(settings.OPEN_DATA_CACHE_SECONDS)
        inner = cache_page(seconds, key_prefix="open-data")(view) if seconds > 0 else view
        return inner(request, *args, **kwargs)

    return cast(View, _conditional_get(wrapped))


def frame_ancestors() -> list[str]:
    """Who may frame an embeddable page: the website's origins, else nobody."""
    return list(settings.PUBLIC_SITE_ORIGINS) or ["'none'"]


def embeddable(view: View) -> View:
    """A page the website may show in an iframe: only from ``PUBLIC_SITE_ORIGINS``.

    The portal's other pages keep ``X-Frame-Options: DENY`` and ``frame-ancestors 'none'``.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # The website chooses the language in the address (?lang=fr): a frame cannot set the
        # reader's Accept-Language or cookie.
        language = request.GET.get("lang", "")
        if language not in {code for code, _name in settings.LANGUAGES}:
            language = translation.get_language() or settings.LANGUAGE_CODE
        with translation.override(language):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        response["Content-Language"] = language
        response._csp_replace = {"frame-ancestors": frame_ancestors()}  # type: ignore[attr-defined]
        return response

    return xframe_options_exempt(cached_public(wrapped, throttled=True))


def text_response(text: str, *, content_type: str, filename: str = "") -> HttpResponse:
    """A feed or calendar answer, inline, with its file name for those who save it."""
    response = HttpResponse(text, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
