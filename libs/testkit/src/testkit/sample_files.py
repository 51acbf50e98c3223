"""Small but well-formed PDF, PNG and JPEG files — 样例文件 — for tests and demos.

Uploads are checked against their declared type's signature (``common.storage``), so
tests and the demo client send real minimal files; ``text`` goes into a comment of the
file, so different texts give different bytes (storage is content-addressed).
"""

from __future__ import annotations

import struct
import zlib

__all__ = ["sample_file"]


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _pdf(text: bytes) -> bytes:
    return (
        b"%PDF-1.4\n%" + text.replace(b"\n", b" ").replace(b"\r", b" ") + b"\n"
        b"1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
        b"trailer <</Root 1 0 R>>\n%%EOF\n"
    )


def _png(text: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\x00")  # one row: filter 0, one black pixel
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"tEXt", b"Comment\x00" + text)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )


def _jpeg(text: bytes) -> bytes:
    jfif = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    comment = text[:60000]
    return (
        b"\xff\xd8"
        + b"\xff\xe0"
        + struct.pack(">H", len(jfif) + 2)
        + jfif
        + b"\xff\xfe"
        + struct.pack(">H", len(comment) + 2)
        + comment
        + b"\xff\xd9"
    )


_BUILDERS = {"application/pdf": _pdf, "image/png": _png, "image/jpeg": _jpeg}


def sample_file(content_type: str = "application/pdf", text: str = "") -> bytes:
    """A minimal file of ``content_type`` (PDF, PNG or JPEG) carrying ``text``."""
    return _BUILDERS[content_type](text.encode())
