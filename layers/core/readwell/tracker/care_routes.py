"""The tracker's settings (the goal, the reader's own weight-loss threshold) and its printable record. A router
is made per function (Powertools' Router keeps the one resolver it was included in)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from readwell.tracker import care_pages
from readwell.tracker.requests import TrackerRequests
from readwell.tracker.responses import SentBack
from readwell.web.methods import READ


def care_router(request: TrackerRequests) -> Router:
    router = Router()
    service = request.service

    @router.route("/tracker/settings", method=READ)
    def settings_form() -> Response:
        return care_pages.settings_page(router.current_event, request.tracker())

    @router.post("/tracker/settings")
    def save_settings() -> Response:
        tracker, fields = request.posted()
        checked = service.save_settings(tracker, fields)
        if not checked.ok:
            return care_pages.settings_page(router.current_event, tracker, SentBack(fields, checked.problems))
        return request.done("settings")

    @router.route("/tracker/print", method=READ)
    def print_record() -> Response:
        tracker = request.tracker()
        return care_pages.print_page(router.current_event, tracker, service.recent_entries(tracker), service.today())

    return router
