"""Reading the SMS the file:// backend wrote (what the demo and the browser tests read too)."""

import json
import re
from pathlib import Path


def outbox(directory: Path, phone: str | None = None) -> list[dict]:
    """Messages written under `directory`, oldest first: {"to", "kind", "params", "text"}."""
    messages = []
    for path in sorted(directory.glob("*.txt")) if directory.exists() else []:
        header, _, text = path.read_text("utf-8").partition("\n")
        message = {**json.loads(header), "text": text.strip()}
        if phone is None or message["to"] == phone:
            messages.append(message)
    return messages


def last_code(directory: Path, phone: str) -> str:
    """The six digits of the last code sent to `phone`."""
    codes = [m for m in outbox(directory, phone) if m["kind"] == "code"]
    assert codes, f"no code was sent to {phone}"
    return re.search(r"\d{6}", codes[-1]["text"])[0]
