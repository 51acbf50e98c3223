"""Reading an issued PDF back (common.documents): its text (poppler's pdftotext), its
fonts (pdffonts: every one embedded), a PNG of its first page (pdftoppm, kept under
.artifacts/documents/ for a person to look at) and the QR code on it (zxing-cpp).
poppler-utils comes from Debian (scripts/documents-deps.sh)."""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[4] / ".artifacts" / "documents"


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout


@dataclass(frozen=True)
class ReadPdf:
    text: str  # pdftotext -layout, whitespace runs kept
    fonts: list[tuple[str, bool]]  # (name, embedded)
    png: Path
    qr: list[str]  # the decoded QR codes of page one

    @property
    def flat(self) -> str:
        """The text without spaces (a table cell's words may be split by layout)."""
        return re.sub(r"\s+", "", self.text)


def read_pdf(pdf: bytes, name: str) -> ReadPdf:
    """Everything a test checks of ``pdf``; its page-one PNG kept as ``<name>.png``."""
    import zxingcpp
    from PIL import Image

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        text = _run("pdftotext", "-layout", "-enc", "UTF-8", str(path), "-")
        fonts = []
        for line in _run("pdffonts", str(path)).splitlines()[2:]:
            # name type... encoding emb sub uni object ID: emb is the 5th from the end
            cols = line.split()
            fonts.append((cols[0], cols[-5] == "yes"))
        _run("pdftoppm", "-png", "-r", "150", "-singlefile", str(path), str(ARTIFACTS / name))
        # every page, for the QR code wherever the layout put it
        _run("pdftoppm", "-png", "-r", "150", str(path), str(Path(tmp) / "page"))
        qr = [
            b.text
            for page in sorted(Path(tmp).glob("page*.png"))
            for b in zxingcpp.read_barcodes(Image.open(page))
        ]
    return ReadPdf(text, fonts, ARTIFACTS / f"{name}.png", qr)
