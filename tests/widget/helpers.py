"""Small images made in the test, and where the handoff service keeps uploads."""
import struct
import zlib
from pathlib import Path
from typing import Dict

from tests.services import ROOT


def png(width: int = 4, height: int = 4, rgb=(200, 30, 30)) -> bytes:
    """A valid PNG of one colour, built by hand (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height))
            + chunk(b"IEND", b""))


def upload_dir(env: Dict[str, str]) -> Path:
    folder = Path(env.get("HANDOFF_UPLOAD_DIR", "var/uploads"))
    return folder if folder.is_absolute() else ROOT / folder


def remove_upload(env: Dict[str, str], url: str) -> None:
    (upload_dir(env) / url.rsplit("/", 1)[-1]).unlink(missing_ok=True)
