"""The documents listing issued — 文书登记: its register of printable documents (not the
uploaded materials, which are ``listings.models.Document``)."""

from __future__ import annotations

from common.documents import IssuedDocumentMixin
from listing.db import Base


class IssuedDocument(IssuedDocumentMixin, Base):
    """One issued document (common.documents): number, code, content hash, status."""

    __tablename__ = "issued_documents"
    __audit_subject__ = "document"
