"""The reader's weights as a FHIR R4 Bundle a clinic's record system can import: one body-weight Observation per
entry, in kilograms worked out exactly from the stored grams. Nothing names or identifies the reader: no name, no
identifier, no secret, no link back to the tracker."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from readwell.tracker.progress import Entry

FILE_NAME = "weight-record.fhir.json"
MEDIA_TYPE = "application/fhir+json"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
LOINC = "http://loinc.org"
BODY_WEIGHT = "29463-7"
UCUM = "http://unitsofmeasure.org"
GRAMS_PER_KG = Decimal(1000)
# The quantity's place in each Observation's JSON, filled with the exact decimal: json writes no Decimal, and a
# float would risk a digit the reader never weighed.
_KG = "@kg@"


def kilograms(grams: int) -> Decimal:
    """70500 -> 70.5, exactly (a decimal division; the stored grams are whole)."""
    return Decimal(grams) / GRAMS_PER_KG


def observation(entry: Entry) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {"coding": [{"system": CATEGORY_SYSTEM, "code": "vital-signs", "display": "Vital Signs"}]},
        ],
        "code": {"coding": [{"system": LOINC, "code": BODY_WEIGHT, "display": "Body weight"}], "text": "Body weight"},
        "effectiveDateTime": entry.day,
        "valueQuantity": {"value": _KG, "unit": "kg", "system": UCUM, "code": "kg"},
    }


def bundle_json(chronological: Iterable[Entry]) -> str:
    """The Bundle's text, written an entry at a time as entries arrive (a page of them at a time). FHIR allows no
    empty array, so a tracker without entries gives a Bundle without "entry"."""
    out = io.StringIO()
    out.write('{"resourceType": "Bundle", "type": "collection"')
    written = 0
    for entry in chronological:
        text = json.dumps({"resource": observation(entry)})
        out.write(
            (", " if written else ', "entry": [') + text.replace(json.dumps(_KG), format(kilograms(entry.grams), "f"))
        )
        written += 1
    out.write("]}" if written else "}")
    return out.getvalue()
