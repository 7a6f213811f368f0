"""Benchmark the facilitator planning engine on a synthetic year.

    python bench/bench_planning.py [--seed N] [--time-limit S] [--workers W] [--replan]

500 cohorts across the three courses (about 1,700 sessions), 40 facilitators with about 10% of
working days on leave, weekly and monthly limits. Prints the figures recorded in
bench/README.md and checks the plan with the engine's independent rule checker.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

import holidays

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from missionled.scheduling.planning import (
    ExistingAssignment,
    Facilitator,
    PlanResult,
    Session,
    plan,
    violations,
)

YEAR = 2026
COURSE_MIX = {"understanding-it": 100, "practising-it": 150, "leading-it": 250}
REGIONS = {
    "London": 40,
    "North West": 10,
    "Yorkshire": 8,
    "West Midlands": 8,
    "Scotland": 8,
    "Wales": 6,
    "South West": 6,
    "North East": 6,
}
HALF_DAYS = ((clock(9, 30), clock(13)), (clock(13, 30), clock(17)))
FACILITATORS = 40


def working_days() -> list[date]:
    bank = holidays.country_holidays("GB", subdiv="ENG", years=YEAR)
    day, days = date(YEAR, 1, 5), []
    while day.year == YEAR:
        if day.weekday() < 5 and day not in bank:
            days.append(day)
        day += timedelta(days=1)
    return days


def on_or_after(days: list[date], target: date) -> date:
    return next((d for d in days if d >= target), days[-1])


def window(day: date, half: int) -> tuple[datetime, datetime]:
    start, end = HALF_DAYS[half]
    return datetime.combine(day, start), datetime.combine(day, end)


def make_facilitators(
    rng: random.Random, days: list[date], sessions: list[Session]
) -> list[Facilitator]:
    """40 people, most qualified for two or three courses; five per course cover each region."""
    regions = list(REGIONS)
    people = []
    for i in range(FACILITATORS):
        courses = {
            c
            for c, share in (
                ("understanding-it", 0.85),
                ("practising-it", 0.75),
                ("leading-it", 0.65),
            )
            if rng.random() < share
        }
        courses = courses or {"practising-it"}
        home = rng.choices(regions, weights=list(REGIONS.values()))[0]
        people.append(
            Facilitator(
                id=f"F{i:02d}",
                courses=frozenset(courses),
                may_advise_sets="leading-it" in courses and rng.random() < 0.8,
                regions=frozenset({home, *rng.sample(regions, rng.randint(0, 2))}),
                unavailable=frozenset(leave(rng, days)),
                max_per_week=rng.choice((3, 3, 4)),
                max_per_month=rng.choice((10, 12, 12, 14)),
            )
        )
    for region in regions:
        for course in COURSE_MIX:
            while sum(region in p.regions and course in p.courses for p in people) < 5:
                index = rng.choice([i for i, p in enumerate(people) if course in p.courses])
                people[index] = replace(people[index], regions=people[index].regions | {region})
    return with_preferred_loads(rng, people, sessions)


def with_preferred_loads(
    rng: random.Random, people: list[Facilitator], sessions: list[Session]
) -> list[Facilitator]:
    """A fair share of each course they teach, give or take 20% for contracts of different sizes."""
    places = Counter()
    for session in sessions:
        places[session.course] += session.needed
    teachers = Counter(course for p in people for course in p.courses)
    return [
        replace(
            p,
            preferred_load=round(
                rng.uniform(0.8, 1.2) * sum(places[c] / teachers[c] for c in p.courses)
            ),
        )
        for p in people
    ]


def leave(rng: random.Random, days: list[date]) -> set[date]:
    """About 10% of working days: two or three blocks of leave and some single days."""
    off: set[date] = set()
    for _ in range(rng.randint(2, 3)):
        first = rng.randrange(len(days) - 10)
        off.update(days[first : first + rng.randint(4, 8)])
    while len(off) < 0.1 * len(days):
        off.add(rng.choice(days))
    return off


def make_sessions(rng: random.Random, days: list[date]) -> list[Session]:
    sessions: list[Session] = []
    number = 0
    for course, cohorts in COURSE_MIX.items():
        for _ in range(cohorts):
            number += 1
            sessions.extend(cohort_sessions(rng, days, course, f"C{number:03d}"))
    return sessions


def cohort_sessions(
    rng: random.Random, days: list[date], course: str, cohort: str
) -> list[Session]:
    pattern = {
        "understanding-it": [(0, "workshop")],
        "practising-it": [(0, "workshop"), (28, "workshop")],
        "leading-it": [
            (0, "workshop"),
            (28, "action_learning_set"),
            (56, "action_learning_set"),
            (84, "action_learning_set"),
            (112, "workshop"),
        ],
    }[course]
    span = pattern[-1][0]
    first = rng.choice([d for d in days if d <= days[-1] - timedelta(days=span + 7)])
    online = rng.random() < 0.6
    region = rng.choices(list(REGIONS), weights=list(REGIONS.values()))[0]
    made = []
    for index, (offset, kind) in enumerate(pattern):
        day = on_or_after(days, first + timedelta(days=offset))
        half = rng.randrange(2)
        # Sets meet face-to-face only in London, where there are enough advisers to keep one.
        in_person_set = region == "London" and rng.random() < 0.3
        face_to_face = not online and (kind == "workshop" or in_person_set)
        made.append(
            Session(
                id=f"{cohort}-{index + 1}",
                cohort_id=cohort,
                course=course,
                kind=kind,  # type: ignore[arg-type]
                starts_at=window(day, half)[0],
                ends_at=window(day, half)[1],
                delivery_mode="face_to_face" if face_to_face else "online",
                region=region if face_to_face else None,
                continuity_key=f"{cohort}-set" if kind == "action_learning_set" else None,
                alternatives=alternatives(rng, days, day, half),
            )
        )
    return made


def alternatives(rng: random.Random, days: list[date], day: date, half: int) -> tuple:
    """One session in ten may move, as the planning service offers: up to six windows on either
    half-day within a week of its own day (the courses' 21-35 day gaps around 28), working days
    only, nearest first. The engine moves at most one session of a cohort to another day."""
    if rng.random() >= 0.1:
        return ()
    near = [d for d in days if abs((d - day).days) <= 7]
    ranked = sorted(near, key=lambda d: (abs((d - day).days), d))
    windows = [window(d, h) for d in ranked for h in (0, 1) if (d, h) != (day, half)]
    return tuple(windows[:6])


def report(
    label: str, result: PlanResult, sessions: list[Session], people: list[Facilitator], wall: float
) -> None:
    broken = violations(result, sessions, people) if result.feasible else []
    loads = result.loads.values()
    print(f"--- {label}")
    print(f"status            {result.status}")
    print(f"wall time         {wall:.1f} s")
    print(f"sessions          {len(sessions)}")
    print(f"places            {sum(s.needed for s in sessions)}")
    print(f"variables         {result.variables}")
    print(f"objective         {result.objective}")
    print(f"bound             {result.bound}")
    print(
        f"gap               {result.gap:.4%}" if result.gap is not None else "gap               -"
    )
    print(f"max deviation     {result.max_deviation}")
    print(f"changes           {result.changes}")
    print(f"moved             {len(result.moved)}")
    if loads:
        print(f"loads             min {min(loads)} max {max(loads)}")
    print(f"violations        {len(broken)}")
    for line in [*broken[:10], *result.reasons]:
        print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=45.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--replan", action="store_true", help="also re-plan after new leave")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    days = working_days()
    sessions = make_sessions(rng, days)
    people = make_facilitators(rng, days, sessions)
    print(f"seed {args.seed}; courses {dict(Counter(s.course for s in sessions))}")
    started = time.perf_counter()
    result = plan(
        sessions, people, time_limit_s=args.time_limit, seed=args.seed, workers=args.workers
    )
    report("plan", result, sessions, people, time.perf_counter() - started)
    if args.replan and result.feasible:
        replan(rng, days, sessions, people, result, args)


def replan(
    rng: random.Random,
    days: list[date],
    sessions: list[Session],
    people: list[Facilitator],
    first: PlanResult,
    args: argparse.Namespace,
) -> None:
    """Three facilitators take two more weeks of leave; re-plan from the first plan."""
    start = rng.randrange(len(days) - 10)
    extra = frozenset(days[start : start + 10])
    changed = {p.id for p in rng.sample(people, 3)}
    people = [
        replace(p, unavailable=p.unavailable | extra) if p.id in changed else p for p in people
    ]
    moved = {m.session_id: (m.starts_at, m.ends_at) for m in first.moved}
    existing = [ExistingAssignment(a.session_id, a.facilitator_id) for a in first.assignments]
    started = time.perf_counter()
    result = plan(
        sessions,
        people,
        existing,
        time_limit_s=args.time_limit,
        seed=args.seed,
        workers=args.workers,
    )
    report(
        f"re-plan ({len(moved)} moves kept as alternatives)",
        result,
        sessions,
        people,
        time.perf_counter() - started,
    )


if __name__ == "__main__":
    main()
