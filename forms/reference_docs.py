"""Markdown generated from the form definitions, so the documentation cannot drift.

`docs/ghg.md` holds the output of `ghg_source_line_markdown()` between the markers below; a
test checks it is up to date (regenerate with `python -m forms.reference_docs`).
"""
from __future__ import annotations

import sys
from pathlib import Path

from forms import ghg
from forms.definition import Field, FieldType

BEGIN = "<!-- BEGIN GENERATED: source lines (python -m forms.reference_docs) -->"
END = "<!-- END GENERATED -->"


def _type(f: Field) -> str:
    kind = f.type.value + (f" ({f.unit})" if f.unit else "")
    if f.type is FieldType.CHOICE and len(f.choices) <= 10:
        kind += ": " + ", ".join(f"`{c}`" for c in f.choice_values)
    return kind


def ghg_source_line_markdown() -> str:
    table = ghg.SOURCES
    out = ["### Categories", "",
           "| category | scope | required keys | optional keys | units |", "|---|---|---|---|---|"]
    for v in table.variants:
        out.append(f"| `{v.value}` ({v.label_en}; {v.label_vi}) | {v.attributes['scope']} | "
                   + ", ".join(f"`{k}`" for k in v.required) + " | "
                   + ", ".join(f"`{k}`" for k in v.optional) + " | "
                   + ", ".join(f"`{u}`" for u in v.units) + " |")
    out += ["", "Every line also takes: " + ", ".join(
        f"`{f.key}`{' (required)' if f.required else ''}"
        for f in table.children if isinstance(f, Field) and f.key not in table.variant_keys)
        + ".", "", "### Keys", "", "| key | label (vi) | label (en) | type | help |",
        "|---|---|---|---|---|"]
    for f in table.children:
        if isinstance(f, Field):
            out.append(f"| `{f.key}` | {f.label_vi} | {f.label_en} | {_type(f)} | "
                       f"{f.help_en} |")
    out += ["", "Fuels: " + ", ".join(f"`{c.value}`" for c in ghg.FUELS) + ".",
            "", "Gases and refrigerants: " + ", ".join(f"`{c.value}`" for c in ghg.GASES) + "."]
    return "\n".join(out)


def replace_generated(text: str) -> str:
    """`text` with the generated block replaced by the current one."""
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{ghg_source_line_markdown()}\n{END}{tail}"


if __name__ == "__main__":  # pragma: no cover
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/ghg.md")
    path.write_text(replace_generated(path.read_text(encoding="utf-8")), encoding="utf-8")
