"""Thin web layer: blueprints per audience; they parse, call a service, commit, render."""
