"""Who presents a challenge at each meeting of an Action Learning Set.

`plan_presenters` proposes a rota; `check_presenters` reads an adviser's adjusted rota and
returns its problems in plain English. Nothing here imports Django.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

Rota = tuple[tuple[str, ...], ...]

TOO_MANY_PRESENTERS = (
    "{n} members cannot each present across {meetings} with at most {most} presenting at each; "
    "that allows only {slots} presentations."
)
NO_MEMBERS = "A set needs at least one member to plan presenters."
REPEATED_MEMBERS = "Each member must appear once; these are repeated: {ids}."
BAD_LIMITS = "Meetings and presenters per meeting must each be at least 1."
WRONG_MEETING_COUNT = "The rota covers {given}; the set has {meetings}."
NOT_IN_SET = "{member} presents at meeting {meeting} but is not in this set."
PRESENTS_TWICE = "{member} is listed more than once at meeting {meeting}."
OVER_LIMIT = "Meeting {meeting} has {count} presenters; at most {most} can present."
NOBODY_PRESENTS = "Nobody presents at meeting {meeting}."
NEVER_PRESENTS = "{member} does not present at any meeting."


class PresenterRotaImpossible(ValueError):
    """No rota lets everyone present within the per-meeting limit."""


def _meetings(n: int) -> str:
    return "1 meeting" if n == 1 else f"{n} meetings"


def _validate(set_members: Sequence[str], meetings: int, per_meeting_max: int) -> None:
    if meetings < 1 or per_meeting_max < 1:
        raise ValueError(BAD_LIMITS)
    if not set_members:
        raise ValueError(NO_MEMBERS)
    repeated = sorted(m for m, c in Counter(set_members).items() if c > 1)
    if repeated:
        raise ValueError(REPEATED_MEMBERS.format(ids=", ".join(repeated)))


def plan_presenters(
    set_members: Sequence[str], meetings: int = 3, per_meeting_max: int = 5
) -> Rota:
    """Everyone presents at least once; each meeting has at least one presenter when possible.

    Members present exactly once, in the order given, split across meetings in blocks whose sizes
    differ by at most one (earlier meetings take the extra). If there are fewer members than
    meetings, members present in turn again so no meeting is empty; nobody presents more than
    once more than anyone else.

    :raises ValueError: if there are no members, a member is repeated, or a limit is below 1.
    :raises PresenterRotaImpossible: if more members than `meetings * per_meeting_max`.
    """
    _validate(set_members, meetings, per_meeting_max)
    n = len(set_members)
    if n > meetings * per_meeting_max:
        raise PresenterRotaImpossible(
            TOO_MANY_PRESENTERS.format(
                n=n,
                meetings=_meetings(meetings),
                most=per_meeting_max,
                slots=meetings * per_meeting_max,
            )
        )
    if n < meetings:
        return tuple((set_members[i % n],) for i in range(meetings))
    base, extra = divmod(n, meetings)
    rota: list[tuple[str, ...]] = []
    start = 0
    for meeting in range(meetings):
        size = base + (1 if meeting < extra else 0)
        rota.append(tuple(set_members[start : start + size]))
        start += size
    return tuple(rota)


def _meeting_problems(
    set_members: Sequence[str], meeting: int, presenters: Sequence[str], per_meeting_max: int
) -> list[str]:
    members = set(set_members)
    problems = [
        NOT_IN_SET.format(member=p, meeting=meeting) for p in presenters if p not in members
    ]
    problems += [
        PRESENTS_TWICE.format(member=p, meeting=meeting)
        for p, c in Counter(presenters).items()
        if c > 1
    ]
    if len(presenters) > per_meeting_max:
        problems.append(
            OVER_LIMIT.format(meeting=meeting, count=len(presenters), most=per_meeting_max)
        )
    if not presenters:
        problems.append(NOBODY_PRESENTS.format(meeting=meeting))
    return problems


def check_presenters(
    set_members: Sequence[str],
    rota: Sequence[Sequence[str]],
    meetings: int = 3,
    per_meeting_max: int = 5,
) -> tuple[str, ...]:
    """The problems with an adviser's rota, in plain English; empty when it is sound.

    A sound rota covers exactly `meetings` meetings, names only members of the set, names nobody
    twice at one meeting, has between one and `per_meeting_max` presenters at each meeting, and
    has every member present at least once.
    """
    problems = []
    if len(rota) != meetings:
        problems.append(
            WRONG_MEETING_COUNT.format(given=_meetings(len(rota)), meetings=_meetings(meetings))
        )
    for number, presenters in enumerate(rota, start=1):
        problems += _meeting_problems(set_members, number, presenters, per_meeting_max)
    presenting = {p for presenters in rota for p in presenters}
    problems += [NEVER_PRESENTS.format(member=m) for m in set_members if m not in presenting]
    return tuple(problems)
