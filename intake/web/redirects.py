"""Redirect targets taken from user input."""
from __future__ import annotations

from urllib.parse import urlsplit


def safe_redirect_target(target: str | None) -> str | None:
    """`target` if it is a same-site relative path, else None: never an open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
