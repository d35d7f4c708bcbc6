"""intake: the Hanoi Department of Industry and Trade's portal for GHG inventory reports and
environmental declarations.

The package itself imports nothing heavy, so that the plain-Python domain modules
(`intake.domain`) can be used without loading Flask; the application is built by
`intake.app.create_app`.
"""
from __future__ import annotations

from typing import Any


def create_app(config: dict[str, Any] | None = None):  # noqa: ANN201 (a Flask app)
    """Build the Flask application (see `intake.app.create_app`)."""
    # Here, not at the top: importing `intake.domain` must not load Flask (see above).
    from intake.app import create_app as build  # noqa: PLC0415

    return build(config)
