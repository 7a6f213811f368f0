"""A believable synthetic programme for demonstrations, tests and benchmarks.

Bookings in every state across departments and courses; cohorts whose sessions the scheduling
engine placed on working days; named participants with realistic grades and professions,
waiting lists and withdrawals; feedback, self-assessments and follow-ups. Rows are written with
`bulk_create`. The same seed and the same `today` always give the same programme.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.db import transaction

from missionled.catalogue.models import Course
from missionled.cohorts.models import Booking, Cohort, Region, Session
from missionled.cohorts.services.schedule import (
    calendar_rules_for,
    session_delivery_mode,
    session_pattern_for,
)
from missionled.core.clock import LONDON
from missionled.core.errors import Conflict
from missionled.enrolments.models import Enrolment
from missionled.evaluation.models import CAPABILITIES, Feedback, FollowUp, SelfAssessment
from missionled.evaluation.services.follow_ups import follow_ups_create_due
from missionled.organisations.models import Department, Grade, Profession
from missionled.reporting.attendance import optional_model
from missionled.scheduling.calendar import NoValidSchedule, ScheduledSession, schedule_sessions

SYNTHETIC_NOTE = "Synthetic programme"
ALREADY_GENERATED = (
    "This database already holds a synthetic programme; generate refuses to run twice. "
    "Use a fresh database (or remove the bookings noted 'Synthetic programme')."
)
BATCH = 2000

FIRST_NAMES = [
    "Aisha",
    "Alex",
    "Amir",
    "Anna",
    "Ben",
    "Bethan",
    "Callum",
    "Chloe",
    "Daniel",
    "Deepa",
    "Eilidh",
    "Emma",
    "Farah",
    "Fergus",
    "Grace",
    "Hamza",
    "Hannah",
    "Imran",
    "Isla",
    "Jack",
    "James",
    "Jasmine",
    "Kai",
    "Kate",
    "Liam",
    "Lucy",
    "Mohammed",
    "Nia",
    "Oliver",
    "Olivia",
    "Priya",
    "Rhys",
    "Rosie",
    "Ruth",
    "Sam",
    "Sanjay",
    "Sara",
    "Sean",
    "Sophie",
    "Tom",
    "Uma",
    "Will",
    "Yusuf",
    "Zara",
]
LAST_NAMES = [
    "Adams",
    "Ahmed",
    "Bailey",
    "Begum",
    "Brown",
    "Campbell",
    "Chen",
    "Clarke",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hall",
    "Hughes",
    "Hussain",
    "Jones",
    "Kaur",
    "Khan",
    "Lewis",
    "MacDonald",
    "Martin",
    "Morgan",
    "Murphy",
    "Nguyen",
    "Okafor",
    "O'Neill",
    "Patel",
    "Price",
    "Roberts",
    "Robinson",
    "Scott",
    "Shah",
    "Singh",
    "Smith",
    "Stewart",
    "Taylor",
    "Thomas",
    "Thompson",
    "Walker",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wright",
    "Young",
]
# Leaders from Grade 7 to Director; most places go to Grades 7 and 6.
GRADE_WEIGHTS = {"G7": 45, "G6": 30, "SCS1": 18, "SCS2": 7}
# The audience works mostly in change, organisation design, strategy and communications.
FAVOURED_PROFESSIONS = ["Policy", "Project Delivery", "Operational Delivery", "Human Resources"]
BIG_DEPARTMENTS = {"HMRC": 6, "DWP": 6, "MOJ": 4, "MOD": 5, "HO": 4, "DHSC": 3, "DfE": 3, "CO": 3}


@dataclass(frozen=True)
class Scale:
    cohorts: int
    participants: int


SCALES = {
    "small": Scale(cohorts=50, participants=900),
    "civil-service": Scale(cohorts=4000, participants=70000),
}


@dataclass
class GenerateSummary:
    bookings: int = 0
    cohorts: int = 0
    sessions: int = 0
    enrolments: int = 0
    feedback: int = 0
    self_assessments: int = 0
    follow_ups: int = 0
    follow_up_answers: int = 0
    attendance: int = 0
    certificates: int = 0
    assignments: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class _World:
    courses: list[Course]
    departments: list[Department]
    department_weights: list[int]
    grades: dict[int, list[Grade]]  # course pk -> eligible grades
    grade_weights: dict[int, list[int]]
    professions: list[Profession]
    profession_weights: list[int]
    templates: dict[int, dict[int, Any]]
    patterns: dict[int, Any]


def _world() -> _World:
    courses = list(
        Course.objects.filter(is_active=True).prefetch_related(
            "session_templates", "eligible_grades"
        )
    )
    departments = list(Department.objects.order_by("acronym"))
    grades = {c.pk: sorted(c.eligible_grades.all(), key=lambda g: g.order) for c in courses}
    professions = list(Profession.objects.order_by("name"))
    return _World(
        courses=courses,
        departments=departments,
        department_weights=[BIG_DEPARTMENTS.get(d.acronym, 1) for d in departments],
        grades=grades,
        grade_weights={k: [GRADE_WEIGHTS.get(g.code, 2) for g in v] for k, v in grades.items()},
        professions=professions,
        profession_weights=[8 if p.name in FAVOURED_PROFESSIONS else 1 for p in professions],
        templates={c.pk: {t.order: t for t in c.session_templates.all()} for c in courses},
        patterns={c.pk: session_pattern_for(c) for c in courses},
    )


class _Scheduler:
    """The scheduling engine, asked once per distinct course, region, start and slot."""

    def __init__(self, world: _World) -> None:
        self.world = world
        self.cache: dict[tuple[int, str, date, str], list[ScheduledSession] | None] = {}

    def placed(
        self, course: Course, department: Department, start: date, slot: str
    ) -> list[ScheduledSession] | None:
        key = (course.pk, department.bank_holiday_region, start, slot)
        if key not in self.cache:
            try:
                rules = calendar_rules_for(department)
                pattern = self.world.patterns[course.pk]
                self.cache[key] = schedule_sessions(pattern, start, rules, slot)  # type: ignore[arg-type]
            except NoValidSchedule:
                self.cache[key] = None
        return self.cache[key]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _booking_status(placed: list[ScheduledSession], today: date) -> str:
    if placed[-1].ends_at.date() < today:
        return Booking.Status.COMPLETED
    if placed[0].starts_at.date() <= today:
        return Booking.Status.IN_DELIVERY
    return Booking.Status.CONFIRMED


def _venue_region(department: Department, n: int) -> str:
    """A venue in the department's nation, spread over England's and Wales's regions by count
    rather than by `rng`, so adding venues left every other draw of a seeded world as it was."""
    nation = {"scotland": Region.SCOTLAND, "northern-ireland": Region.NORTHERN_IRELAND}
    if department.bank_holiday_region in nation:
        return nation[department.bank_holiday_region].value
    england_and_wales = [r for r in Region.values if r not in nation.values()]
    return england_and_wales[n % len(england_and_wales)]


def _plan_bookings(
    rng: random.Random, world: _World, scheduler: _Scheduler, cohorts: int, today: date
) -> list[tuple[Booking, list[ScheduledSession] | None, str]]:
    """Bookings with their placed sessions (None for bookings that never became cohorts)."""
    first = _monday(today - timedelta(days=730))
    weeks = 156  # two years back, one year ahead
    extra = max(1, cohorts // 8)  # requested, cancelled and declined bookings besides
    plans: list[tuple[Booking, list[ScheduledSession] | None, str]] = []
    made = 0
    while made < cohorts + extra:
        course = rng.choice(world.courses)
        department = rng.choices(world.departments, world.department_weights)[0]
        start = first + timedelta(weeks=rng.randrange(weeks))
        slot = rng.choice(["morning", "afternoon"])
        size = rng.randint(course.min_cohort, course.max_cohort)
        mode = (
            "face_to_face"
            if "face_to_face" in course.delivery_modes and rng.random() < 0.3
            else "online"
        )
        booking = Booking(
            course=course,
            department=department,
            delivery_mode=mode,
            venue_region=_venue_region(department, made) if mode == "face_to_face" else "",
            earliest_start=start,
            expected_size=size,
            contact_name="Synthetic coordinator",
            contact_email=f"coordinator@{department.acronym.lower()}.example",
            notes=SYNTHETIC_NOTE,
        )
        if made >= cohorts:
            booking.status = rng.choice(
                [Booking.Status.REQUESTED, Booking.Status.CANCELLED, Booking.Status.DECLINED]
            )
            if booking.status != Booking.Status.REQUESTED:
                booking.reason = "The department's plans changed."
            plans.append((booking, None, slot))
            made += 1
            continue
        placed = scheduler.placed(course, department, start, slot)
        if placed is None:
            continue
        booking.status = _booking_status(placed, today)
        plans.append((booking, placed, slot))
        made += 1
    return plans


def _write(model: Any, rows: list[Any], stage: str, progress: Progress) -> list[Any]:
    saved: list[Any] = []
    for at in range(0, len(rows), BATCH):
        saved += model.objects.bulk_create(rows[at : at + BATCH])
        progress(stage, min(at + BATCH, len(rows)), len(rows))
    return saved


def _person(rng: random.Random, world: _World, cohort: Cohort, n: int) -> dict[str, Any]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    grades = world.grades[cohort.course_id]
    local = f"{first}.{last}".lower().replace("'", "")
    return {
        "name": f"{first} {last}",
        "email": f"{local}.{cohort.pk}.{n}@{cohort.department.acronym.lower()}.example",
        "grade": rng.choices(grades, world.grade_weights[cohort.course_id])[0],
        "profession": rng.choices(world.professions, world.profession_weights)[0],
        "department_id": cohort.department_id,
    }


def _plan_enrolments(
    rng: random.Random, world: _World, cohorts: list[Cohort], participants: int
) -> list[Enrolment]:
    # Capacity caps some cohorts (Leading it takes 14), so others are asked for a few more.
    mean_people = 1.1 * participants / max(1, len(cohorts))
    rows: list[Enrolment] = []
    for cohort in cohorts:
        wanted = max(1, round(rng.gauss(mean_people, 2.5)))
        enrolled = min(cohort.capacity, wanted)
        waiting = max(0, wanted - cohort.capacity) if rng.random() < 0.5 else 0
        withdrawn = 1 if rng.random() < 0.25 else 0
        statuses = (
            [Enrolment.Status.ENROLLED] * enrolled
            + [Enrolment.Status.WAITLISTED] * waiting
            + [Enrolment.Status.WITHDRAWN] * withdrawn
        )
        rng.shuffle(statuses)
        for n, status in enumerate(statuses, start=1):
            rows.append(
                Enrolment(
                    cohort=cohort, status=status, sequence=n, **_person(rng, world, cohort, n)
                )
            )
    return rows


def _rating(rng: random.Random, centre: float) -> int:
    return min(5, max(1, round(rng.gauss(centre, 0.8))))


COMMENTS = [
    "The case studies from other departments were the most useful part.",
    "More time to practise with real stakeholders would help.",
    "I will use the mission map with my team next week.",
    "The pace was a little fast in the afternoon.",
    "Hearing how another team tested a policy early changed my thinking.",
    "The pre-reading was long; a summary would help.",
    "Good facilitation, and the small groups worked well.",
]
ANSWERS = [
    "I now bring delivery partners in before we settle the policy design.",
    "We test ideas with a small group of users before scaling them.",
    "I report progress against the mission outcome, not just our outputs.",
    "I set up a monthly session with colleagues from two other departments.",
    "I ask who else is working on the problem before starting anything new.",
]


def _comment(ratings: tuple[int, int, int]) -> str:
    """A comment for about a third of the answers, chosen from the ratings rather than the
    random stream, so adding comments left every other generated figure unchanged."""
    relevance, quality, recommend = ratings
    if sum(ratings) % 3:
        return ""
    return COMMENTS[(relevance * quality + recommend) % len(COMMENTS)]


def _feedback(
    rng: random.Random,
    enrolment: Enrolment,
    session: Session | None,
    centre: float,
    submitted_at: datetime,
) -> Feedback:
    ratings = (_rating(rng, centre), _rating(rng, centre), _rating(rng, centre))
    return Feedback(
        enrolment=enrolment,
        session=session,
        relevance=ratings[0],
        quality=ratings[1],
        recommend=ratings[2],
        comments=_comment(ratings),
        submitted_at=submitted_at,
    )


def _answer_follow_ups(today: date) -> int:
    """Two in five leaders answer a follow-up that has come due, within a fortnight."""
    due = FollowUp.objects.filter(due_on__lte=today, answered_at__isnull=True)
    answered = [f for i, f in enumerate(due.order_by("pk")) if i % 5 < 2]
    for i, follow_up in enumerate(answered):
        day = min(follow_up.due_on + timedelta(days=i % 14), today)
        follow_up.sent_at = datetime.combine(follow_up.due_on, time(9), LONDON)
        follow_up.answered_at = datetime.combine(day, time(12), LONDON)
        follow_up.answer = ANSWERS[i % len(ANSWERS)]
    FollowUp.objects.bulk_update(answered, ["sent_at", "answered_at", "answer"], batch_size=1000)
    return len(answered)


def _plan_evaluation(
    rng: random.Random,
    enrolments: list[Enrolment],
    sessions: dict[int, list[Session]],
    statuses: dict[int, str],
    today: date,
) -> tuple[list[Feedback], list[SelfAssessment]]:
    feedback: list[Feedback] = []
    assessments: list[SelfAssessment] = []
    for enrolment in enrolments:
        status = statuses[enrolment.cohort_id]
        if enrolment.status != Enrolment.Status.ENROLLED or status == Booking.Status.CONFIRMED:
            continue
        course_sessions = sessions[enrolment.cohort_id]
        centre = rng.uniform(3.4, 4.5)
        for session in course_sessions:
            if (
                session.kind == "workshop"
                and session.starts_at.date() <= today
                and rng.random() < 0.6
            ):
                feedback.append(_feedback(rng, enrolment, session, centre, session.ends_at))
        first_start = course_sessions[0].starts_at
        before = {name: _rating(rng, 2.8) for name, _ in CAPABILITIES}
        if rng.random() < 0.75:
            assessments.append(
                SelfAssessment(
                    enrolment=enrolment,
                    phase="before",
                    submitted_at=first_start - timedelta(days=3),
                    **before,
                )
            )
        if status == Booking.Status.COMPLETED:
            last_end = course_sessions[-1].ends_at
            if rng.random() < 0.5:
                feedback.append(_feedback(rng, enrolment, None, centre, last_end))
            if rng.random() < 0.55:
                after = {
                    name: min(5, value + rng.choice([0, 0, 1, 1, 1, 2]))
                    for name, value in before.items()
                }
                assessments.append(
                    SelfAssessment(
                        enrolment=enrolment,
                        phase="after",
                        submitted_at=last_end + timedelta(days=2),
                        **after,
                    )
                )
    return feedback, assessments


def _make_sessions(
    world: _World, cohorts: list[Cohort], plans: dict[int, tuple[Booking, list[ScheduledSession]]]
) -> list[Session]:
    rows = []
    for cohort in cohorts:
        booking, placed = plans[cohort.booking_id]
        templates = world.templates[cohort.course_id]
        for item in placed:
            template = templates[item.order]
            rows.append(
                Session(
                    cohort=cohort,
                    order=item.order,
                    kind=item.kind,
                    title=template.title,
                    starts_at=item.starts_at,
                    ends_at=item.ends_at,
                    delivery_mode=session_delivery_mode(booking, template),
                )
            )
    return rows


ATTENDANCE_WEIGHTS = {"present": 85, "late": 7, "absent": 5, "excused": 3}
FACILITATORS = 40


def _write_attendance(
    rng: random.Random,
    enrolments: list[Enrolment],
    sessions: dict[int, list[Session]],
    statuses: dict[int, str],
    today: date,
    progress: Progress,
) -> tuple[int, int]:
    """Attendance at every session already held, and a certificate for each leader who came
    to every workshop of a finished course; nothing when the attendance app is not installed."""
    if not apps.is_installed("missionled.attendance"):
        return 0, 0
    attendance = optional_model("attendance", "Attendance")
    certificate = optional_model("attendance", "Certificate")
    marks, certificates = [], []
    choices, weights = list(ATTENDANCE_WEIGHTS), list(ATTENDANCE_WEIGHTS.values())
    for enrolment in enrolments:
        if enrolment.status != Enrolment.Status.ENROLLED:
            continue
        held = [s for s in sessions[enrolment.cohort_id] if s.starts_at.date() < today]
        missed = False
        for session in held:
            status = rng.choices(choices, weights)[0]
            missed = missed or (session.kind == "workshop" and status not in {"present", "late"})
            marks.append(
                attendance(
                    session=session, enrolment=enrolment, status=status, marked_at=session.ends_at
                )
            )
        if statuses[enrolment.cohort_id] == Booking.Status.COMPLETED and held and not missed:
            last = held[-1]
            certificates.append(
                certificate(
                    enrolment=enrolment,
                    code=f"S{enrolment.pk:07d}{rng.randrange(16**6):06x}",
                    name=enrolment.name,
                    course_title=enrolment.cohort.course.title,
                    completed_on=last.ends_at.date(),
                    issued_at=last.ends_at,
                )
            )
    made = len(_write(attendance, marks, "attendance", progress))
    return made, len(_write(certificate, certificates, "certificates", progress))


def _write_assignments(rng: random.Random, sessions: list[Session], progress: Progress) -> int:
    """A facilitator for every session, from a pool of synthetic facilitators."""
    if not apps.is_installed("missionled.facilitation"):
        return 0
    from missionled.organisations.models import Role, User

    emails = [f"facilitator{n:02d}@synthetic.provider.example" for n in range(1, FACILITATORS + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    User.objects.bulk_create(
        User(email=email, name=f"Facilitator {email[11:13]}", role=Role.FACILITATOR)
        for email in emails
        if email not in existing
    )
    pool = list(User.objects.filter(email__in=emails).order_by("email"))
    assignment = optional_model("facilitation", "Assignment")
    rows = [
        assignment(
            session=session,
            facilitator=rng.choice(pool),
            role="workshop" if session.kind == "workshop" else "set_adviser",
            set_number=None if session.kind == "workshop" else 1,
        )
        for session in sessions
    ]
    return len(_write(assignment, rows, "assignments", progress))


@transaction.atomic
def programme_generate(
    *, cohorts: int, participants: int, seed: int, today: date, progress: Progress = _no_progress
) -> GenerateSummary:
    """Write a synthetic programme of about `cohorts` cohorts and `participants` people.

    :raises Conflict: if a synthetic programme is already in the database (it never runs twice).
    """
    if Booking.objects.filter(notes=SYNTHETIC_NOTE).exists():
        raise Conflict(ALREADY_GENERATED, code="already_generated")
    rng = random.Random(seed)
    world = _world()
    summary = GenerateSummary()
    plans = _plan_bookings(rng, world, _Scheduler(world), cohorts, today)
    bookings = _write(Booking, [booking for booking, _, _ in plans], "bookings", progress)
    summary.bookings = len(bookings)
    for booking in bookings:
        summary.by_status[booking.status] = summary.by_status.get(booking.status, 0) + 1
    placed_by_booking = {
        booking.pk: (booking, placed) for booking, placed, _ in plans if placed is not None
    }
    slots = {booking.pk: slot for booking, _, slot in plans}
    cohort_rows = [
        Cohort(
            booking=booking,
            course=booking.course,
            department=booking.department,
            capacity=booking.expected_size,
            min_capacity=booking.course.min_cohort,
            max_capacity=booking.course.max_cohort,
            slot=slots[booking.pk],
        )
        for booking, _placed in placed_by_booking.values()
    ]
    made_cohorts = _write(Cohort, cohort_rows, "cohorts", progress)
    summary.cohorts = len(made_cohorts)
    made_sessions = _write(
        Session, _make_sessions(world, made_cohorts, placed_by_booking), "sessions", progress
    )
    summary.sessions = len(made_sessions)
    enrolments = _write(
        Enrolment, _plan_enrolments(rng, world, made_cohorts, participants), "enrolments", progress
    )
    summary.enrolments = len(enrolments)
    by_cohort: dict[int, list[Session]] = {}
    for session in made_sessions:
        by_cohort.setdefault(session.cohort_id, []).append(session)
    statuses = {
        cohort.pk: placed_by_booking[cohort.booking_id][0].status for cohort in made_cohorts
    }
    feedback, assessments = _plan_evaluation(rng, enrolments, by_cohort, statuses, today)
    summary.feedback = len(_write(Feedback, feedback, "feedback", progress))
    summary.self_assessments = len(
        _write(SelfAssessment, assessments, "self-assessments", progress)
    )
    summary.attendance, summary.certificates = _write_attendance(
        rng, enrolments, by_cohort, statuses, today, progress
    )
    summary.assignments = _write_assignments(rng, made_sessions, progress)
    summary.follow_ups = follow_ups_create_due()
    summary.follow_up_answers = _answer_follow_ups(today)
    progress("follow-ups", summary.follow_ups, summary.follow_ups)
    return summary
