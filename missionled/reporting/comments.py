"""What participants wrote in their own words, for the provider to read: feedback comments and
three-month follow-up answers. Both are anonymous to everyone, so a row carries the course,
what was asked and the month, never a name, email, cohort or department."""

from typing import Any

from django import forms
from django.db.models import F, QuerySet
from django.db.models.functions import TruncMonth

from missionled.core.errors import NotAllowed
from missionled.evaluation.models import Feedback, FollowUp
from missionled.organisations.models import Role, User
from missionled.reporting.filters import ReportFilterForm, ReportFilters
from missionled.reporting.tables import Column, Table

PROVIDER_ONLY = "What participants wrote is for the provider to read."
COURSE, WORKSHOP, FOLLOW_UP = "course", "workshop", "follow_up"
SHOW_CHOICES = [
    (COURSE, "End-of-course feedback"),
    (WORKSHOP, "Workshop feedback"),
    (FOLLOW_UP, "Three-month follow-up answers"),
]
PAGE_SIZE = 25
BOOKING = "enrolment__cohort__booking__"


class FreeTextFilterForm(ReportFilterForm):
    """The report filters without the department: narrowing comments to one department brings
    each closer to the few people who could have written it."""

    show = forms.ChoiceField(
        label="What to read", choices=SHOW_CHOICES, required=False, initial=COURSE
    )

    field_order = ["show", "date_from", "date_to", "course"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["department"]

    def show_value(self) -> str:
        data = self.cleaned_data if self.is_bound and "show" not in self.errors else {}
        return data.get("show") or COURSE


def _require_provider(user: User) -> None:
    if user.role != Role.PROVIDER_ADMIN:
        raise NotAllowed(PROVIDER_ONLY)


def free_text_list(*, user: User, filters: ReportFilters, show: str) -> QuerySet[Any]:
    """The written answers of one kind as value rows (`course`, `order`, `kind`, `month`,
    `text`), by course, then workshop, newest first. Nothing that identifies the writer is
    selected, so nothing can reach the page by accident.

    :raises NotAllowed: for anyone but the provider.
    """
    _require_provider(user)
    course = F("enrolment__cohort__course__title")
    by_course = "enrolment__cohort__course__order"
    if show == FOLLOW_UP:
        return (
            FollowUp.objects.filter(filters.q(BOOKING), answered_at__isnull=False)
            .values(course=course, month=TruncMonth("answered_at"), text=F("answer"))
            .order_by(by_course, "-answered_at", "-pk")
        )
    return (
        Feedback.objects.filter(filters.q(BOOKING), session__isnull=show == COURSE)
        .exclude(comments="")
        .values(
            course=course,
            order=F("session__order"),
            kind=F("session__kind"),
            month=TruncMonth("submitted_at"),
            text=F("comments"),
        )
        .order_by(by_course, "session__order", "-submitted_at", "-pk")
    )


def free_text_table(rows: Any, show: str, total: int | None = None) -> Table:
    """Value rows from `free_text_list` as a table, for the page and the downloads."""
    from missionled.reporting.selectors import feedback_point

    shown = []
    for row in rows:
        item = {"course": row["course"], "month": row["month"].strftime("%B %Y")}
        if show != FOLLOW_UP:
            item["about"] = feedback_point(row["order"], row["kind"])
        item["text"] = row["text"]
        shown.append(item)
    columns = [Column("course", "Course")]
    if show != FOLLOW_UP:
        columns.append(Column("about", "Feedback on"))
    columns.append(Column("month", "Answered in"))
    columns.append(Column("text", "Answer" if show == FOLLOW_UP else "Comment"))
    title = dict(SHOW_CHOICES)[show]
    return Table(f"free_text_{show}", title, columns, shown, total_rows=total)
