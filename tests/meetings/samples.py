"""Transcript samples in each format, and builders for DOCX and PDF copies of them."""

CAPTIONING = """>>CHAIR: Good morning, distinguished delegates. We open the third meeting.
>>BRAZIL: Thank you, Madam Chair. Brazil supports enhanced cooperation on data governance.
>>SWEDEN: Sweden agrees with Brazil on the interoperability principle.
>>MR. SMITH: I am speaking in my personal capacity about quokka habitats.
>>CHAIR: Thank you. The floor is open.
"""
COLON = """CHAIR: We resume our work on the draft recommendations.

BRAZIL: Brazil proposes to delete paragraph 12.

OPEN NETWORK ALLIANCE: Civil society welcomes the proposal on meaningful participation.

SECRETARIAT: The revised text will be circulated tonight.
"""
TIMESTAMPED = """[10:02:11] Chair: Welcome back to the second day.
[10:03:40] Sweden: Sweden wishes to comment on capacity building.
[10:05:02] Switzerland: Switzerland, as an observer, supports the Swedish proposal.
[10:06:30] Jane Doe: A question from the floor.
"""
SRT = """1
00:00:01,000 --> 00:00:04,000
CHAIR: The meeting is called to order.

2
00:00:05,000 --> 00:00:09,000
BRAZIL: Brazil thanks the secretariat for the documents.

3
00:00:10,000 --> 00:00:14,000
Brazil continues on the matter of financing.

4
00:00:15,000 --> 00:00:19,000
SWEDEN: Sweden has a short remark.
"""


def make_docx(paragraphs: list[str]) -> bytes:
    """A Word document with one paragraph per turn, built with python-docx."""
    import io

    import docx

    document = docx.Document()
    document.add_heading("Verbatim record", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _escape_pdf(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str]) -> bytes:
    """A minimal valid one-page PDF with one Helvetica text line per entry."""
    import io

    commands = ["BT", "/F1 11 Tf", "16 TL", "40 760 Td"]
    commands += [f"({_escape_pdf(line)}) Tj T*" for line in lines]
    commands.append("ET")
    stream = "\n".join(commands).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()
