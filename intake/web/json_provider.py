"""Flask's JSON in and out with exact decimals (see intake.domain.jsonio). What Flask reads is a
request body (`request.get_json`), so it is read with the limits on depth and length."""
from __future__ import annotations

from typing import Any

from flask.json.provider import DefaultJSONProvider

from intake.domain import jsonio


class DecimalJSONProvider(DefaultJSONProvider):
    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return jsonio.dumps(obj, sort_keys=kwargs.get("sort_keys", False))

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return jsonio.loads_untrusted(s)
