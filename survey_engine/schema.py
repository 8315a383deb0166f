"""The JSON Schema of survey definitions, generated from the model.

Regenerate the committed file with::

    .venv/bin/python -m survey_engine.schema
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from survey_engine.model import Survey

SCHEMA_PATH = (
    Path(__file__).resolve().parent.parent / "survey_defs" / "schema" / "survey.schema.json"
)
REGENERATE = ".venv/bin/python -m survey_engine.schema"


def survey_schema() -> dict[str, Any]:
    schema = Survey.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://quanjing.example/survey.schema.json",
        **schema,
    }


def schema_text() -> str:
    return json.dumps(survey_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main() -> None:
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")


if __name__ == "__main__":
    main()
