"""Sealed tenders — 密封投标 (DOMAIN B4): encryption at rest and a hash commitment.

Threat model (also in the README):

- *A database reader* (a DBA, a leaked backup, a replica) sees only AES-256-GCM
  ciphertext. The key is derived per session with HKDF-SHA256 from the service's
  ``REX_SECRET_KEY``, which lives in the service's environment, never in the database.
  The associated data binds a ciphertext to its session and bidder, so rows cannot be
  swapped between bidders or sessions without the decryption failing.
- *Anyone using the API*, staff and supervisor included, is refused the amounts until the
  opening time by the server's clock; the amounts are decrypted only by the opening.
- *Tampering after submission*: the bidder receives a SHA-256 commitment over
  (session, party, amount, 16 random bytes). At the opening the decrypted amount must
  reproduce it, and the bidder can check the published commitment against the receipt.
- *Not covered*: someone holding both the database and ``REX_SECRET_KEY`` (the running
  service's operator) can decrypt early; closing that needs a key escrow or threshold
  scheme outside this service (an HSM releasing the key at the opening time).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from common.settings import Settings


@lru_cache(maxsize=1)
def _master_secret() -> bytes:
    # The same secret in the API (submission) and in the worker (opening timer): both
    # read REX_SECRET_KEY from their environment.
    return Settings().secret_key.get_secret_value().encode()


def session_key(session_id: str, secret: bytes | None = None) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=session_id.encode(),
        info=b"rex.bidding.sealed-tender.v1",
    ).derive(secret or _master_secret())


def commitment(session_id: str, party_id: str, amount_fen: int, blinding: bytes) -> str:
    h = hashlib.sha256()
    for part in (session_id.encode(), party_id.encode(), str(amount_fen).encode(), blinding):
        h.update(len(part).to_bytes(4, "big") + part)
    return h.hexdigest()


@dataclass(frozen=True)
class Sealed:
    nonce: bytes
    ciphertext: bytes
    commitment: str


def seal(session_id: str, party_id: str, amount_fen: int) -> Sealed:
    blinding = os.urandom(16)
    nonce = os.urandom(12)
    plaintext = json.dumps({"amount_fen": amount_fen, "blinding": blinding.hex()}).encode()
    aad = f"{session_id}|{party_id}".encode()
    ct = AESGCM(session_key(session_id)).encrypt(nonce, plaintext, aad)
    return Sealed(nonce, ct, commitment(session_id, party_id, amount_fen, blinding))


class TamperedTender(ValueError):
    pass


def unseal(session_id: str, party_id: str, nonce: bytes, ciphertext: bytes, commit: str) -> int:
    """The amount, or TamperedTender when the ciphertext or commitment does not hold."""
    from cryptography.exceptions import InvalidTag

    aad = f"{session_id}|{party_id}".encode()
    try:
        data = json.loads(AESGCM(session_key(session_id)).decrypt(nonce, ciphertext, aad))
    except (InvalidTag, ValueError) as exc:
        raise TamperedTender(f"tender of {party_id} cannot be decrypted") from exc
    amount = int(data["amount_fen"])
    if commitment(session_id, party_id, amount, bytes.fromhex(data["blinding"])) != commit:
        raise TamperedTender(f"tender of {party_id} does not match its commitment")
    return amount
