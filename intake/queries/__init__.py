"""What the web pages and the API read: every query made on behalf of a user, named in the
domain's words (`review_queue`, `what_is_due`, `workspace`, `facility_of`) and scoped by
`intake.queries.scoping`. Web and API modules import neither the models nor SQLAlchemy (an
import-linter contract): they call these functions and the services, passing the session on.

Nothing is imported here, so that `intake.queries.scoping` can be imported by the services
without pulling in the other query modules.
"""
