"""SQLModel tables. Importing this package registers every table on SQLModel.metadata."""

from filing_app.models.accounts import Account, AuthSession, Institution, SmsCode, SmsOutbox
from filing_app.models.attachments import Attachment
from filing_app.models.audit import AuditLog
from filing_app.models.equipment import Equipment
from filing_app.models.feedback import Feedback
from filing_app.models.filings import BranchSite, Certificate, Filing, FilingSubmission, PublishedFiling
from filing_app.models.notices import InstitutionMessage, Notice
from filing_app.models.people import ActiveEmployment, DuplicatePersonReport, Person, Training
from filing_app.models.registry import PublishedNameGram, PublishedNameGramCount

__all__ = [
    "Account",
    "ActiveEmployment",
    "Attachment",
    "AuditLog",
    "AuthSession",
    "BranchSite",
    "Certificate",
    "DuplicatePersonReport",
    "Equipment",
    "Feedback",
    "Filing",
    "FilingSubmission",
    "Institution",
    "InstitutionMessage",
    "Notice",
    "Person",
    "PublishedFiling",
    "PublishedNameGram",
    "PublishedNameGramCount",
    "SmsCode",
    "SmsOutbox",
    "Training",
]
