"""Views of the elections app, one module per audience: public, members, desk, voting."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from elections.models import Election
from elections.selectors import election_get, is_election_committee
from members.http import PortalRequest
from members.models import User


def get_election(request: PortalRequest, pk: int) -> Election:
    """The election if the person may see it, else 404 (drafts are for staff only)."""
    election = election_get(user=request.user, pk=pk)
    if election is None:
        raise Http404
    return election


def require_committee(request: PortalRequest) -> User:
    """The Election Committee and the secretariat run the election (Procedures art. 15.1)."""
    user = request.user
    if not user.is_authenticated or not is_election_committee(
        user=user,
        on=timezone.localdate(),
    ):
        raise PermissionDenied
    return user
