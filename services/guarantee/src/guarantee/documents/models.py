"""The documents the guarantee service issued — 文书登记: its register of printable
documents (common.documents)."""

from __future__ import annotations

from common.documents import IssuedDocumentMixin
from guarantee.db import Base


class IssuedDocument(IssuedDocumentMixin, Base):
    """One issued document (common.documents): number, code, content hash, status."""

    __tablename__ = "issued_documents"
    __audit_subject__ = "document"
