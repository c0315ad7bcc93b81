"""Turning positions, issues and meetings into what the timeline draws.

Two shapes, following what the officer has selected:
- no nation selected: one row per nation; with one issue chosen its positions sit on
  the row, with all issues each issue gets its own lane inside the nation's row;
- a nation selected: one row per issue (or just the chosen one) for that nation.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from coalition_desk.charts.colours import (
    FAVOURABLE,
    MIDDLE,
    NO_STANCE,
    UNFAVOURABLE,
    stance_colour,
)
from coalition_desk.charts.timeline import TimelineData, TimelineMeeting, TimelinePoint
from coalition_desk.domain.errors import ReadCancelled
from coalition_desk.domain.records import Issue, Meeting
from coalition_desk.domain.views import MeetingHeading, PositionView

# How much of a nation's row same-day statements may fan out over, and at most how far
# apart two of them sit (in rows), so two statements are not pushed to the row's edges.
FAN_SPREAD = 0.8
FAN_STEP = 0.3
# Positions turned into markers between two looks at ``cancelled`` (~2 ms at scale L).
CHECK_EVERY = 256


@dataclass(frozen=True, slots=True)
class TimelineRequest:
    nation_uuid: str | None = None
    nation_name: str = ""
    issue_uuid: str | None = None
    meeting_uuid: str | None = None
    position_uuid: str | None = None
    stale_after_days: int = 90


def meeting_label(meeting: Meeting | MeetingHeading, months: Sequence[str] = ()) -> str:
    """"Brussels 4 Mar": where (else the title's start), the day and the month's short
    name. ``months``: the twelve names (``short_month_names``), for labelling many."""
    place = meeting.place.split(",")[-1].strip() if meeting.place else meeting.title[:18]
    month = months[meeting.date.month - 1] if months else f"{meeting.date:%b}"
    return f"{place} {meeting.date.day} {month}"


def short_month_names() -> tuple[str, ...]:
    """``%b`` of each month, as ``meeting_label`` writes it. Taken once for a basis's
    5,000 meetings at scale L: each ``strftime`` imports the time module afresh, through
    PySide6's import hook (~3 µs a label, with the interpreter held, while the panes fill)."""
    return tuple(f"{dt.date(2000, month, 1):%b}" for month in range(1, 13))


def position_tooltip(view: PositionView, stale_after_days: int) -> str:
    lines = [
        f"{view.nation_name} — {view.issue_name}",
        f"{view.as_of.isoformat()}: {view.stance or 'no stance taken'}",
    ]
    words = view.quote or view.summary
    if words:
        shown = words if len(words) <= 220 else words[:219] + "…"
        lines.append(f"“{shown}”" if view.quote else shown)
    if view.speaker_name:
        lines.append(f"Speaker: {view.speaker_name}")
    if view.meeting_title:
        lines.append(f"At: {view.meeting_title}")
    if view.stale:
        confirmed = (view.last_confirmed or view.as_of).isoformat()
        lines.append(f"STALE: last confirmed {confirmed} (over {stale_after_days} days ago)")
    return "\n".join(lines)


def _fanned_out(positions: Sequence[PositionView], issue_order: dict[str, int]) -> dict[str, float]:
    """Offsets within the row for positions sharing a nation and a day."""
    groups: dict[tuple[str, object], list[PositionView]] = {}
    for view in positions:
        groups.setdefault((view.nation_uuid, view.as_of), []).append(view)
    offsets: dict[str, float] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda view: (issue_order.get(view.issue_uuid, len(issue_order)), view.uuid))
        step = min(FAN_SPREAD / len(group), FAN_STEP)
        middle = (len(group) - 1) / 2
        for index, view in enumerate(group):
            offsets[view.uuid] = (index - middle) * step
    return offsets


def _legend_for(issue: Issue) -> tuple[tuple[str, str], ...]:
    entries = [
        (stance, stance_colour(stance, issue.stances, issue.kind)) for stance in issue.stances
    ]
    entries.append(("No stance taken", NO_STANCE))
    return tuple(entries)


SCALE_LEGEND = (
    ("Least favourable", UNFAVOURABLE),
    ("In between", MIDDLE),
    ("Most favourable", FAVOURABLE),
)


def generic_legend(issues: Sequence[Issue]) -> tuple[tuple[str, str], ...]:
    """The legend with every issue shown: the scale's ends, then each option colour in use
    named by the options that wear it ("Option: Deterrence / Ceasefire line"), since one
    "an option" entry hid which colour meant what."""
    entries = list(SCALE_LEGEND) if any(i.kind != "options" for i in issues) else []
    names: dict[str, list[str]] = {}
    for issue in issues:
        if issue.kind != "options":
            continue
        for stance in issue.stances:
            same = names.setdefault(stance_colour(stance, issue.stances, issue.kind), [])
            if stance not in same:
                same.append(stance)
    entries += [("Option: " + " / ".join(stances), colour) for colour, stances in names.items()]
    entries.append(("No stance taken", NO_STANCE))
    return tuple(entries)


class TimelineBasis:
    """What every redraw shares, built once: issues, nations and meetings in chart form.

    At 5,000 meetings, sorting and labelling them took longer than the rest of a redraw;
    a pane keeps one basis and builds a new one only when issues, nations or meetings change.
    """

    def __init__(
        self,
        issues: Sequence[Issue],
        meetings: Sequence[Meeting | MeetingHeading],
        nations: Sequence[tuple[str, str]],
    ) -> None:
        self.issues = tuple(issues)
        self.nations = tuple(nations)
        self.issue_by_uuid = {issue.uuid: issue for issue in self.issues}
        self.issue_order = {issue.uuid: index for index, issue in enumerate(self.issues)}
        months = short_month_names()
        self.meetings = tuple(
            TimelineMeeting(m.uuid, m.date, meeting_label(m, months))
            for m in sorted(meetings, key=lambda m: m.date)
        )
        self._meeting_index = {m.uuid: index for index, m in enumerate(self.meetings)}
        self.legend = generic_legend(self.issues)

    def nation_name(self, uuid: str | None) -> str:
        return next((name for key, name in self.nations if key == uuid), "")

    def meetings_with(
        self, highlighted_uuid: str | None, since: dt.date | None = None
    ) -> tuple[TimelineMeeting, ...]:
        """The meetings (from ``since`` on) with the chosen one marked."""
        meetings = self.meetings
        index = self._meeting_index.get(highlighted_uuid or "")
        if index is not None:
            chosen = replace(meetings[index], highlighted=True)
            meetings = (*meetings[:index], chosen, *meetings[index + 1 :])
        if since is not None:
            meetings = meetings[bisect.bisect_left(meetings, since, key=lambda m: m.date) :]
        return meetings


def build_timeline_data(
    request: TimelineRequest,
    positions: Sequence[PositionView],
    issues: Sequence[Issue],
    meetings: Sequence[Meeting],
    nations: Sequence[tuple[str, str]],
) -> TimelineData:
    """``positions`` already narrowed to the request; ``nations`` as (uuid, name) pairs."""
    return timeline_data_from(TimelineBasis(issues, meetings, nations), request, positions)


def _narrowing_hint(request: TimelineRequest) -> str:
    if request.nation_uuid and request.issue_uuid:
        return ""
    if request.nation_uuid:
        return " — choose an issue to see all"
    if request.issue_uuid:
        return " — choose a nation to see all"
    return " — choose an issue or a nation to see all"


def timeline_data_from(
    basis: TimelineBasis,
    request: TimelineRequest,
    positions: Sequence[PositionView],
    *,
    recorded: int | None = None,
    span: tuple[dt.date, dt.date] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> TimelineData:
    """As ``build_timeline_data``, on a kept basis.

    ``recorded``: how many positions the request matches in all, when ``positions`` are
    only the latest of them; the title then says so, and the chart spans only their period.
    ``span``: the days the time axis covers at least (see ``TimelineData.span``).
    ``cancelled``: looked at every ``CHECK_EVERY`` positions; once true, ``ReadCancelled``
    is raised and nothing is returned.
    """
    issue_by_uuid = basis.issue_by_uuid
    chosen = issue_by_uuid.get(request.issue_uuid or "")
    capped = recorded is not None and recorded > len(positions)
    since = min((view.as_of for view in positions), default=None) if capped else None
    chart_meetings = basis.meetings_with(request.meeting_uuid, since)
    if request.nation_uuid:
        row_issues = [chosen] if chosen else list(basis.issues)
        rows = tuple(issue.name for issue in row_issues)
        row_of = {issue.uuid: float(index) for index, issue in enumerate(row_issues)}
        title = f"{request.nation_name}: " + (f"{chosen.name}" if chosen else "every issue")
        subject = request.nation_name + (f" on {chosen.name}" if chosen else "")
        empty = f"No positions recorded for {request.nation_name}" + (
            f" on {chosen.name}." if chosen else "."
        )

        def y_of(view: PositionView) -> float | None:
            return row_of.get(view.issue_uuid)
    else:
        rows = tuple(name for _uuid, name in basis.nations)
        row_of = {uuid: float(index) for index, (uuid, _name) in enumerate(basis.nations)}
        title = (
            f"{chosen.name}: each nation's stance over time"
            if chosen
            else "All issues: every recorded position (hover a marker for its issue)"
        )
        subject = chosen.name if chosen else "All issues"
        empty = f"No positions recorded on {chosen.name}." if chosen else "No positions recorded."
        # With every issue shown, statements a nation made on one day would sit on top of
        # each other; they are fanned out across the row instead, in issue order.
        offset_of = {} if chosen else _fanned_out(positions, basis.issue_order)

        def y_of(view: PositionView) -> float | None:
            row = row_of.get(view.nation_uuid)
            if row is None:
                return None
            return row + offset_of.get(view.uuid, 0.0)

    points = []
    for index, view in enumerate(positions):
        if cancelled is not None and index % CHECK_EVERY == 0 and cancelled():
            raise ReadCancelled
        y = y_of(view)
        issue = issue_by_uuid.get(view.issue_uuid)
        if y is None or issue is None:
            continue
        points.append(
            TimelinePoint(
                uuid=view.uuid,
                y=y,
                date=view.as_of,
                colour=stance_colour(view.stance, issue.stances, issue.kind),
                stale=view.stale,
                tooltip=position_tooltip(view, request.stale_after_days),
                nation_uuid=view.nation_uuid,
                issue_uuid=view.issue_uuid,
            )
        )
    if capped:
        title = f"{subject}: latest {len(positions):,} of {recorded:,} positions"
        title += _narrowing_hint(request)
    return TimelineData(
        title=title,
        rows=rows,
        points=tuple(points),
        meetings=chart_meetings,
        legend=_legend_for(chosen) if chosen else basis.legend,
        selected_uuid=request.position_uuid,
        empty_message=empty,
        stale_label=f"Stale (not reconfirmed in {request.stale_after_days} days)",
        span=None if capped else span,
    )
