"""Split a cohort into Action Learning Sets that mix departments, professions, grades and teams.

`form_sets` takes plain frozen `Member` dataclasses and returns a `Formation`, or raises
`ConstraintsConflict` naming, in plain English, the requests that cannot all hold.
`docs/algorithms/set_formation.md` describes the model with a worked example.

Nothing here imports Django.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from itertools import combinations, pairwise
from math import ceil

from ortools.sat.python import cp_model

Pair = tuple[str, str]

SIZE_RULE = "The fewest sets of at most {max_size} people, with sizes differing by at most one."
TOO_FEW = "A cohort of {n} cannot form an Action Learning Set: a set needs at least {min_size}."
NO_EVEN_SIZES = "{n} members cannot be split into sets of {min_size} to {max_size} people."
SIZES_EXPLAINED = "{n} members make {sets} ({sizes}): " + SIZE_RULE[0].lower() + SIZE_RULE[1:]
APART_HELD = "{a} and {b} are in different sets (set {sa} and set {sb}), as asked."
TOGETHER_HELD = "{a} and {b} are both in set {s}, as asked."
APART_FROM_SELF = "{a} is asked to be kept apart from themselves."
CHAIN_TOO_BIG = (
    "Keeping together {pairs} puts {count} people in one set, "
    "but no set in this cohort holds more than {largest}."
)
APART_BUT_TOGETHER = (
    "{a} and {b} are to be kept apart, but keeping together {pairs} puts them in the same set."
)
TOO_MANY_APART = (
    "Keep-apart requests ({pairs}) need {needed} different sets, but {n} members make only {sets}."
)
ONCE_TOGETHER = " once keep-together requests ({pairs}) hold"
SOLVER_CONFLICT = "These requests cannot all hold with sets of {sizes} people: {requests}."
SET_MIX = "Set {s} mixes {departments}, {professions} and {grades}."
KEEP_APART = "keep {a} and {b} apart"
KEEP_TOGETHER = "keep {a} and {b} together"


@dataclass(frozen=True)
class Member:
    """One leader on the cohort. Members with no `team` never share one; `name` labels the text."""

    id: str
    department: str
    profession: str
    grade: str
    team: str | None = None
    name: str | None = None

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class MixWeights:
    """Points a pair of set-mates earns for each attribute on which they differ."""

    department: int = 4
    profession: int = 2
    grade: int = 2
    team: int = 1

    def __post_init__(self) -> None:
        if any(getattr(self, f.name) < 0 for f in fields(self)):
            raise ValueError("Mix weights cannot be negative.")


DEFAULT_WEIGHTS = MixWeights()


@dataclass(frozen=True)
class Formation:
    """The sets (member ids, largest set first), their mix score and why each request holds."""

    sets: tuple[tuple[str, ...], ...]
    score: int
    optimal: bool
    explanations: tuple[str, ...]


class ConstraintsConflict(ValueError):
    """The keep-apart and keep-together requests cannot all hold; `conflicts` says why."""

    def __init__(self, conflicts: Sequence[str]) -> None:
        self.conflicts = tuple(conflicts)
        super().__init__(" ".join(self.conflicts))


class UnknownMembers(ValueError):
    """A request names ids that are not in the cohort."""

    def __init__(self, ids: Sequence[str]) -> None:
        self.ids = tuple(ids)
        super().__init__(f"These ids are not in the cohort: {', '.join(self.ids)}.")


class FormationTimedOut(RuntimeError):
    """The solver found no arrangement within its time limit (it did not prove there is none)."""


def set_sizes(n: int, *, min_size: int = 4, max_size: int = 7) -> tuple[int, ...]:
    """The fewest sets of at most `max_size` people, with sizes differing by at most one.

    :raises ValueError: if `n` is below `min_size`, or the even split leaves a set too small.
    """
    if n < min_size:
        raise ValueError(TOO_FEW.format(n=n, min_size=min_size))
    count = ceil(n / max_size)
    small, extra = divmod(n, count)
    if small < min_size:
        raise ValueError(NO_EVEN_SIZES.format(n=n, min_size=min_size, max_size=max_size))
    return tuple(small + 1 if i < extra else small for i in range(count))


def _attributes(member: Member) -> dict[str, Hashable]:
    # Teams are compared within a department; a member with no team is a team of one.
    team = (member.department, member.team) if member.team else ("", "", member.id)
    return {
        "department": member.department,
        "profession": member.profession,
        "grade": member.grade,
        "team": team,
    }


def mix_score(
    sets: Sequence[Sequence[str]],
    members: Sequence[Member],
    weights: MixWeights = DEFAULT_WEIGHTS,
) -> int:
    """Sum, over each pair of people sharing a set, the weights of the attributes they differ on."""
    by_id = {m.id: _attributes(m) for m in members}
    total = 0
    for group in sets:
        for a, b in combinations(group, 2):
            total += sum(
                getattr(weights, key) for key, value in by_id[a].items() if by_id[b][key] != value
            )
    return total


class _Cohort:
    """Members in canonical order (by id), with requests as index pairs."""

    def __init__(
        self, members: Sequence[Member], apart: Sequence[Pair], together: Sequence[Pair]
    ) -> None:
        self.members = tuple(sorted(members, key=lambda m: m.id))
        self.index = {m.id: i for i, m in enumerate(self.members)}
        if len(self.index) != len(self.members):
            raise ValueError("Each member must appear once; some ids are repeated.")
        unknown = sorted({i for pair in (*apart, *together) for i in pair} - self.index.keys())
        if unknown:
            raise UnknownMembers(unknown)
        self.apart = self._pairs(apart)
        self.together = [p for p in self._pairs(together) if p[0] != p[1]]

    def _pairs(self, pairs: Sequence[Pair]) -> list[tuple[int, int]]:
        indexed = {tuple(sorted((self.index[a], self.index[b]))) for a, b in pairs}
        return sorted((a, b) for a, b in indexed)

    def label(self, i: int) -> str:
        return self.members[i].label

    def pair_text(self, template: str, pair: tuple[int, int], **extra: object) -> str:
        return template.format(a=self.label(pair[0]), b=self.label(pair[1]), **extra)


def _and_list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _with_list(cohort: _Cohort, pairs: Sequence[tuple[int, int]]) -> str:
    return _and_list([f"{cohort.label(a)} with {cohort.label(b)}" for a, b in pairs])


def _together_groups(cohort: _Cohort) -> list[list[int]]:
    """Union-find over keep-together requests: the groups that must share a set, sorted."""
    parent = list(range(len(cohort.members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in cohort.together:
        parent[find(b)] = find(a)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(parent)):
        groups[find(i)].append(i)
    return sorted(groups.values())


def _together_path(cohort: _Cohort, start: int, goal: int) -> list[tuple[int, int]]:
    """The keep-together requests that chain `start` to `goal` (breadth-first, so shortest)."""
    neighbours: dict[int, list[tuple[int, tuple[int, int]]]] = defaultdict(list)
    for pair in cohort.together:
        neighbours[pair[0]].append((pair[1], pair))
        neighbours[pair[1]].append((pair[0], pair))
    came_from: dict[int, tuple[int, tuple[int, int]] | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt, pair in neighbours[node]:
            if nxt not in came_from:
                came_from[nxt] = (node, pair)
                queue.append(nxt)
    path: list[tuple[int, int]] = []
    step = came_from[goal]
    while step is not None:
        path.append(step[1])
        step = came_from[step[0]]
    return path[::-1]


def _group_edges(cohort: _Cohort, group: Sequence[int]) -> list[tuple[int, int]]:
    members = set(group)
    return [p for p in cohort.together if p[0] in members]


def _max_clique(adjacent: Mapping[int, set[int]]) -> list[int]:
    """Bron-Kerbosch with pivoting; cohorts are small, so exact search is cheap."""
    best: list[int] = []

    def expand(clique: list[int], candidates: set[int], excluded: set[int]) -> None:
        nonlocal best
        if not candidates and not excluded:
            if len(clique) > len(best):
                best = sorted(clique)
            return
        pivot = max(candidates | excluded, key=lambda v: len(adjacent[v] & candidates))
        for v in sorted(candidates - adjacent[pivot]):
            expand([*clique, v], candidates & adjacent[v], excluded & adjacent[v])
            candidates = candidates - {v}
            excluded = excluded | {v}

    expand([], set(adjacent), set())
    return best


def _precheck(cohort: _Cohort, sizes: Sequence[int]) -> list[str]:
    """Conflicts seen before solving: self-pairs, big chains, apart-but-chained, cliques."""
    conflicts = [APART_FROM_SELF.format(a=cohort.label(a)) for a, b in cohort.apart if a == b]
    groups = _together_groups(cohort)
    root = {i: g[0] for g in groups for i in g}
    conflicts += [
        CHAIN_TOO_BIG.format(
            pairs=_with_list(cohort, _group_edges(cohort, g)), count=len(g), largest=sizes[0]
        )
        for g in groups
        if len(g) > sizes[0]
    ]
    for a, b in cohort.apart:
        if a != b and root[a] == root[b]:
            path = _with_list(cohort, _together_path(cohort, a, b))
            conflicts.append(
                APART_BUT_TOGETHER.format(a=cohort.label(a), b=cohort.label(b), pairs=path)
            )
    if not conflicts:
        conflicts += _clique_conflict(cohort, root, len(sizes))
    return conflicts


def _clique_conflict(cohort: _Cohort, root: Mapping[int, int], set_count: int) -> list[str]:
    """Groups that must all be in different sets, when there are more of them than sets."""
    adjacent: dict[int, set[int]] = {r: set() for r in root.values()}
    request: dict[tuple[int, int], tuple[int, int]] = {}
    for a, b in cohort.apart:
        ra, rb = sorted((root[a], root[b]))
        adjacent[ra].add(rb)
        adjacent[rb].add(ra)
        request.setdefault((ra, rb), (a, b))
    clique = _max_clique(adjacent)
    if len(clique) <= set_count:
        return []
    pairs = [request[edge] for edge in combinations(clique, 2)]
    text = TOO_MANY_APART.format(
        pairs=", ".join(cohort.pair_text("{a} from {b}", p) for p in pairs),
        needed=len(clique),
        n=len(cohort.members),
        sets=_count(set_count, "set"),
    )
    chains = [p for g in clique for p in _group_edges(cohort, [i for i in root if root[i] == g])]
    if chains:
        pairs_text = ", ".join(cohort.pair_text("{a} with {b}", p) for p in chains)
        text = text[:-1] + "," + ONCE_TOGETHER.format(pairs=pairs_text) + "."
    return [text]


class _SetModel:
    """CP-SAT model: x[m][s] is true when member m sits in set s."""

    def __init__(self, cohort: _Cohort, sizes: Sequence[int]) -> None:
        self.cohort = cohort
        self.sizes = tuple(sizes)
        self.model = cp_model.CpModel()
        n, k = len(cohort.members), len(sizes)
        self.x = [[self.model.new_bool_var(f"x{m}_{s}") for s in range(k)] for m in range(n)]
        for row in self.x:
            self.model.add_exactly_one(row)
        for s, size in enumerate(sizes):
            self.model.add(sum(row[s] for row in self.x) == size)
        self._break_symmetry()

    def _break_symmetry(self) -> None:
        # Sets of equal size are interchangeable: order them by their lowest-indexed member.
        for s in range(len(self.sizes) - 1):
            if self.sizes[s] != self.sizes[s + 1]:
                continue
            for m, row in enumerate(self.x):
                earlier = [self.x[e][s] for e in range(m)]
                self.model.add(row[s + 1] <= sum(earlier))

    def request_literals(self) -> Iterator[tuple[cp_model.IntVar, str]]:
        """One enforcement literal per request, with the request in words."""
        cohort = self.cohort
        for a, b in cohort.apart:
            lit = self.model.new_bool_var(f"apart{a}_{b}")
            for s in range(len(self.sizes)):
                self.model.add(self.x[a][s] + self.x[b][s] <= 1).only_enforce_if(lit)
            yield lit, cohort.pair_text(KEEP_APART, (a, b))
        for a, b in cohort.together:
            lit = self.model.new_bool_var(f"together{a}_{b}")
            for s in range(len(self.sizes)):
                self.model.add(self.x[a][s] == self.x[b][s]).only_enforce_if(lit)
            yield lit, cohort.pair_text(KEEP_TOGETHER, (a, b))

    def add_requests(self) -> None:
        for lit, _ in self.request_literals():
            self.model.add(lit == 1)

    def add_mix_objective(self, weights: MixWeights) -> None:
        """Minimise weighted same-attribute pairs; with sizes fixed that maximises the mix score."""
        same_pairs = []
        for key, members_by_value in self._values(weights).items():
            for members in members_by_value:
                for s, size in enumerate(self.sizes):
                    same_pairs += self._pair_count(members, s, min(size, len(members)), key)
        self.model.minimize(sum(getattr(weights, key) * (t - 1) * z for key, t, z in same_pairs))

    def _values(self, weights: MixWeights) -> dict[str, list[list[int]]]:
        grouped: dict[str, dict[Hashable, list[int]]] = defaultdict(lambda: defaultdict(list))
        for m, member in enumerate(self.cohort.members):
            for key, value in _attributes(member).items():
                grouped[key][value].append(m)
        return {
            key: [ms for ms in values.values() if len(ms) > 1]
            for key, values in grouped.items()
            if getattr(weights, key) > 0
        }

    def _pair_count(
        self, members: Sequence[int], s: int, most: int, key: str
    ) -> list[tuple[str, int, cp_model.IntVar]]:
        # Unary count: z_t is true when at least t of these members are in set s. The t-th adds
        # t - 1 new same-value pairs, so the z's sum to the count and the costs to comb(count, 2).
        zs = [self.model.new_bool_var(f"z{key}{members[0]}_{s}_{t}") for t in range(most)]
        self.model.add(sum(self.x[m][s] for m in members) == sum(zs))
        for low, high in pairwise(zs):
            self.model.add_implication(high, low)
        return [(key, t + 1, z) for t, z in enumerate(zs)]

    def solve(
        self, seed: int, time_limit_s: float
    ) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus]:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        # Deterministic time keeps results identical across machines and load; the wall-clock
        # cap only guards against a pathologically slow host.
        solver.parameters.max_deterministic_time = time_limit_s
        solver.parameters.max_time_in_seconds = 10 * time_limit_s
        return solver, solver.solve(self.model)

    def sets(self, solver: cp_model.CpSolver) -> tuple[tuple[str, ...], ...]:
        return tuple(
            tuple(
                member.id
                for m, member in enumerate(self.cohort.members)
                if solver.boolean_value(self.x[m][s])
            )
            for s in range(len(self.sizes))
        )


def _conflict_core(cohort: _Cohort, sizes: Sequence[int], time_limit_s: float) -> list[str]:
    """Requests that together make the model infeasible, shrunk until none can be dropped."""
    probe = _SetModel(cohort, sizes)
    literals = {lit.index: (lit, text) for lit, text in probe.request_literals()}
    core = list(literals)

    def infeasible(assumed: Sequence[int]) -> bool:
        probe.model.clear_assumptions()
        probe.model.add_assumptions([literals[i][0] for i in assumed])
        solver, status = probe.solve(0, time_limit_s)
        if status == cp_model.INFEASIBLE:
            found = set(solver.sufficient_assumptions_for_infeasibility())
            core[:] = [i for i in assumed if i in found] or list(assumed)
        return bool(status == cp_model.INFEASIBLE)

    # If the probe cannot confirm infeasibility in time, every request is named.
    if infeasible(core):
        for i in list(core):
            if i in core and len(core) > 1:
                infeasible([c for c in core if c != i])
    return [
        SOLVER_CONFLICT.format(
            sizes=_and_list([str(s) for s in sizes]),
            requests="; ".join(literals[i][1] for i in sorted(core)),
        )
    ]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _set_mix(cohort: _Cohort, s: int, group: Sequence[str]) -> str:
    people = [cohort.members[cohort.index[i]] for i in group]
    return SET_MIX.format(
        s=s,
        departments=_count(len({p.department for p in people}), "department"),
        professions=_count(len({p.profession for p in people}), "profession"),
        grades=_count(len({p.grade for p in people}), "grade"),
    )


def _explanations(cohort: _Cohort, sets: Sequence[Sequence[str]], max_size: int) -> tuple[str, ...]:
    where = {member: s + 1 for s, group in enumerate(sets) for member in group}
    sizes = [len(g) for g in sets]
    lines = [
        SIZES_EXPLAINED.format(
            n=len(cohort.members),
            sets=_count(len(sets), "set"),
            sizes=_and_list([str(s) for s in sizes]),
            max_size=max_size,
        )
    ]
    lines += [_set_mix(cohort, s, group) for s, group in enumerate(sets, start=1)]
    for a, b in cohort.apart:
        ia, ib = cohort.members[a].id, cohort.members[b].id
        lines.append(cohort.pair_text(APART_HELD, (a, b), sa=where[ia], sb=where[ib]))
    for a, b in cohort.together:
        lines.append(cohort.pair_text(TOGETHER_HELD, (a, b), s=where[cohort.members[a].id]))
    return tuple(lines)


def form_sets(
    members: Sequence[Member],
    *,
    keep_apart: Sequence[Pair] = (),
    keep_together: Sequence[Pair] = (),
    seed: int = 0,
    time_limit_s: float = 5.0,
    min_size: int = 4,
    max_size: int = 7,
    weights: MixWeights = DEFAULT_WEIGHTS,
) -> Formation:
    """Split `members` into Action Learning Sets that maximise the mix score.

    Set count and sizes follow `set_sizes`. Every keep-apart pair lands in different sets and
    every keep-together pair in the same set. The same members, requests and seed give the same
    sets, whatever order they arrive in. `optimal` is true when the solver proved no arrangement
    scores higher.

    :raises ValueError: if there are too few members or an id is repeated.
    :raises UnknownMembers: if a request names an id not in `members`.
    :raises ConstraintsConflict: if the requests cannot all hold; `.conflicts` says why.
    :raises FormationTimedOut: if no arrangement was found within the time limit.
    """
    cohort = _Cohort(members, keep_apart, keep_together)
    sizes = set_sizes(len(cohort.members), min_size=min_size, max_size=max_size)
    conflicts = _precheck(cohort, sizes)
    if conflicts:
        raise ConstraintsConflict(conflicts)
    model = _SetModel(cohort, sizes)
    model.add_requests()
    model.add_mix_objective(weights)
    solver, status = model.solve(seed, time_limit_s)
    if status == cp_model.INFEASIBLE:
        raise ConstraintsConflict(_conflict_core(cohort, sizes, time_limit_s))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise FormationTimedOut(f"No arrangement found within {time_limit_s} seconds.")
    sets = model.sets(solver)
    return Formation(
        sets=sets,
        score=mix_score(sets, cohort.members, weights),
        optimal=status == cp_model.OPTIMAL,
        explanations=_explanations(cohort, sets, max_size),
    )
