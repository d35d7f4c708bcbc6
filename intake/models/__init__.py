"""All models, imported here so that the metadata is complete for Alembic and `create_all`."""
from intake.models.accounts import AttemptKind, LoginAttempt, SessionEnd, User, UserSession
from intake.models.attachments import Attachment, ReportVersionAttachment
from intake.models.audit import AuditEntry
from intake.models.base import Base
from intake.models.enterprises import Enterprise, Facility
from intake.models.extensions import DeadlineExtension
from intake.models.factors import GridFactorPublication, HazardousWasteCode, LibraryActivation, Recalculation
from intake.models.facts import DeclarationFact, GhgGasFact, GhgLineFact
from intake.models.geography import Commune
from intake.models.grants import PreparerGrant
from intake.models.jobs import BackgroundJob, JobStatus, QueueCounter, QueuedTask, QueueValue, ScheduledTask
from intake.models.mail import OutboxMessage
from intake.models.onboarding import AccountRequest, RequestStatus
from intake.models.reference import ReferenceRow
from intake.models.register import FormKind, Obligation, ReportingPeriod
from intake.models.reports import (
    ImmutableRowError,
    Report,
    ReportEvent,
    ReportStatus,
    ReportVersion,
)
from intake.models.review import ReviewChecklist, ReviewComment, ReviewReply
from intake.models.signatures import VersionRecord, VersionSignature
from intake.models.tokens import ApiToken, LinkPurpose, OneTimeLink

__all__ = [
    "Attachment", "ReportVersionAttachment",
    "BackgroundJob", "GridFactorPublication", "HazardousWasteCode", "JobStatus", "LibraryActivation", "Recalculation", "QueueCounter", "QueuedTask", "QueueValue", "ScheduledTask",
    "AccountRequest", "ApiToken", "AttemptKind", "SessionEnd", "UserSession", "DeclarationFact", "GhgGasFact", "GhgLineFact", "ReviewChecklist", "ReviewComment", "ReviewReply", "LinkPurpose", "OneTimeLink", "OutboxMessage", "RequestStatus",
    "AuditEntry", "Base", "Commune", "DeadlineExtension", "Enterprise", "Facility", "FormKind", "ImmutableRowError",
    "LoginAttempt", "Obligation", "PreparerGrant", "ReferenceRow", "Report", "ReportEvent", "ReportStatus",
    "ReportVersion", "ReportingPeriod", "User", "VersionRecord", "VersionSignature",
]
