"""Use cases: each takes a SQLAlchemy session and an actor, does one thing, and never commits
(the caller owns the transaction: one commit per request or per CLI command)."""
