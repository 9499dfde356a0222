"""The display-settings form's routes. A router is made per function (Powertools' Router keeps the one resolver
it was included in)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from readwell import preferences
from readwell.preferences import saving
from readwell.web.forms import form_fields
from readwell.web.methods import READ
from readwell.web.request import forwarded_proto, over_https, safe_return_path
from readwell.web.responses import with_security_headers
from readwell.web.same_site import refuse_cross_site

NOT_STORED = {"Cache-Control": "no-store"}


def preferences_router() -> Router:
    router = Router()

    @router.post("/preferences")
    def save() -> Response:
        """Keep the allowlisted choices in a cookie, then go back (303) to the page the form was on; a post from
        another site is refused (403) and changes nothing."""
        event = router.current_event
        refuse_cross_site(event)  # another site's page must not change a reader's settings
        form = form_fields(event)
        current = preferences.from_cookies(getattr(event, "cookies", None), over_https(event))
        choice = preferences.choose(current, form)
        location = {"Location": safe_return_path(form.get("return_to")), **NOT_STORED}
        cookies = saving.cookies_for(choice, forwarded_proto(event))
        return Response(status_code=303, headers=with_security_headers(location), cookies=cookies)

    @router.route("/preferences", method=READ)
    def address() -> Response:
        """Someone who opens /preferences directly (a bookmark, a reload) is sent home rather than to an error."""
        return Response(status_code=303, headers=with_security_headers({"Location": "/", **NOT_STORED}))

    return router
