"""The FHIR download: a Bundle a clinic's record system accepts (checked by fhir.resources' R4B models, R4's
Observation and Bundle), each weight in kilograms exactly as stored, and nothing that names or opens the tracker."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation

from readwell.tracker import fhir, identity
from readwell.tracker.progress import Entry
from tests.tracker.browser import TRACKER, Browser

PATH = "/tracker/export.fhir.json"


def stored_grams(table_items: Any) -> dict[str, int]:
    """Each day's stored grams, read straight from the table."""
    found = {}
    for item in table_items():
        if item["SK"]["S"].startswith("MONTH#"):
            month = item["SK"]["S"][len("MONTH#") :]
            found |= {f"{month}-{k[1:]}": int(v["N"]) for k, v in item.items() if k[0] == "d" and k[1:].isdigit()}
    return found


@pytest.mark.parametrize(
    ("unit", "forms"),
    [
        ("kg", [{"weight": "70.5"}, {"weight": "83.7"}, {"weight": "70"}]),
        ("lb", [{"weight": "150"}, {"weight": "171.5"}, {"weight": "99.9"}]),
        ("st", [{"weight_stones": "12", "weight_pounds": "3.5"}, {"weight_stones": "9", "weight_pounds": "0"}]),
    ],
)
def test_the_download_is_a_valid_r4_bundle_of_body_weights_in_exact_kilograms(
    browser: Browser, table_items: Any, unit: str, forms: list[dict[str, str]]
) -> None:
    browser.start(unit=unit)
    for day, form in enumerate(forms, start=1):
        saved = browser.post("/tracker/entries", {"csrf_token": browser.csrf(), "date": f"2026-02-0{day}", **form})
        assert saved.status == 303
    reply = browser.get(PATH)
    assert reply.status == 200 and reply.header("Cache-Control") == "private, no-store"
    assert reply.header("Content-Type") == "application/fhir+json; charset=utf-8"
    assert reply.header("Content-Disposition") == 'attachment; filename="weight-record.fhir.json"'

    bundle = Bundle.model_validate_json(reply.text)
    assert bundle.type == "collection" and len(bundle.entry) == len(forms)
    for found in bundle.entry:
        observation = Observation.model_validate(found.resource.model_dump())
        assert observation.status == "final"
        [category] = observation.category
        assert (category.coding[0].system, category.coding[0].code) == (fhir.CATEGORY_SYSTEM, "vital-signs")
        assert [(c.system, c.code, c.display) for c in observation.code.coding] == [
            ("http://loinc.org", "29463-7", "Body weight")
        ]
        quantity = observation.valueQuantity
        assert (quantity.system, quantity.code, quantity.unit) == ("http://unitsofmeasure.org", "kg", "kg")
        assert observation.subject is None and observation.identifier is None

    grams = stored_grams(table_items)
    written = json.loads(reply.text, parse_float=Decimal, parse_int=Decimal)["entry"]
    assert {e["resource"]["effectiveDateTime"]: e["resource"]["valueQuantity"]["value"] for e in written} == {
        day: Decimal(g) / 1000 for day, g in grams.items()
    }
    assert "id" not in json.loads(reply.text)  # nothing that could tie two downloads together
    token = browser.cookies[TRACKER]
    for secret in (token, identity.recovery_code(token), identity.csrf_token(token), identity.token_hash(token)):
        assert secret not in reply.text


def test_grams_become_kilograms_without_a_float_digit() -> None:
    for grams, text in [(70500, "70.5"), (77791, "77.791"), (68039, "68.039"), (100001, "100.001"), (1, "0.001")]:
        assert fhir.kilograms(grams) == Decimal(text)
        assert f'"value": {text},' in fhir.bundle_json([Entry("2026-02-01", grams)])


def test_an_empty_tracker_downloads_an_empty_bundle_and_no_tracker_gets_the_start_page(browser: Browser) -> None:
    assert browser.get(PATH).status == 303
    browser.start()
    empty = browser.get(PATH).text
    assert Bundle.model_validate_json(empty).entry is None and "entry" not in empty  # FHIR has no empty arrays
    assert f'href="{PATH}"' in browser.get("/tracker").text
