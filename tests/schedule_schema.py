"""The check every schedule-language test file makes on a new key: the published JSON Schema and
the ``Schedule`` model accept and refuse the same documents, so a host validating config with the
schema never sees a document the library then refuses (or the other way round)."""

from __future__ import annotations

from typing import Any

import jsonschema
from pydantic import ValidationError

from regua import Schedule
from regua.schemas import json_schema


def assert_schema_and_model_agree(document: dict[str, Any], valid: bool) -> None:
    """Both the schema and the model accept ``document`` when ``valid``, both refuse it if not."""
    schema_accepts = jsonschema.Draft202012Validator(json_schema("schedule")).is_valid(document)
    try:
        Schedule.model_validate(document)
    except ValidationError:
        model_accepts = False
    else:
        model_accepts = True
    assert (schema_accepts, model_accepts) == (valid, valid)
