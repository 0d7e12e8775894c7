"""What Xero gives a customer of a sales invoice: its online invoice address and its PDF.

Both are read-only views of an invoice; neither moves its ``UpdatedDateUTC``."""

import base64
import hashlib

# Xero answers "not available" for invoices a customer cannot be shown yet
UNAPPROVED = ("DRAFT", "SUBMITTED")


def online_invoice_url(tenant_id, invoice):
    """A stable, unguessable address per invoice, on Xero's own host for them."""
    digest = hashlib.sha256(("%s:%s" % (tenant_id, invoice["InvoiceID"])).encode()).digest()
    return "https://in.xero.com/" + base64.b32encode(digest).decode().rstrip("=").lower()[:40]


def invoice_pdf(invoice, contact_name):
    """A one-page PDF naming the invoice, its customer, date, total and status: enough
    for a client to show that what it stored is this invoice's PDF."""
    date = invoice.get("Date")
    lines = [
        "Tax Invoice %s" % (invoice.get("InvoiceNumber") or ""),
        "To: %s" % (contact_name or ""),
        "Date: %s" % (date.isoformat() if date else ""),
        "Total: %s %s" % (invoice.get("CurrencyCode") or "", invoice.get("Total") or 0),
        "Status: %s" % invoice.get("Status"),
    ]
    text = "BT /F1 12 Tf 72 760 Td 16 TL %s ET" % " ".join("(%s) '" % _pdf_escape(line) for line in lines)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text.encode("latin-1")), text.encode("latin-1")),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf_escape(text):
    text = str(text).encode("latin-1", "replace").decode("latin-1")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
