"""Who could take which session, before any session competes with another.

The CP-SAT model only creates variables for these pairs, the greedy warm start only tries them,
and the infeasibility checks count them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from missionled.scheduling.planning_types import ExistingAssignment, Facilitator, Session


@dataclass(frozen=True)
class Problem:
    """The indexed planning problem.

    ``options[session_id][facilitator_id]`` holds the indices of the session's windows that
    facilitator could take (qualified, covers the region, free that day, and, for a continuity
    group, able to take every session of the group). Only sessions with at least one candidate
    appear in the inner dictionary.
    """

    sessions: tuple[Session, ...]
    facilitators: tuple[Facilitator, ...]
    session_by_id: dict[str, Session]
    facilitator_by_id: dict[str, Facilitator]
    options: dict[str, dict[str, tuple[int, ...]]]
    groups: dict[str, tuple[str, ...]]
    existing: tuple[tuple[str, str], ...]
    travel: timedelta

    def unit_of(self, session: Session) -> str:
        """The key shared by sessions that must have the same facilitators."""
        if session.continuity_key is None:
            return f"session:{session.id}"
        return f"continuity:{session.continuity_key}"


def may_deliver(facilitator: Facilitator, session: Session) -> bool:
    """Qualified for the course, may advise sets if it is a set meeting, covers the region."""
    if session.course not in facilitator.courses:
        return False
    if session.kind == "action_learning_set" and not facilitator.may_advise_sets:
        return False
    return not session.face_to_face or session.region in facilitator.regions


def free_windows(facilitator: Facilitator, session: Session) -> tuple[int, ...]:
    """Indices of the session's windows that fall on a day the facilitator is available."""
    return tuple(
        index
        for index, (start, _) in enumerate(session.windows)
        if start.date() not in facilitator.unavailable
    )


def build_problem(
    sessions: Iterable[Session],
    facilitators: Iterable[Facilitator],
    existing: Iterable[ExistingAssignment],
    travel_minutes: int,
) -> Problem:
    """Index the inputs and work out every (session, facilitator) candidate pair.

    :raises ValueError: if two sessions or two facilitators share an id, or sessions that share
        a window key have different windows.
    """
    sessions = tuple(sorted(sessions, key=lambda s: (s.starts_at, s.id)))
    facilitators = tuple(facilitators)
    session_by_id = _unique({s.id: s for s in sessions}, sessions, "session")
    _same_windows(sessions)
    facilitator_by_id = _unique({f.id: f for f in facilitators}, facilitators, "facilitator")
    groups: dict[str, list[str]] = defaultdict(list)
    for session in sessions:
        if session.continuity_key is not None:
            groups[session.continuity_key].append(session.id)
    options = {s.id: _session_options(s, facilitators) for s in sessions}
    for members in groups.values():
        shared = set.intersection(*(set(options[m]) for m in members))
        for member in members:
            options[member] = {f: o for f, o in options[member].items() if f in shared}
    pairs = {(e.session_id, e.facilitator_id) for e in existing if e.session_id in session_by_id}
    return Problem(
        sessions=sessions,
        facilitators=facilitators,
        session_by_id=session_by_id,
        facilitator_by_id=facilitator_by_id,
        options=options,
        groups={key: tuple(members) for key, members in groups.items()},
        existing=tuple(sorted(pairs)),
        travel=timedelta(minutes=travel_minutes),
    )


def _session_options(
    session: Session, facilitators: tuple[Facilitator, ...]
) -> dict[str, tuple[int, ...]]:
    found = {}
    for facilitator in facilitators:
        if may_deliver(facilitator, session):
            windows = free_windows(facilitator, session)
            if windows:
                found[facilitator.id] = windows
    return found


def _same_windows(sessions: tuple[Session, ...]) -> None:
    windows: dict[str, tuple[object, ...]] = {}
    for session in sessions:
        if windows.setdefault(session.window_unit, session.windows) != session.windows:
            raise ValueError(f"Sessions sharing window key {session.window_key} differ.")


def _unique[T](by_id: dict[str, T], items: tuple[T, ...], name: str) -> dict[str, T]:
    if len(by_id) != len(items):
        raise ValueError(f"Two {name}s share an id.")
    return by_id
