"""Routes for which trackers a device holds: its recovery code, a new code (the old one stops working), opening one
with a code, forgetting one on a shared device; and going on with a move to a new code wherever one is found
unfinished. A router is made per function
(Powertools' Router keeps the one resolver it was included in)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from readwell.tracker import http, identity, responses
from readwell.tracker.http import PRIVATE_HEADERS, clear_cookie, tracker_cookie
from readwell.tracker.new_code import RecoveryCodes
from readwell.tracker.requests import TrackerRequests
from readwell.tracker.responses import render
from readwell.tracker.service import Moving, NotSaved
from readwell.web import same_site
from readwell.web.methods import READ


def device_router(request: TrackerRequests, codes: RecoveryCodes) -> Router:
    """Also answers Moving, from any of the function's routes, on the function's resolver."""
    router = Router()
    service, logger = request.service, request.logger

    @request.app.exception_handler(Moving)
    def moving(error: Moving) -> Response:
        """Go on with the move; once over, the same request again (307 keeps a form's method and fields)."""
        event = request.app.current_event
        if codes.go_on(error.tracker, request.more_time):
            again = event.path + (f"?{event.raw_query_string}" if event.raw_query_string else "")
            return Response(307 if event.http_method == "POST" else 303, headers={**PRIVATE_HEADERS, "Location": again})
        if event.http_method == "POST":  # the form comes back with the reader's input, to send again
            return responses.unavailable(event, NotSaved(http.posted_form(event)))
        return render(event, "pages/tracker/moving.html", "Your tracker is moving to its new code", again=event.path)

    @router.route("/tracker/new-code", method=READ)
    def confirm_new_code() -> Response:
        tracker = request.tracker()
        event = request.app.current_event
        csrf = identity.csrf_token(tracker.token)
        return render(
            event, "pages/tracker/new_code.html", "Get a new recovery code", address="/tracker/new-code", csrf=csrf
        )

    @router.post("/tracker/new-code")
    def new_code() -> Response:
        """The old code stops working now; the new one is shown, and this browser keeps the tracker under it."""
        tracker, _ = request.posted()
        event = request.app.current_event
        moved, finished = codes.new_code(tracker, request.more_time)
        logger.info("Tracker given a new recovery code", extra={"outcome": "moved" if finished else "moving"})
        code = identity.recovery_code(moved.token)
        response = render(
            event, "pages/tracker/new_code_done.html", "Your new recovery code", recovery_code=code, finished=finished
        )
        response.cookies = [tracker_cookie(event, moved.token)]
        return response

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
        found = service.recover(same_site.client_address(event), code)
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
