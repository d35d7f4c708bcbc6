"""WTForms length bounds that speak the person's language (WTForms has no Vietnamese), built
from the limits the services check (`intake.domain.text_limits`), so page and service agree."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import Length

from intake.domain.text_limits import TextLimit


def at_most(limit: TextLimit | int) -> Length:
    """A `Length(max=...)` whose message names the limit and what was typed."""
    length = limit.length if isinstance(limit, TextLimit) else limit
    return Length(max=length, message=_l("At most %(max)s characters (this has %(length)s)."))
