"""The secretariat's long admin lists: a short first page, one count, constant queries."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aer_portal.admin_lists import PortalActionForm, PortalListMixin, row_url
from fees.models import Invoice
from governance.models import Body, Mandate, Meeting
from members.models import Member, Membership, MemberStatistics, Person
from tests.factories import MemberFactory, UserFactory, with_totp

pytestmark = pytest.mark.django_db

#: The lists that grow with AER's history (the benchmark times them at five times its size).
LONG_LISTS = [Member, Person, Membership, MemberStatistics, Mandate, Body, Meeting, Invoice]


@pytest.mark.parametrize("model", LONG_LISTS, ids=lambda model: model.__name__)
def test_every_long_list_draws_a_short_page_and_counts_once(model: type) -> None:
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, PortalListMixin)
    assert model_admin.list_per_page == 25
    assert model_admin.show_full_result_count is False


def test_the_selection_box_is_the_one_django_renders() -> None:
    member = MemberFactory(name='Région "<Île> & Co"')
    ours = admin.site._registry[Member].action_checkbox(member)
    djangos = admin.ModelAdmin(Member, admin.site).action_checkbox(member)
    assert ours == djangos


def test_the_action_form_is_the_one_django_renders() -> None:
    choices = [("", "---------"), ("delete_selected", 'Delete <selected> "members"')]
    ours, djangos = PortalActionForm(auto_id=None), helpers.ActionForm(auto_id=None)
    ours.fields["action"].choices = djangos.fields["action"].choices = choices
    for name in ("action", "select_across"):
        assert str(ours[name]) == str(djangos[name])


def test_a_row_links_where_django_would_link_it() -> None:
    member = MemberFactory()
    request = RequestFactory().get("/admin/members/member/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    model_admin = admin.site._registry[Member]
    changelist = model_admin.get_changelist_instance(request)
    djangos = ChangeList.url_for_result(changelist, member)
    assert changelist.url_for_result(member) == djangos
    assert changelist.url_for_result(member) == djangos  # the second row, from the first's URL
    assert row_url("governance:meeting_detail", 42) == reverse(
        "governance:meeting_detail", args=[42]
    )


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(with_totp(UserFactory(is_staff=True, is_superuser=True)))
    return client


def _member_list(client: Client) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:members_member_changelist"))
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries], response.content.decode()


def test_the_member_list_takes_the_same_queries_for_3_and_40_members(
    admin_client: Client,
) -> None:
    MemberFactory.create_batch(3)
    few, content = _member_list(admin_client)
    assert content.count('class="action-select"') == 3
    MemberFactory.create_batch(37)
    many, content = _member_list(admin_client)
    assert content.count('class="action-select"') == 25
    assert len(many) == len(few)
    assert 'href="?p=2"' in content
    # One count of the table: the page's. "40 total" beside the search would be a second.
    assert sum("COUNT(" in sql for sql in many) == 1


def test_an_admin_list_draws_no_sidebar_of_every_model(admin_client: Client) -> None:
    """The sidebar listed every model on every admin page: a third of a list's time."""
    content = _member_list(admin_client)[1]
    assert 'id="nav-sidebar"' not in content
    assert 'class="breadcrumbs"' in content


@pytest.mark.parametrize("model", LONG_LISTS, ids=lambda model: model.__name__)
def test_no_long_list_truncates_every_date_for_a_hierarchy(model: type) -> None:
    """A date hierarchy reads every row's date and truncates it (in Python on SQLite) at each
    view of the list: the date filters find the same rows."""
    assert admin.site._registry[model].date_hierarchy is None


def test_an_admin_list_builds_no_list_of_every_model(
    admin_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Django built the list of every app and model for each admin page, for the sidebar the
    portal does not draw (4 ms a page); the index still lists them."""
    built: list[str | None] = []
    original = admin.AdminSite.get_app_list

    def counting(site: admin.AdminSite, request, app_label=None):  # type: ignore[no-untyped-def]
        built.append(app_label)
        return original(site, request, app_label)

    monkeypatch.setattr(admin.AdminSite, "get_app_list", counting)
    _member_list(admin_client)
    assert built == []
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:members_member_changelist") in index


# --- The rows written in Python are Django's, byte for byte -------------------------------


def _both_renderings(model: type, query: str) -> tuple[str, str]:
    """A model's admin list (its table with the rows, its page links, its search box and each
    filter) as Django's templates draw it, and as the portal's Python writes it, for the
    same request."""
    from django.contrib.admin.templatetags import admin_list
    from django.template.loader import get_template

    from aer_portal.admin_lists import (
        list_filter_html,
        pagination_html,
        portal_result_list,
        results_html,
        search_form_html,
    )

    request = RequestFactory().get(f"/admin/x/?{query}")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    model_admin = admin.site._registry[model]
    changelist = model_admin.get_changelist_instance(request)
    changelist.formset = None  # as the changelist view sets it for a list edited nowhere
    djangos, ours = admin_list.result_list(changelist), portal_result_list(changelist)
    assert ours["result_headers"] == djangos["result_headers"]
    assert ours["num_sorted_fields"] == djangos["num_sorted_fields"]
    assert ours["result_hidden_fields"] == djangos["result_hidden_fields"]
    djangos_parts = [
        get_template("admin/change_list_results.html").render(djangos),
        get_template("admin/pagination.html").render(admin_list.pagination(changelist)),
        get_template("admin/search_form.html").render(admin_list.search_form(changelist)),
    ]
    ours_parts = [
        results_html(changelist, ours),
        pagination_html(changelist),
        search_form_html(changelist),
    ]
    for spec in changelist.filter_specs:
        djangos_parts.append(admin_list.admin_list_filter(changelist, spec))
        ours_parts.append(list_filter_html(changelist, spec))
    return "\n".join(djangos_parts), "\n".join(ours_parts)


#: Each app's test world, so that every list has rows of its own (dates, choices, flags,
#: empty values, links to other records) to compare.
WORLDS = {
    "governance": "tests.governance.world",
    "fees": "tests.fees.test_views",
    "working groups": "tests.working_groups.conftest",
    "elections": "tests.elections.test_views",
}


@pytest.fixture(params=list(WORLDS))
def any_world(request, settings, tmp_path):  # type: ignore[no-untyped-def]
    import importlib

    settings.MEDIA_ROOT = tmp_path
    module = importlib.import_module(WORLDS[request.param])
    if hasattr(module, "TODAY"):
        request.getfixturevalue("time_machine").move_to(module.TODAY)
    world = module.build_world()
    MemberFactory(name='Région "<Île> & Co"')
    return world


#: Every query in English; in French the plain list and the one with facets, where the words
#: (headers, choices, dates, filter titles) are: the query changes which rows, not their words.
LANGUAGE_QUERIES = [
    *(
        ("en", query)
        for query in ["", "o=-1&q=a", "o=2.-1", "_facets=1", "_popup=1", "_to_field=id&_popup=1"]
    ),
    ("fr", ""),
    ("fr", "_facets=1"),
]


@pytest.mark.parametrize(("language", "query"), LANGUAGE_QUERIES)
def test_every_admin_list_draws_the_rows_django_draws(any_world, language: str, query: str) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    compared = 0
    with translation.override(language):
        for model in admin.site._registry:
            try:
                djangos, ours = _both_renderings(model, query)
            except Exception as error:  # a list refusing the query refuses it for both
                if type(error).__name__ in ("IncorrectLookupParameters", "DisallowedModelAdmin"):
                    continue
                raise
            assert ours == djangos, model.__name__
            compared += bool(djangos)
    assert compared >= 5


@pytest.mark.parametrize("query", ["", "p=2", "p=3&o=-2", "all="])
def test_a_long_list_draws_the_page_links_django_draws(query: str) -> None:
    """Three pages of members: the page links, "Show all" and the count, in both languages."""
    from django.utils import translation

    MemberFactory.create_batch(60)
    for language in ("en", "fr"):
        with translation.override(language):
            djangos, ours = _both_renderings(Member, query)
        assert ours == djangos
    assert "paginator" in ours


@pytest.mark.parametrize("members", [3, 30])
def test_the_actions_are_the_ones_django_draws(members: int) -> None:
    """The action form, its button and the selection counter ("Select all 30 members" when
    the list has more than one page), in both languages, at the top and at the bottom."""
    from django.template.loader import get_template
    from django.utils import translation

    from aer_portal.admin_lists import actions_html

    MemberFactory.create_batch(members)
    request = RequestFactory().get("/admin/members/member/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    model_admin = admin.site._registry[Member]
    changelist = model_admin.get_changelist_instance(request)
    for language in ("en", "fr"):
        with translation.override(language):
            form = model_admin.action_form(auto_id=None)
            form.fields["action"].choices = model_admin.get_action_choices(request)
            context = {
                "cl": changelist,
                "opts": changelist.opts,
                "action_form": form,
                "actions_selection_counter": True,
                "module_name": str(Member._meta.verbose_name_plural),
                "selection_note": f"0 of {len(changelist.result_list)} selected",
                "selection_note_all": f"All {changelist.result_count} selected",
            }
            ours = [actions_html(context), actions_html(context)]
            djangos = [
                get_template("admin/actions.html").render({**context, "action_index": index})
                for index in (0, 1)
            ]
            assert ours == djangos
    assert ('class="question hidden"' in ours[0]) is (members > 25)


@pytest.mark.parametrize("superuser", [True, False])
@pytest.mark.parametrize("model", [Member, Meeting], ids=lambda model: model.__name__)
def test_the_object_tools_are_the_ones_django_draws(
    client: Client, monkeypatch: pytest.MonkeyPatch, model: type, superuser: bool
) -> None:
    """ "Add …", "Import" and "Export" above a list as Django's and import_export's templates
    draw them, for the superuser and for a staff member who may only look at the list."""
    import re

    from django.contrib.auth.models import Permission

    user = with_totp(UserFactory(is_staff=True, is_superuser=superuser))
    user.user_permissions.add(Permission.objects.get(codename=f"view_{model._meta.model_name}"))
    client.force_login(user)
    model_admin = admin.site._registry[model]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    def page() -> str:
        content = client.get(url).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content)

    ours = page()
    if hasattr(model_admin, "has_import_permission"):
        template = "admin/import_export/change_list_import_export.html"
        monkeypatch.setattr(model_admin, "change_list_template", template)
    monkeypatch.setattr(
        "aer_portal.templatetags.portal_admin_list.object_tools_html",
        lambda context: (_ for _ in ()).throw(AssertionError("drawn in Python")),
    )
    monkeypatch.setattr(
        "aer_portal.templatetags.portal_admin_list.django_draws", lambda opts, name: False
    )
    assert page() == ours
    assert ("addlink" in ours) is superuser
