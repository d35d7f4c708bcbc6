"""The factor library as loaded into the database: one row per record of a dataset of a
library version, with the source of the row. The package's data files are the master copy; the
database copy lets reviewers and analysts query what a report was calculated with."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from intake.models.base import Base, JSONDocument, UTCDateTime, utc_now


class ReferenceRow(Base):
    __tablename__ = "reference_rows"
    __table_args__ = (UniqueConstraint("library_version", "dataset", "row_key", name="uq_reference_rows_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    library_version: Mapped[str] = mapped_column(String(40))
    dataset: Mapped[str] = mapped_column(String(60))
    row_key: Mapped[str] = mapped_column(String(120))
    values: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    source: Mapped[str] = mapped_column(String(500))
    loaded_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
