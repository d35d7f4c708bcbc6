"""The human-readable trace of a line's calculation, in English and Vietnamese.

Every number of a result is explainable (product.md): the trace writes each step as
activity × heating value × factor × GWP = result, citing each factor's origin and source.
English numbers read `3,186.3`, Vietnamese ones `3.186,3`; all digits are kept.
"""
from __future__ import annotations

import functools
from decimal import Decimal

from forms import ghg
from forms.library import FactorLibrary
from forms.vocabulary import OZONE_DEPLETING as OZONE_DEPLETING_WORDS
from forms.vocabulary import OZONE_DEPLETING_LAW
from intake.domain.ghg.calculate import LineResult, Step, Term
from intake.domain.ghg.factors import FACILITY, OZONE_DEPLETING, Factor

STEP_LABELS = {
    "mass": ("Mass", "Khối lượng"),
    "energy": ("Energy", "Năng lượng"),
    "electricity": ("Electricity", "Điện năng"),
    "toe": ("Energy in TOE", "Quy đổi TOE"),
}
ORIGIN_LABELS = {
    FACILITY: ("facility-specific value", "giá trị riêng của cơ sở"),
    "national": ("national list", "danh mục quốc gia"),
    "ipcc2006": ("IPCC 2006 default", "giá trị mặc định IPCC 2006"),
    "library": ("library value", "giá trị thư viện"),
    "gwp": ("", ""),
    OZONE_DEPLETING: (f"{OZONE_DEPLETING_WORDS[1]} substance, controlled under {OZONE_DEPLETING_LAW[1]}",
                      f"{OZONE_DEPLETING_WORDS[0]}, được kiểm soát theo {OZONE_DEPLETING_LAW[0]}"),
}
MEMO = (" (biogenic CO2: memo item, not in totals)",
        " (CO2 sinh khối: chỉ ghi nhớ, không cộng vào tổng)")
SCOPE = {1: ("direct, scope 1", "trực tiếp, phạm vi 1"),
         2: ("indirect, scope 2", "gián tiếp, phạm vi 2")}


def format_number(value: Decimal, language: str) -> str:
    """All digits, grouped: `3,186.3` (en) or `3.186,3` (vi); no exponent."""
    text = format(value, ",f")  # "3,186.300": grouping in English style, every digit
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("", "-0", "-"):
        text = "0"
    if language == "en":
        return text
    return text.translate(_TO_VIETNAMESE)


_TO_VIETNAMESE = str.maketrans({",": ".", ".": ","})


@functools.lru_cache(maxsize=4096)
def _cite(factor: Factor, language: str) -> str:
    en, vi = ORIGIN_LABELS.get(factor.origin, (factor.origin, factor.origin))
    origin = en if language == "en" else vi
    source = (factor.source_vi if language != "en" and factor.source_vi else factor.source) \
        or ("no source stated" if language == "en" else "chưa ghi nguồn")
    if factor.provisional:
        origin = ("provisional, " if language == "en" else "tạm tính, ") + origin
    return f" [{origin}: {source}]" if origin else f" [{source}]"


@functools.lru_cache(maxsize=8192)
def _constant_term(term: Term, language: str) -> str:
    """Terms that are factors or unit conversions repeat across lines: render them once."""
    return _render_term(term, language)


def _term(term: Term, language: str) -> str:
    if term.factor is not None or term.unit.startswith(("Gg/", "t/", "TJ/", "MWh/", "GJ/",
                                                         "TOE/", "L/", "m3/")):
        return _constant_term(term, language)
    return _render_term(term, language)


def _render_term(term: Term, language: str) -> str:
    text = f"{format_number(term.value, language)} {term.unit}"
    if term.unit.startswith("GWP"):
        text = f"{term.unit} {format_number(term.value, language)}"
    if term.factor is not None:
        text += _cite(term.factor, language)
    return text


def _label(step: Step, language: str) -> str:
    idx = 0 if language == "en" else 1
    if step.kind in STEP_LABELS:
        return STEP_LABELS[step.kind][idx]
    if step.kind.startswith("co2e:"):
        gas = step.kind.split(":", 1)[1]
        return f"CO2e of {gas}" if language == "en" else f"CO2 tương đương của {gas}"
    return f"{step.kind} emitted" if language == "en" else f"Phát thải {step.kind}"


def _step(step: Step, language: str) -> str:
    idx = 0 if language == "en" else 1
    label = _label(step, language)
    chain = " × ".join(_term(t, language) for t in step.terms)
    text = f"{label}: {chain} = {format_number(step.result, language)} {step.unit}"
    return text + (MEMO[idx] if step.memo else "")


def _heading(result: LineResult, lib: FactorLibrary, language: str) -> str:
    idx = 0 if language == "en" else 1
    variant = ghg.SOURCES.variant(result.category)
    parts = [variant.label_en if idx == 0 else variant.label_vi] if variant else []
    line = result.line
    if line.get("fuel") in lib.fuels:
        fuel = lib.fuels[line["fuel"]]
        parts.append(fuel.name_en if idx == 0 else fuel.name_vi)
    sector = next((c for c in ghg.SECTORS if c.value == line.get("sector")), None)
    if sector is not None and result.category == "stationary_combustion":
        parts.append(sector.label_en if idx == 0 else sector.label_vi)
    if line.get("gas"):
        parts.append(line["gas"])
    quantity = f"{format_number(line['quantity'], language)} {line['unit']}"
    return f"{result.year} {result.id} ({', '.join(parts)}): {quantity}."


def render(result: LineResult, lib: FactorLibrary, language: str) -> str:
    """The trace of one line in `language` ("en" or "vi"), rendered term by term.

    The reference rendering: `render_both` gives the same texts faster."""
    idx = 0 if language == "en" else 1
    lines = [_heading(result, lib, language)]
    lines += [_step(step, language) + "." for step in result.steps]
    total = "Total" if language == "en" else "Tổng"
    lines.append(f"{total}: {format_number(result.tco2e, language)} tCO2e "
                 f"({SCOPE[result.scope][idx]}).")
    return "\n".join(lines)


# --- both languages at once, from a template per line signature --------------------------------
#
# Lines with the same signature (calculate._signature: everything but the quantity) have the
# same steps and the same constant terms, so their traces differ only in the id and the
# quantity-dependent numbers: the heading's quantity, each step's first term and result, and
# the total. A template holds the text between those numbers, rendered once by the functions
# above; a line then formats only its own numbers, once, for both languages (the Vietnamese
# number is the English one with "," and "." swapped, as in `format_number`).

# (kinds of the steps, English format string, Vietnamese format string): the text around, in
# order, the id, the quantity, each step's first term and result, and the total, joined by
# "{}" (literal braces doubled) for one str.format per language.
_Template = tuple[tuple[str, ...], str, str]
_TEMPLATES: dict[tuple, _Template | None] = {}
_TEMPLATE_LIMIT = 4096  # distinct line signatures kept; beyond, the cache starts over
_SEPARATOR = "\x00"  # never in a formatted number


def render_both(result: LineResult, lib: FactorLibrary,
                total: Decimal | None = None) -> tuple[str, str]:
    """(English trace, Vietnamese trace) of one line: `render(result, lib, "en")` and
    `render(result, lib, "vi")`, character for character. `total` is `result.tco2e` when
    the caller has it already."""
    signature = result.signature
    template = _TEMPLATES.get(signature) if signature is not None else None
    if template is None:
        if signature is None or signature in _TEMPLATES:  # no signature, or not templatable
            return render(result, lib, "en"), render(result, lib, "vi")
        if len(_TEMPLATES) >= _TEMPLATE_LIMIT:
            _TEMPLATES.clear()
        template = _TEMPLATES[signature] = _template(result, lib)
        if template is None:
            return render(result, lib, "en"), render(result, lib, "vi")
    kinds, en_format, vi_format = template
    steps = result.steps
    if len(steps) != len(kinds):
        # Same signature, other steps: cannot happen (Step's docstring); never guess.
        return render(result, lib, "en"), render(result, lib, "vi")
    numbers = [result.line["quantity"]]
    for step, kind in zip(steps, kinds):
        if step.kind != kind:
            return render(result, lib, "en"), render(result, lib, "vi")
        numbers.append(step.terms[0].value)
        numbers.append(step.result)
    numbers.append(result.tco2e if total is None else total)
    texts = []
    seen: dict[int, str] = {}  # a value used twice in the line (the energy) is formatted once
    for value in numbers:
        text = seen.get(id(value))
        if text is None:
            # format_number(value, "en"), inlined: this loop formats ~17 numbers per line.
            text = format(value, ",f")
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            if text in ("", "-0", "-"):
                text = "0"
            seen[id(value)] = text
        texts.append(text)
    # Vietnamese numbers: the English ones with "," and "." swapped, in one translate.
    vi_texts = _SEPARATOR.join(texts).translate(_TO_VIETNAMESE).split(_SEPARATOR)
    return en_format.format(result.id, *texts), vi_format.format(result.id, *vi_texts)


def _template(result: LineResult, lib: FactorLibrary) -> _Template | None:
    """The pieces of text around the variable parts of `result`'s traces; None when a step
    does not have the expected shape (then every line of this signature is rendered in full)."""
    for step in result.steps:
        first = step.terms[0]
        if first.factor is not None or first.unit.startswith("GWP"):
            return None
    kinds = tuple(step.kind for step in result.steps)
    return kinds, _format_string(_pieces(result, lib, "en")), \
        _format_string(_pieces(result, lib, "vi"))


def _format_string(pieces: tuple[str, ...]) -> str:
    return "{}".join(p.replace("{", "{{").replace("}", "}}") for p in pieces)


def _pieces(result: LineResult, lib: FactorLibrary, language: str) -> tuple[str, ...]:
    idx = 0 if language == "en" else 1
    heading = _heading(result, lib, language)
    # "<year> <id> (<parts>): <quantity> <unit>." split around the id and the quantity.
    year_part = f"{result.year} "
    quantity_text = format_number(result.line["quantity"], language)
    ending = f"{quantity_text} {result.line['unit']}."
    assert heading.startswith(year_part + result.id) and heading.endswith(ending)
    middle = heading[len(year_part) + len(result.id):-len(ending)]
    pieces = [year_part, middle]
    tail = f" {result.line['unit']}."
    for step in result.steps:
        constants = "".join(" × " + _term(t, language) for t in step.terms[1:])
        pieces.append(f"{tail}\n{_label(step, language)}: ")
        pieces.append(f" {step.terms[0].unit}{constants} = ")
        tail = f" {step.unit}" + (MEMO[idx] if step.memo else "") + "."
    total = "Total" if language == "en" else "Tổng"
    pieces.append(f"{tail}\n{total}: ")
    pieces.append(f" tCO2e ({SCOPE[result.scope][idx]}).")
    return tuple(pieces)
