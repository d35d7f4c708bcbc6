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
from intake.domain.ghg.calculate import LineResult, Step, Term
from intake.domain.ghg.factors import FACILITY, Factor

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
    source = factor.source or ("no source stated" if language == "en" else "chưa ghi nguồn")
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


def _step(step: Step, language: str) -> str:
    idx = 0 if language == "en" else 1
    if step.kind in STEP_LABELS:
        label = STEP_LABELS[step.kind][idx]
    elif step.kind.startswith("co2e:"):
        gas = step.kind.split(":", 1)[1]
        label = f"CO2e of {gas}" if language == "en" else f"CO2 tương đương của {gas}"
    else:
        label = f"{step.kind} emitted" if language == "en" else f"Phát thải {step.kind}"
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
    """The trace of one line in `language` ("en" or "vi")."""
    idx = 0 if language == "en" else 1
    lines = [_heading(result, lib, language)]
    lines += [_step(step, language) + "." for step in result.steps]
    total = "Total" if language == "en" else "Tổng"
    lines.append(f"{total}: {format_number(result.tco2e, language)} tCO2e "
                 f"({SCOPE[result.scope][idx]}).")
    return "\n".join(lines)
