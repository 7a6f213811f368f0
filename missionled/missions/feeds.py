"""An Atom feed of new published figures. It names no one."""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from missionled.missions.models import ProgressPoint
from missionled.missions.selectors import date_format, number_format, progress_point_recent


class ProgressPointFeed(Feed[ProgressPoint, ProgressPoint]):
    feed_type = Atom1Feed
    title = "Mission milestones: new figures"
    subtitle = "Each new or corrected figure recorded against a mission milestone."

    def link(self) -> str:
        return reverse("missions:index")

    def items(self) -> list[ProgressPoint]:
        return list(progress_point_recent())

    def item_title(self, item: ProgressPoint) -> str:
        verb = "Corrected figure" if item.supersedes_id else "New figure"
        return (
            f"{item.milestone.name}: {verb.lower()} {number_format(item.value)} "
            f"for {date_format(item.date)}"
        )

    def item_description(self, item: ProgressPoint) -> str:
        parts = [
            f"{number_format(item.value)} ({item.milestone.unit}) for {date_format(item.date)}."
        ]
        if item.note:
            parts.append(item.note)
        parts.append(f"Source: {item.source_url}")
        return " ".join(parts)

    def item_link(self, item: ProgressPoint) -> str:
        url = reverse("missions:detail", args=[item.milestone.mission.slug])
        return f"{url}#{item.milestone.slug}"

    def item_guid(self, item: ProgressPoint) -> str:
        return f"missionled:progress-point:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: ProgressPoint) -> datetime:
        return item.created_at

    def item_updateddate(self, item: ProgressPoint) -> datetime:
        return item.created_at
