"""Small invented archives of a working group discussing its draft report."""

from __future__ import annotations


def mbox(*messages: str) -> bytes:
    """Join messages (header block, blank line, body) into mbox bytes."""
    parts = []
    for n, message in enumerate(messages):
        parts.append(f"From chair@wg.example  Mon Mar  3 09:{n:02d}:00 2025\n")
        parts.append(message.strip("\n") + "\n\n")
    return "".join(parts).encode("utf-8")


def message(
    message_id: str | None,
    subject: str,
    *,
    sender: str = "Amina Diallo <amina@delegation.example>",
    date: str = "Mon, 03 Mar 2025 09:00:00 +0000",
    in_reply_to: str | None = None,
    references: str | None = None,
    body: str = "Comments on paragraph 12 of the draft report.",
) -> str:
    lines = [f"From: {sender}", f"Date: {date}", f"Subject: {subject}"]
    if message_id:
        lines.append(f"Message-ID: {message_id}")
    if in_reply_to:
        lines.append(f"In-Reply-To: {in_reply_to}")
    if references:
        lines.append(f"References: {references}")
    return "\n".join(lines) + "\n\n" + body
