"""The Atom feed of new working groups: the announcement "via the AER website" (seed 000)."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext, gettext_lazy

from working_groups.models import WorkingGroup

#: Entries a feed carries: readers poll it, they do not page through it.
FEED_ENTRIES = 50


class NewWorkingGroupsFeed(Feed):
    """The working groups the Executive Board established, the newest first."""

    feed_type = Atom1Feed
    title = gettext_lazy("AER: new working groups")
    subtitle = gettext_lazy("Working groups the Executive Board established, and how to join.")

    def link(self) -> str:
        return reverse("working_groups:list")

    def items(self) -> QuerySet[WorkingGroup]:
        return WorkingGroup.objects.select_related("body", "lead_region").order_by(
            "-established_on", "-pk"
        )[:FEED_ENTRIES]

    def item_title(self, item: WorkingGroup) -> str:
        return item.name

    def item_description(self, item: WorkingGroup) -> str:
        return gettext("%(focus)s — %(objective)s Lead region: %(lead)s.") % {
            "focus": item.focus,
            "objective": item.objective,
            "lead": item.lead_region.name,
        }

    def item_link(self, item: WorkingGroup) -> str:
        return reverse("working_groups:group", args=[item.slug])

    def item_pubdate(self, item: WorkingGroup) -> datetime:
        return timezone.make_aware(datetime.combine(item.established_on, time(9)))
