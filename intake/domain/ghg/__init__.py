"""The GHG calculation engine: plain Python, Decimal throughout, no database.

    from intake.domain.ghg import evaluate, dumps
    result = evaluate(document)             # the contract's result document
    print(dumps(result))                    # JSON with every digit

Modules: `factors` (choosing factors, Circular 38 Art. 18), `calculate` (per line and gas),
`trace` (the human-readable trace), `evaluation` (validation + calculation + totals per year),
`result_json` (reading and writing JSON with Decimals).
"""
from intake.domain.ghg.evaluation import evaluate
from intake.domain.ghg.result_json import dumps, loads

__all__ = ["dumps", "evaluate", "loads"]
