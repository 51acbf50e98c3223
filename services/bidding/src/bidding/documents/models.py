"""The documents bidding issued — 文书登记: its register of printable documents."""

from __future__ import annotations

from bidding.db import Base
from common.documents import IssuedDocumentMixin


class IssuedDocument(IssuedDocumentMixin, Base):
    """One issued document (common.documents): number, code, content hash, status."""

    __tablename__ = "issued_documents"
    __audit_subject__ = "document"
