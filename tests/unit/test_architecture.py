"""The layering of the code base is a test, not a wish: import-linter contracts in pyproject, and
imports at the top of the thin layers."""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is not installed"
    result = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_ruff_finds_nothing():
    """pyflakes, sorted imports, imports at the top of modules (each exception marked where
    it is, with its reason) and the complexity limit, as configured in pyproject.toml."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    assert ruff, "ruff is not installed"
    result = subprocess.run([ruff, "check", "--no-cache", "intake", "forms", "schemas", "exporters",
                             "tests", "bench"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
