"""Benchmark Action Learning Set formation on synthetic cohorts.

Run: .venv/bin/python bench/bench_set_formation.py [--cohorts 1000] [--size 14] [--seed 0]

Each cohort draws a realistic mix: a handful of departments (one cohort in ten is a single
department), Policy-heavy professions, more G7/G6 than SCS, some shared teams, and a few
keep-apart / keep-together requests on distinct people. Prints wall-clock time, the share
proven optimal, the mean mix score and, for comparison, the mean score of a random split.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Sequence
from itertools import combinations

from missionled.scheduling.set_formation import Member, form_sets, mix_score, set_sizes

DEPARTMENTS = (
    "HM Treasury",
    "Cabinet Office",
    "DfE",
    "DHSC",
    "MoJ",
    "Home Office",
    "DWP",
    "DESNZ",
    "DSIT",
    "MHCLG",
    "DfT",
    "Defra",
)
PROFESSIONS = ("Policy", "Operational Delivery", "Finance", "Digital", "Analysis", "Commercial")
PROFESSION_WEIGHTS = (6, 4, 2, 2, 2, 1)
GRADES = ("G7", "G6", "SCS1", "SCS2")
GRADE_WEIGHTS = (5, 4, 2, 1)


def synthetic_cohort(rng: random.Random, n: int) -> list[Member]:
    count = 1 if rng.random() < 0.1 else rng.randint(3, 6)
    departments = rng.sample(DEPARTMENTS, count)
    members = []
    for i in range(n):
        department = rng.choice(departments)
        members.append(
            Member(
                id=f"m{i:02}",
                department=department,
                profession=rng.choices(PROFESSIONS, PROFESSION_WEIGHTS)[0],
                grade=rng.choices(GRADES, GRADE_WEIGHTS)[0],
                team=rng.choice(("Strategy", "Delivery", None, None)),
            )
        )
    return members


def synthetic_requests(
    rng: random.Random, members: list[Member]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Up to two keep-apart pairs and one keep-together pair, on distinct people."""
    people = rng.sample([m.id for m in members], 6)
    apart = [(people[0], people[1]), (people[2], people[3])][: rng.randint(0, 2)]
    together = [(people[4], people[5])][: rng.randint(0, 1)]
    return apart, together


def random_split(rng: random.Random, members: list[Member]) -> list[list[str]]:
    ids = [m.id for m in members]
    rng.shuffle(ids)
    sets, start = [], 0
    for size in set_sizes(len(ids)):
        sets.append(ids[start : start + size])
        start += size
    return sets


def same_department_pairs(sets: Sequence[Sequence[str]], members: list[Member]) -> int:
    department = {m.id: m.department for m in members}
    return sum(department[a] == department[b] for group in sets for a, b in combinations(group, 2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cohorts", type=int, default=1000)
    parser.add_argument("--size", type=int, default=14)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=5.0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    timings, scores, baseline, optimal = [], [], [], 0
    same, same_random = [], []
    started = time.perf_counter()
    for _ in range(args.cohorts):
        members = synthetic_cohort(rng, args.size)
        apart, together = synthetic_requests(rng, members)
        t0 = time.perf_counter()
        formation = form_sets(
            members, keep_apart=apart, keep_together=together, time_limit_s=args.time_limit
        )
        timings.append(time.perf_counter() - t0)
        scores.append(formation.score)
        optimal += formation.optimal
        split = random_split(rng, members)
        baseline.append(mix_score(split, members))
        same.append(same_department_pairs(formation.sets, members))
        same_random.append(same_department_pairs(split, members))
    total = time.perf_counter() - started
    timings.sort()
    print(f"cohorts: {args.cohorts} of {args.size} members (seed {args.seed})")
    print(f"total wall time (incl. generation): {total:.2f} s")
    print(
        f"solve time per cohort: mean {statistics.mean(timings) * 1000:.1f} ms, "
        f"median {statistics.median(timings) * 1000:.1f} ms, "
        f"p95 {timings[int(0.95 * len(timings)) - 1] * 1000:.1f} ms, "
        f"max {timings[-1] * 1000:.1f} ms"
    )
    print(f"proven optimal: {optimal}/{args.cohorts} ({100 * optimal / args.cohorts:.1f}%)")
    print(
        f"mean mix score: {statistics.mean(scores):.1f} "
        f"(random split: {statistics.mean(baseline):.1f})"
    )
    print(
        f"same-department pairs per cohort: {statistics.mean(same):.2f} "
        f"(random split: {statistics.mean(same_random):.2f})"
    )


if __name__ == "__main__":
    main()
