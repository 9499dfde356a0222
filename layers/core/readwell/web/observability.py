"""Powertools Logger, Tracer and Metrics, one set per function."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

NAMESPACE = "Readwell"


def tools(service: str) -> tuple[Logger, Tracer, Metrics]:
    return Logger(service=service), Tracer(service=service), Metrics(namespace=NAMESPACE, service=service)
