"""Hanoi's wards and communes (the 126 units in force since 1 July 2025)."""
from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from intake.models.base import Base


class Commune(Base):
    __tablename__ = "communes"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    # "phuong" (ward) or "xa" (commune), as in the official list.
    kind: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(300))

    def __repr__(self) -> str:
        return f"<Commune {self.code} {self.name}>"
