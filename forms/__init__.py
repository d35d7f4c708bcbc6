"""Form definitions: the single source of truth for every field of every form.

Standard library only. `schemas/` builds validation from these definitions, `exporters/` builds
Excel templates and PDFs from them, and `intake/` renders the web forms from them.
"""
