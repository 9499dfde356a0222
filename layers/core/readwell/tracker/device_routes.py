"""Routes for which trackers a device holds: its recovery code, opening one with a code, forgetting one on a shared
device. A router is made per function
(Powertools' Router keeps the one resolver it was included in)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from readwell.tracker import http, identity, responses
from readwell.tracker.http import clear_cookie
from readwell.tracker.requests import TrackerRequests
from readwell.tracker.responses import render
from readwell.web.methods import READ


def device_router(request: TrackerRequests) -> Router:
    router = Router()
    service, logger = request.service, request.logger

    @router.route("/tracker/recovery-code", method=READ)
    def recovery_code() -> Response:
        return responses.recovery_code_page(request.app.current_event, request.tracker())

    @router.route("/tracker/open", method=READ)
    def open_form() -> Response:
        return responses.open_page(request.app.current_event)

    @router.post("/tracker/open")
    def open_tracker() -> Response:
        event = request.app.current_event
        fields = http.posted_form(event)
        code = fields.get("recovery_code", "")
        found = service.recover(http.client_address(event), code)
        logger.info("A recovery code was tried", extra={"outcome": found.outcome})
        current = service.find(request.token())
        return responses.recovery_page(event, code, found, current, fields.get("confirm_switch") == "yes")

    @router.route("/tracker/forget", method=READ)
    def confirm_forget() -> Response:
        """The question, with the recovery code to write down first: the cookie stays until the reader confirms."""
        tracker = request.tracker()
        return render(
            request.app.current_event,
            "pages/tracker/forget.html",
            "Forget this tracker on this device",
            address="/tracker/forget",
            csrf=identity.csrf_token(tracker.token),
            recovery_code=identity.recovery_code(tracker.token),
        )

    @router.post("/tracker/forget")
    def forget() -> Response:
        """The browser forgets the tracker (its cookie cleared); the tracker itself is untouched."""
        request.posted()  # from the tracker's own page only, like every tracker form
        event = request.app.current_event
        logger.info("Tracker forgotten on a device")
        response = render(event, "pages/tracker/forgotten.html", "This device has forgotten your tracker")
        response.cookies = [clear_cookie(event)]
        return response

    return router
