"""The tracker's settings page (the goal and the reader's own threshold) and the printable "My weight record":
private like every tracker page (responses.render)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from readwell.dates import human_date
from readwell.tracker import goals, identity, settings, view_models, weight_loss
from readwell.tracker.progress import Entry
from readwell.tracker.responses import SentBack, render
from readwell.tracker.service import Open
from readwell.tracker.units import UNITS, format_weight


def settings_page(event: BaseProxyEvent, tracker: Open, sent_back: SentBack | None = None) -> Response:
    profile, summary = tracker.profile, tracker.summary
    return render(
        event,
        "pages/tracker/settings.html",
        "Your tracker settings",
        sent_back,
        address="/tracker/settings",
        csrf=identity.csrf_token(tracker.token),
        form=sent_back.form if sent_back else settings.form_of(profile, summary.first, profile.unit),
        unit=profile.unit,
        unit_name=UNITS[profile.unit],
        goal_kinds=goals.KINDS,
        alert_units=settings.ALERT_UNITS,
        steady_percent=goals.STEADY_PERCENT,
        fewest_days=weight_loss.OWN_DAYS_FEWEST,
        most_days=weight_loss.OWN_DAYS_MOST,
        most_percent=weight_loss.OWN_PERCENT_MOST,
        standard_percent=weight_loss.STANDARD_PERCENT,
        window_months=round(weight_loss.WINDOW_DAYS / 30.5),
        has_weight=summary.latest is not None,
    )


def print_page(event: BaseProxyEvent, tracker: Open, recent: list[Entry], today: str) -> Response:
    """The last six months' entries (the notice's window), the changes and any notice, with the date printed."""
    profile, summary, unit = tracker.profile, tracker.summary, tracker.profile.unit
    care = view_models.care(profile, summary, recent)
    since = weight_loss.first_day(summary.latest.day, weight_loss.WINDOW_DAYS) if summary.latest else today
    shown = [e for e in reversed(recent) if e.day >= since]
    rows = [{"day": e.day, "label": human_date(e.day), "weight": format_weight(e.grams, unit)} for e in shown]
    return render(
        event,
        "pages/tracker/print.html",
        "My weight record",
        address="/tracker/print",
        printed=today,
        rows=rows,
        first=shown[-1].day if shown else None,
        last=shown[0].day if shown else None,
        unit_name=UNITS[unit],
        **care,
    )
