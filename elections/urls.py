"""URLs of the elections app."""

from django.urls import URLPattern, URLResolver, path

from elections.views import candidacies, desk, public, round_actions, voting

app_name = "elections"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.election_list, name="list"),
    path("receipt/", public.receipt_check, name="receipt_check"),
    path("secrecy/", public.secrecy, name="secrecy"),
    path("<int:pk>/", public.election_detail, name="detail"),
    path("<int:pk>/results/", public.results, name="results"),
    path("<int:pk>/candidacies/", candidacies.candidacy_list, name="candidacy_list"),
    path("<int:pk>/candidacies/new/", candidacies.candidacy_new, name="candidacy_new"),
    path("<int:pk>/portfolio.pdf", candidacies.portfolio, name="portfolio"),
    path(
        "candidacies/<int:pk>/withdraw/",
        candidacies.candidacy_withdraw_view,
        name="candidacy_withdraw",
    ),
    path(
        "candidacies/<int:pk>/review/", candidacies.candidacy_review_view, name="candidacy_review"
    ),
    path("candidacies/<int:pk>/<str:which>/", candidacies.candidacy_file, name="candidacy_file"),
    path("<int:pk>/desk/", desk.desk, name="desk"),
    path("<int:pk>/talliers/", desk.talliers, name="talliers"),
    path("<int:pk>/portfolio/send/", desk.portfolio_send, name="portfolio_send"),
    path("<int:pk>/portfolio/progress/", desk.portfolio_progress, name="portfolio_progress"),
    path("<int:pk>/announce/", desk.announce, name="announce"),
    path("<int:pk>/publish/", desk.results_publish_view, name="results_publish"),
    path("positions/<int:pk>/rounds/new/", round_actions.round_open_view, name="round_open"),
    path("positions/<int:pk>/ratify/", round_actions.bureau_ratify_view, name="bureau_ratify"),
    path("rounds/<int:pk>/counts/", round_actions.round_counts, name="round_counts"),
    path("rounds/<int:pk>/close/", round_actions.round_close_view, name="round_close"),
    path("rounds/<int:pk>/tie/", round_actions.round_tie, name="round_tie"),
    path("rounds/<int:pk>/vote/", voting.vote, name="vote"),
    path("rounds/<int:pk>/turnout/", voting.turnout, name="turnout"),
]
