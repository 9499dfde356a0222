"""What the tracker's routes do around the service for the request being answered: note the tracker it acts on
(its cookie is renewed on the way out: http.renewing), read a form from the tracker's own page, send back an
entry form that did not save, count and log a change, keep enough of the function's time to answer; and the
two routes with most to decide, starting a tracker and deleting one. Logs name what happened, never weights,
tokens, codes or cookies."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.metrics import MetricUnit

from readwell.tracker import http, responses
from readwell.tracker.progress import Entry
from readwell.tracker.rate_limits import Limited
from readwell.tracker.service import Open, Outcome, TrackerService
from readwell.web import same_site

SPARE_MS = 3000  # stop deleting with this much of the function's time left, and go on at the next request


class TrackerRequests:
    """`app`: the function's resolver, whose current request this answers; `metrics`: Powertools Metrics."""

    def __init__(self, app: Any, service: TrackerService, logger: Any, metrics: Any) -> None:
        self.app = app
        self.service = service
        self.logger = logger
        self.metrics = metrics

    def token(self) -> str | None:
        """The tracker secret this browser sent, if any (checked by the service)."""
        return http.token(self.app.current_event)

    def held(self, tracker: Open) -> Open:
        """Note the tracker this request acts on: its cookie is renewed on the way out."""
        self.app.append_context(held=tracker.token)
        return tracker

    def tracker(self) -> Open:
        """The tracker this browser holds, held (NoTracker when there is none: back to the start page)."""
        return self.held(self.service.require(self.token()))

    def posted(self) -> tuple[Open, dict[str, str]]:
        """The tracker a form acts on, held, and the form: only from the tracker's own page."""
        tracker, fields = http.posted(self.app.current_event, self.service)
        return self.held(tracker), fields

    def unsaved(
        self, tracker: Open, outcome: Outcome, fields: dict[str, str], entry: Entry | None = None
    ) -> Response | None:
        """The page for an entry form that did not save (the add form comes back on the newest page), or None."""
        if outcome.failed:
            self.logger.warning("A tracker write failed; the reader was told it was not saved")
        if outcome.saved:
            return None
        shown = self.service.page(tracker.token) if entry is None and not outcome.conflict else None
        page = shown[1] if shown else None
        today = self.service.today()
        return responses.entry_problem_page(self.app.current_event, tracker, page, outcome, fields, today, entry)

    def count(self, metric: str) -> None:
        self.metrics.add_metric(name=metric, unit=MetricUnit.Count, value=1)

    def done(self, message: str) -> Response:
        """A change saved: counted, logged by what it was, and back to the tracker, which says so."""
        self.count("TrackerWrite")
        self.logger.info("Tracker changed", extra={"outcome": message})
        return responses.saved(message)

    def more_time(self) -> bool:
        return bool(self.app.lambda_context.get_remaining_time_in_millis() > SPARE_MS)

    def start(self) -> Response:
        """POST /tracker/start: a new tracker from the start form, unless this browser has one or its address
        started too many lately; the form comes back with the reader's input when anything is wrong."""
        event, fields = self.app.current_event, http.posted_form(self.app.current_event)
        if self.service.find(self.token()) is not None:  # already tracking here (or the form was sent twice)
            return http.redirect("/tracker")
        try:
            token, checked = self.service.start(fields, same_site.client_address(event))
        except Limited:
            self.logger.info("A tracker start was refused", extra={"outcome": "limited"})
            return responses.start_page(event, self.service.today(), responses.too_many_starts(fields))
        if token is None:
            return responses.start_page(event, self.service.today(), responses.SentBack(fields, checked.problems))
        self.count("TrackerStarted")
        self.logger.info("Tracker started")
        return responses.started_page(event, token)

    def delete_tracker(self) -> Response:
        """POST /tracker/delete: go on with a deletion cut short when the form comes from its own page (the
        deleting page), else delete the tracker the form acts on, as far as the function's time allows."""
        event, token, fields = self.app.current_event, self.token(), http.posted_form(self.app.current_event)
        resumed = self.service.resume_delete(token, fields.get("csrf_token", ""), self.more_time)
        if token and resumed is not None:
            return responses.deleted_page(event, token, resumed)
        tracker, _ = self.posted()
        finished = self.service.delete(tracker, self.more_time)
        self.count("TrackerDeleted")
        self.logger.info("Tracker deleted", extra={"outcome": "finished" if finished else "continues"})
        return responses.deleted_page(event, tracker.token, finished)
