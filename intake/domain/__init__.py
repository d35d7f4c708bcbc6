"""Domain logic in plain Python: no Flask, no SQLAlchemy (enforced by import-linter)."""
