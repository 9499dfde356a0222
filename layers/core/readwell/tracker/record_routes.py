"""Routes for the reader's record in a form another system reads: the FHIR file for a clinic's records.
A router is made per function (Powertools' Router keeps the one resolver it was included in)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from readwell.tracker import fhir
from readwell.tracker.http import PRIVATE_HEADERS
from readwell.tracker.requests import TrackerRequests
from readwell.web.methods import READ


def record_router(request: TrackerRequests) -> Router:
    router = Router()

    @router.route("/tracker/export.fhir.json", method=READ)
    def export_fhir() -> Response:
        """Every entry, read a page at a time like the CSV download, private like every tracker response."""
        tracker = request.tracker()
        return Response(
            status_code=200,
            content_type=f"{fhir.MEDIA_TYPE}; charset=utf-8",
            body=fhir.bundle_json(request.service.history(tracker)),
            headers={**PRIVATE_HEADERS, "Content-Disposition": f'attachment; filename="{fhir.FILE_NAME}"'},
        )

    return router
