"""Every form the portal receives, by its document key (`"form"` in a document)."""
from __future__ import annotations

from importlib import import_module

from forms.definition import FormDefinition

# key -> (module, name of the definition in it)
_FORMS = {
    "ghg-inventory": ("forms.ghg", "GHG_FORM"),
    "env-declaration": ("forms.declaration", "DECLARATION_FORM"),
}


def form_keys() -> tuple[str, ...]:
    return tuple(_FORMS)


def form_definition(key: str) -> FormDefinition:
    """The definition of the form with this key. Raises KeyError for an unknown key."""
    module_name, attribute = _FORMS[key]
    return getattr(import_module(module_name), attribute)
