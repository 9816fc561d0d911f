"""``--output-format json-lines``: one JSON object per finding per line, the ``json`` format's keys."""

from __future__ import annotations

import json

from newslint.output import Entry, Summary
from newslint.output.json import as_dict


def line(e: Entry) -> str:
    # json.dumps escapes line breaks inside strings, so each object stays on its own line.
    return json.dumps(as_dict(e), ensure_ascii=False) + "\n"


def render(found: list[Entry], summary: Summary) -> str:
    return "".join(map(line, found))
