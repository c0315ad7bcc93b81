"""Reading a readout from a file: plain text, or an e-mail (.eml) with the standard
library's parser. A file that is not text is refused with one clear reason."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
from dataclasses import dataclass
from pathlib import Path

from coalition_desk.domain.errors import BadInput

MAX_BYTES = 5_000_000


class CaptureInputError(BadInput):
    """The file cannot be read as a readout; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Readout:
    text: str
    title: str | None = None
    date: dt.date | None = None


def read_readout(path: Path) -> Readout:
    if not path.exists():
        raise CaptureInputError(f"{path}: no such file; nothing was changed")
    if path.is_dir():
        raise CaptureInputError(f"{path} is a folder, not a text file; nothing was changed")
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise CaptureInputError(
            f"{path}: {len(data):,} bytes is too long for a readout (at most {MAX_BYTES:,}); "
            "nothing was changed"
        )
    if path.suffix.lower() == ".eml":
        return _email(path, data)
    return Readout(decoded(data, str(path)))


def decoded(data: bytes, name: str) -> str:
    head = data[:8192]
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    if b"\x00" in head or controls > len(head) // 20:
        raise CaptureInputError(f"{name} is a binary file, not text; nothing was changed")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CaptureInputError(
            f"{name} is not UTF-8 text (undecodable byte at position {error.start}); "
            "save it as UTF-8 and try again. Nothing was changed"
        ) from None
    if not text.strip():
        raise CaptureInputError(f"{name} is empty: there is nothing to capture")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _email(path: Path, data: bytes) -> Readout:
    message = email.message_from_bytes(data, policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",))
    if body is None:
        raise CaptureInputError(f"{path}: the e-mail has no plain-text part; nothing was changed")
    try:
        text = body.get_content()
    except (LookupError, UnicodeDecodeError):
        raise CaptureInputError(
            f"{path}: the e-mail's text is in an encoding that cannot be read; nothing was changed"
        ) from None
    if not isinstance(text, str) or not text.strip():
        raise CaptureInputError(f"{path}: the e-mail's text is empty: there is nothing to capture")
    date = None
    if message["Date"]:
        try:
            date = email.utils.parsedate_to_datetime(str(message["Date"])).date()
        except (TypeError, ValueError):
            date = None
    subject = str(message["Subject"] or "").strip() or None
    return Readout(text.replace("\r\n", "\n"), subject, date)
