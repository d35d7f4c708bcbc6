"""Consultants' rights to prepare for a client enterprise (issue 15).

A consultant is an enterprise user of its own firm; a client enterprise's administrator grants
it the right to prepare the client's reports (create, edit, validate, attach evidence), and
may revoke it. A grant never lets the consultant certify for the client
(`intake.domain.roles.can_certify_for` compares the consultant's own enterprise). A revoked
grant is kept, with who revoked it and when: the record of who could act for whom.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.models.accounts import User
from intake.models.base import Base, UTCDateTime, utc_now
from intake.models.enterprises import Enterprise


class PreparerGrant(Base):
    __tablename__ = "preparer_grants"
    __table_args__ = (
        # Scoping asks "which enterprises may this user prepare for now" on every request.
        Index("ix_preparer_grants_grantee_revoked", "grantee_id", "revoked_at_utc"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    grantee_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    granted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    granted_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    revoked_at_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    enterprise: Mapped[Enterprise] = relationship()
    grantee: Mapped[User] = relationship(foreign_keys=[grantee_id])
    granted_by: Mapped[User] = relationship(foreign_keys=[granted_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])

    @property
    def active(self) -> bool:
        return self.revoked_at_utc is None
