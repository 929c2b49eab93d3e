"""Views of the elections app, one module per audience: public, members, desk, voting."""

from __future__ import annotations

from django.http import Http404

from elections.models import Election
from elections.selectors import election_get
from members.http import PortalRequest


def get_election(request: PortalRequest, pk: int) -> Election:
    """The election if the person may see it, else 404 (drafts are for staff only)."""
    election = election_get(user=request.user, pk=pk)
    if election is None:
        raise Http404
    return election
