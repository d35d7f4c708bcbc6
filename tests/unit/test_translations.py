"""Vietnamese first: every user-facing string has a Vietnamese translation, and the compiled
catalogue that the application loads is the one the .po file describes."""
from io import BytesIO
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG_DIR = ROOT / "intake" / "translations" / "vi" / "LC_MESSAGES"
METHODS = [("intake/**.py", "python"), ("intake/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def _po():
    with open(CATALOG_DIR / "messages.po", "rb") as handle:
        return read_po(handle, locale="vi")


def test_every_string_in_code_and_templates_has_a_vietnamese_translation():
    translated = {message.id: message.string for message in _po() if message.id}
    found = {message for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS) if isinstance(message, str)}
    # extract_from_dir walks from ROOT, so patterns are relative to it.
    assert found, "no strings were extracted: the extraction patterns are wrong"
    missing = sorted(message for message in found if not translated.get(message))
    assert not missing, f"untranslated strings (run `make translations`): {missing}"


def test_the_compiled_catalogue_matches_the_po_file():
    with open(CATALOG_DIR / "messages.mo", "rb") as handle:
        compiled = {message.id: message.string for message in read_mo(BytesIO(handle.read()))
                    if message.id}
    source = {message.id: message.string for message in _po() if message.id and message.string}
    assert compiled == source, "messages.mo is stale: run `make translations`"


def test_vietnamese_translations_carry_diacritics():
    # A translation typed without its tone marks is a bug a reader notices at once.
    strings = [message.string for message in _po() if message.id and message.string]
    with_marks = [s for s in strings if any(ord(c) > 127 for c in s)]
    assert len(with_marks) / len(strings) > 0.8


class _AnyValue(dict):
    def __missing__(self, key):
        return "x"


def test_every_message_survives_percent_formatting():
    # Jinja's gettext always applies "%" to the translated text: a bare "%" (as in "±30 %")
    # must be written "%%", in the message and in its translation, or the page fails.
    for message in _po():
        if not message.id:
            continue
        for text in (message.id, message.string):
            if text:
                text % _AnyValue()
