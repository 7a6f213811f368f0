"""Read-only figures for the dashboards. Every figure is aggregated in the database, grouped by
a bounded dimension (month, course, department, grade), so a table costs the same few queries
whether there are ten cohorts or ten thousand."""

from datetime import datetime
from typing import Any

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth

from missionled.catalogue.models import Course, SessionTemplate
from missionled.cohorts.models import Booking, Cohort, Session
from missionled.enrolments.models import Enrolment
from missionled.evaluation.models import CAPABILITIES, Feedback, SelfAssessment
from missionled.reporting.filters import ReportFilters
from missionled.reporting.tables import (
    MIN_RESPONSES,
    SUPPRESSED,
    ChartSpec,
    Column,
    Table,
    mean,
    rate,
)

S = Booking.Status
LIVE = [S.CONFIRMED, S.IN_DELIVERY, S.COMPLETED]  # bookings that have a cohort in use
STARTED = [S.IN_DELIVERY, S.COMPLETED]
ENROLLED = Enrolment.Status.ENROLLED
WAITLISTED = Enrolment.Status.WAITLISTED
PAGE_ROWS = 50


def _rows(queryset: Any) -> list[dict[str, Any]]:
    """Values rows as plain dicts, so they can be renamed and extended for display."""
    return [dict(row) for row in queryset]


def _enrolled_count(status: str = ENROLLED) -> Coalesce:
    """The number of a cohort's enrolments in `status`, as a correlated subquery."""
    counted = (
        Enrolment.objects.filter(cohort=OuterRef("pk"), status=status)
        .order_by()
        .values("cohort")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), Value(0))


# Provider dashboard -------------------------------------------------------------------------


def pipeline_table(filters: ReportFilters, **_: Any) -> Table:
    """Bookings by the month of their earliest start and by status."""
    counts = {status.value: Count("id", filter=Q(status=status)) for status in S}
    rows = _rows(
        Booking.objects.filter(filters.q())
        .annotate(month=TruncMonth("earliest_start"))
        .values("month")
        .annotate(total=Count("id"), **counts)
        .order_by("month")
    )
    for row in rows:
        row["month"] = row["month"].strftime("%B %Y") if row["month"] else ""
    columns = [Column("month", "Month of earliest start")]
    columns += [Column(status.value, status.label, "int") for status in S]
    columns.append(Column("total", "All bookings", "int"))
    chart = ChartSpec("month", tuple(status.value for status in S), stacked=True)
    return Table("pipeline", "Bookings pipeline by status and month", columns, rows, chart)


def utilisation_table(filters: ReportFilters, **_: Any) -> Table:
    """Cohorts running, seats filled and waiting lists, by course."""
    cohorts = {
        row["course__title"]: row
        for row in Cohort.objects.filter(filters.q("booking__"), booking__status__in=LIVE)
        .values("course__title", "course__order")
        .annotate(
            running=Count("id", filter=Q(booking__status=S.IN_DELIVERY)),
            upcoming=Count("id", filter=Q(booking__status=S.CONFIRMED)),
            completed=Count("id", filter=Q(booking__status=S.COMPLETED)),
            places=Sum("capacity"),
        )
    }
    people = {
        row["cohort__course__title"]: row
        for row in Enrolment.objects.filter(
            filters.q("cohort__booking__"), cohort__booking__status__in=LIVE
        )
        .values("cohort__course__title")
        .annotate(
            enrolled=Count("id", filter=Q(status=ENROLLED)),
            waiting=Count("id", filter=Q(status=WAITLISTED)),
            waiting_cohorts=Count("cohort", filter=Q(status=WAITLISTED), distinct=True),
        )
    }
    rows = []
    for title, row in sorted(cohorts.items(), key=lambda item: item[1]["course__order"]):
        got: dict[str, Any] = dict(people.get(title) or {})
        rows.append(
            {
                "course": title,
                "running": row["running"],
                "upcoming": row["upcoming"],
                "completed": row["completed"],
                "places": row["places"] or 0,
                "enrolled": got.get("enrolled", 0),
                "utilisation": rate(got.get("enrolled", 0), row["places"]),
                "waiting": got.get("waiting", 0),
                "waiting_cohorts": got.get("waiting_cohorts", 0),
            }
        )
    columns = [
        Column("course", "Course"),
        Column("running", "Cohorts running", "int"),
        Column("upcoming", "Cohorts not yet started", "int"),
        Column("completed", "Cohorts completed", "int"),
        Column("places", "Places", "int"),
        Column("enrolled", "Enrolled", "int"),
        Column("utilisation", "Seat utilisation", "percent"),
        Column("waiting", "People on waiting lists", "int"),
        Column("waiting_cohorts", "Cohorts with a waiting list", "int"),
    ]
    chart = ChartSpec("course", ("places", "enrolled", "waiting"))
    return Table(
        "utilisation",
        "Cohorts, seat utilisation and waiting lists by course",
        columns,
        rows,
        chart,
        note="Seat utilisation is the people enrolled divided by the places in their cohorts.",
    )


def _completion_rows(filters: ReportFilters, group: list[str]) -> list[dict[str, Any]]:
    """Enrolled, finished and completed leaders grouped by `group`, with attendance merged in
    from one more grouped query."""
    from missionled.reporting import attendance

    rows = _rows(
        Enrolment.objects.filter(filters.q("cohort__booking__"), status=ENROLLED)
        .filter(cohort__booking__status__in=LIVE)
        .values(*group)
        .annotate(
            enrolled=Count("id"),
            finished=Count("id", filter=Q(cohort__booking__status=S.COMPLETED)),
            **attendance.completion_annotations(),
        )
        .order_by(*group)
    )
    marks = attendance.attendance_by(filters, group)
    for row in rows:
        marked = marks.get(tuple(row[name] for name in group), {})
        row["attendance_rate"] = rate(marked.get("attended"), marked.get("marked"))
        row["completion_rate"] = rate(row["completed"], row["finished"])
        row["course"] = row.pop("cohort__course__title")
        row.pop("cohort__course__order", None)
        if "cohort__department__acronym" in row:
            row["department"] = row.pop("cohort__department__acronym")
    return rows


COMPLETION_COLUMNS = [
    Column("enrolled", "Enrolled", "int"),
    Column("attendance_rate", "Attendance rate", "percent"),
    Column("finished", "In finished cohorts", "int"),
    Column("completed", "Completed", "int"),
    Column("completion_rate", "Completion rate", "percent"),
]


def completion_table(filters: ReportFilters, **_: Any) -> Table:
    """Attendance and completion by course and department."""
    from missionled.reporting import attendance

    group = ["cohort__course__order", "cohort__course__title", "cohort__department__acronym"]
    columns = [Column("course", "Course"), Column("department", "Department")]
    return Table(
        "completion",
        "Attendance and completion by course and department",
        columns + COMPLETION_COLUMNS,
        _completion_rows(filters, group),
        ChartSpec("department", ("completion_rate",)) if filters.course else None,
        note=attendance.COMPLETION_RULE,
    )


def completion_by_course_table(filters: ReportFilters, **_: Any) -> Table:
    """Attendance and completion by course, charted."""
    from missionled.reporting import attendance

    group = ["cohort__course__order", "cohort__course__title"]
    return Table(
        "completion_by_course",
        "Attendance and completion by course",
        [Column("course", "Course"), *COMPLETION_COLUMNS],
        _completion_rows(filters, group),
        ChartSpec("course", ("attendance_rate", "completion_rate")),
        note=attendance.COMPLETION_RULE,
    )


def facilitator_load_table(filters: ReportFilters, *, now: datetime, **_: Any) -> Table:
    from missionled.reporting import facilitation

    return facilitation.load_table(filters, now)


def _suppress(row: dict[str, Any], n_key: str, keys: list[str]) -> None:
    if (row.get(n_key) or 0) < MIN_RESPONSES:
        for key in keys:
            row[key] = SUPPRESSED


FEEDBACK_MEANS = ["relevance", "quality", "recommend"]
END_OF_COURSE = "End of course"


def feedback_point(order: int | None, kind: str | None) -> str:
    """What a feedback group is about: the end of the course, or one session by its order."""
    if order is None:
        return END_OF_COURSE
    label = SessionTemplate.Kind(kind).label if kind in SessionTemplate.Kind.values else kind
    return f"{label} (session {order})"


def feedback_table(filters: ReportFilters, **_: Any) -> Table:
    """Mean ratings by course, with each workshop (by its order in the course) and the end of
    the course apart, since they answer different questions. A group with fewer than five
    people answering shows no figures."""
    course = "enrolment__cohort__course__"
    rows = _rows(
        Feedback.objects.filter(filters.q("enrolment__cohort__booking__"))
        .values(f"{course}title", f"{course}order", "session__order", "session__kind")
        .annotate(
            responses=Count("id"),
            people=Count("enrolment", distinct=True),
            **{key: Avg(key) for key in FEEDBACK_MEANS},
        )
        .order_by(f"{course}order", F("session__order").asc(nulls_last=True))
    )
    for row in rows:
        row["course"] = row.pop(f"{course}title")
        row["about"] = feedback_point(row.pop("session__order"), row.pop("session__kind"))
        row["label"] = f"{row['course'].split(': ', 1)[-1]}: {row['about']}"
        for key in FEEDBACK_MEANS:
            row[key] = mean(row[key])
        _suppress(row, "people", FEEDBACK_MEANS)
    columns = [
        Column("course", "Course"),
        Column("about", "Feedback on"),
        Column("people", "People who answered", "int"),
        Column("responses", "Answers", "int"),
        Column("relevance", "Relevance (mean of 1 to 5)", "mean"),
        Column("quality", "Quality (mean of 1 to 5)", "mean"),
        Column("recommend", "Would recommend (mean of 1 to 5)", "mean"),
    ]
    return Table(
        "feedback",
        "Feedback ratings by course, workshop and end of course",
        columns,
        rows,
        ChartSpec("label", tuple(FEEDBACK_MEANS), horizontal=True, label_name="course and session"),
        note=(
            "Workshop and end-of-course feedback are reported apart. Figures are shown only "
            f"where 5 or more people answered ({SUPPRESSED} otherwise)."
        ),
    )


def _phase_means(filters: ReportFilters, phase: str, other: str) -> dict[str, dict[str, Any]]:
    """Mean capability ratings in `phase` by course, over people who also answered `other`.
    Grouping the self-assessment rows themselves, with an indexed EXISTS for the pair, keeps
    the query a single pass however the reports are filtered."""
    paired = SelfAssessment.objects.filter(enrolment=OuterRef("enrolment"), phase=other)
    rows = (
        SelfAssessment.objects.filter(filters.q("enrolment__cohort__booking__"), phase=phase)
        .filter(Exists(paired))
        .values("enrolment__cohort__course__title", "enrolment__cohort__course__order")
        .annotate(people=Count("id"), **{name: Avg(name) for name, _label in CAPABILITIES})
        .order_by("enrolment__cohort__course__order")
    )
    return {row["enrolment__cohort__course__title"]: dict(row) for row in rows}


def capability_change_table(filters: ReportFilters, **_: Any) -> Table:
    """Mean self-assessed capability before and after, per course, over the people who
    completed both; a course with fewer than five such people shows no figures."""
    after = _phase_means(filters, SelfAssessment.Phase.AFTER, SelfAssessment.Phase.BEFORE)
    before = _phase_means(filters, SelfAssessment.Phase.BEFORE, SelfAssessment.Phase.AFTER)
    groups = []
    for title, row in after.items():
        group = {"cohort__course__title": title, "people": row["people"]}
        for name, _label in CAPABILITIES:
            group[f"{name}_after"] = row[name]
            group[f"{name}_before"] = before.get(title, {}).get(name)
        groups.append(group)
    rows = []
    for group in groups:
        for name, label in CAPABILITIES:
            row = {
                "course": group["cohort__course__title"],
                "capability": label,
                "label": f"{group['cohort__course__title'].split(': ', 1)[-1]}: {label}",
                "people": group["people"],
                "before": mean(group[f"{name}_before"]),
                "after": mean(group[f"{name}_after"]),
            }
            if row["before"] is not None and row["after"] is not None:
                row["change"] = round(row["after"] - row["before"], 2)
            _suppress(row, "people", ["before", "after", "change"])
            rows.append(row)
    columns = [
        Column("course", "Course"),
        Column("capability", "Capability"),
        Column("people", "People with both assessments", "int"),
        Column("before", "Before (mean of 1 to 5)", "mean"),
        Column("after", "After (mean of 1 to 5)", "mean"),
        Column("change", "Change", "change"),
    ]
    return Table(
        "capability_change",
        "Self-assessed capability before and after, by course",
        columns,
        rows,
        ChartSpec(
            "label", ("before", "after"), horizontal=True, label_name="course and capability"
        ),
        note=(
            "Each figure is over the people who completed both self-assessments; it is shown "
            f"only where there are 5 or more ({SUPPRESSED} otherwise)."
        ),
    )


PROVIDER_TABLES = {
    "pipeline": pipeline_table,
    "utilisation": utilisation_table,
    "completion_by_course": completion_by_course_table,
    "completion": completion_table,
    "facilitator_load": facilitator_load_table,
    "feedback": feedback_table,
    "capability_change": capability_change_table,
}


# Department dashboard -----------------------------------------------------------------------


def _leaders_by(
    filters: ReportFilters, key: str, label: str, order: str, title: str, name: str
) -> Table:
    from missionled.reporting import attendance

    rows = _rows(
        Enrolment.objects.filter(filters.q("cohort__booking__"), status=ENROLLED)
        .filter(cohort__booking__status__in=LIVE)
        .values(key, order)
        .annotate(**attendance.progress_counts())
        .order_by(order)
    )
    for row in rows:
        row[name] = row.pop(key) or "Not recorded"
        row.pop(order, None)
    columns = [
        Column(name, label),
        Column("booked", "Leaders booked", "int"),
        Column("trained", "Leaders in training or trained", "int"),
        Column("completed", "Leaders who completed", "int"),
    ]
    chart = ChartSpec(name, ("booked", "trained", "completed"))
    return Table(f"by_{name}", title, columns, rows, chart)


def leaders_by_grade_table(filters: ReportFilters, **_: Any) -> Table:
    return _leaders_by(filters, "grade__name", "Grade", "grade__order", "Leaders by grade", "grade")


def leaders_by_profession_table(filters: ReportFilters, **_: Any) -> Table:
    return _leaders_by(
        filters,
        "profession__name",
        "Profession",
        "profession__name",
        "Leaders by profession",
        "profession",
    )


def leaders_by_course_table(filters: ReportFilters, **_: Any) -> Table:
    return _leaders_by(
        filters,
        "cohort__course__title",
        "Course",
        "cohort__course__order",
        "Leaders by course",
        "course",
    )


def upcoming_sessions_table(
    filters: ReportFilters, *, now: datetime, limit: int | None = PAGE_ROWS, **_: Any
) -> Table:
    """Sessions still to come for live cohorts, soonest first."""
    sessions = (
        Session.objects.filter(
            filters.q("cohort__booking__"),
            status=Session.Status.SCHEDULED,
            starts_at__gte=now,
            cohort__booking__status__in=[S.CONFIRMED, S.IN_DELIVERY],
        )
        .order_by("starts_at", "pk")
        .values(
            "starts_at",
            "title",
            "cohort_id",
            "cohort__course__title",
            "cohort__department__acronym",
            "cohort__capacity",
            "delivery_mode",
        )
    )
    total = sessions.count()
    rows = _rows(sessions[:limit] if limit else sessions)
    for row in rows:
        row["course"] = row.pop("cohort__course__title")
        row["department"] = row.pop("cohort__department__acronym")
        row["cohort"] = f"Cohort {row.pop('cohort_id')}"
        row["capacity"] = row.pop("cohort__capacity")
    columns = [
        Column("starts_at", "Starts", "datetime"),
        Column("title", "Session"),
        Column("course", "Course"),
        Column("cohort", "Cohort"),
        Column("department", "Department"),
        Column("delivery_mode", "Delivery"),
    ]
    return Table("upcoming_sessions", "Upcoming sessions", columns, rows, total_rows=total)


def _cohort_rows(queryset: Any, limit: int | None) -> tuple[list[dict[str, Any]], int]:
    total = queryset.count()
    rows = _rows(queryset[:limit] if limit else queryset)
    for row in rows:
        row["cohort"] = f"Cohort {row.pop('pk')}"
        row["course"] = row.pop("course__title")
        row["department"] = row.pop("department__acronym")
    return rows, total


def _cohorts_not_started(filters: ReportFilters) -> Any:
    return (
        Cohort.objects.filter(filters.q("booking__"), booking__status=S.CONFIRMED)
        .annotate(enrolled=_enrolled_count(), first_session=Min("sessions__starts_at"))
        .values(
            "pk",
            "course__title",
            "department__acronym",
            "first_session",
            "capacity",
            "min_capacity",
            "enrolled",
        )
    )


def places_to_fill_table(
    filters: ReportFilters, *, limit: int | None = PAGE_ROWS, **_: Any
) -> Table:
    """Cohorts not yet started with places nobody holds, soonest first."""
    queryset = (
        _cohorts_not_started(filters)
        .filter(capacity__gt=_enrolled_count())
        .order_by("first_session", "pk")
    )
    rows, total = _cohort_rows(queryset, limit)
    for row in rows:
        row["to_fill"] = row["capacity"] - row["enrolled"]
    columns = [
        Column("cohort", "Cohort"),
        Column("course", "Course"),
        Column("department", "Department"),
        Column("first_session", "First session", "datetime"),
        Column("capacity", "Places", "int"),
        Column("enrolled", "Enrolled", "int"),
        Column("to_fill", "Places to fill", "int"),
    ]
    return Table("places_to_fill", "Places still to fill", columns, rows, total_rows=total)


def below_minimum_table(
    filters: ReportFilters, *, limit: int | None = PAGE_ROWS, **_: Any
) -> Table:
    """Cohorts not yet started with fewer people enrolled than the course's minimum."""
    queryset = (
        _cohorts_not_started(filters)
        .filter(min_capacity__gt=_enrolled_count())
        .order_by("first_session", "pk")
    )
    rows, total = _cohort_rows(queryset, limit)
    for row in rows:
        row["short_by"] = row["min_capacity"] - row["enrolled"]
    columns = [
        Column("cohort", "Cohort"),
        Column("course", "Course"),
        Column("department", "Department"),
        Column("first_session", "First session", "datetime"),
        Column("min_capacity", "Minimum size", "int"),
        Column("enrolled", "Enrolled", "int"),
        Column("short_by", "Short by", "int"),
    ]
    return Table("below_minimum", "Cohorts below the minimum size", columns, rows, total_rows=total)


DEPARTMENT_TABLES = {
    "by_grade": leaders_by_grade_table,
    "by_profession": leaders_by_profession_table,
    "by_course": leaders_by_course_table,
    "upcoming_sessions": upcoming_sessions_table,
    "places_to_fill": places_to_fill_table,
    "below_minimum": below_minimum_table,
    "feedback": feedback_table,
    "capability_change": capability_change_table,
}


def course_choices() -> list[Course]:
    return list(Course.objects.all())
