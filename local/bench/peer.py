"""The peer: the same article page served the usual way, FastAPI + Mangum, same Jinja template and data.

It reads through the same repository and renders with the same Jinja environment, so what differs
from the site function is the web framework and its adapter.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from mangum import Mangum

from readwell import config
from readwell.articles import view_models
from readwell.articles.view_models import article_context
from readwell.storage.content import ContentRepository
from readwell.web.rendering import render
from readwell.web.responses import PAGE_CACHE, SECURITY_HEADERS

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
content: Any = ContentRepository(config.content_table())


@app.get("/articles/{slug}", response_class=HTMLResponse)
def article(slug: str, request: Request) -> HTMLResponse:
    found = view_models.article(content, slug)
    if found is None:
        return HTMLResponse("Not found", status_code=404)
    # The same page context the site builds, from the same Lambda event (Mangum passes it on).
    event = APIGatewayProxyEventV2(request.scope["aws.event"])
    html = render("pages/article.html", **article_context(found, event))
    return HTMLResponse(html, headers={**SECURITY_HEADERS, "Cache-Control": PAGE_CACHE})


lambda_handler = Mangum(app, lifespan="off")
