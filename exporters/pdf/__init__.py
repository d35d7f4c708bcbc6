"""PDF documents of the portal: the submission receipt and the full copy of record of a report.

    from exporters.pdf import ReceiptData, receipt_pdf, ReportPdfData, report_pdf

Both return PDF bytes (A4, DejaVu Sans embedded so that every Vietnamese letter prints).
"""
from exporters.pdf.receipt import ReceiptData, ghg_receipt_totals, receipt_pdf
from exporters.pdf.report import ReportPdfData, report_pdf

__all__ = ["ReceiptData", "ReportPdfData", "ghg_receipt_totals", "receipt_pdf", "report_pdf"]
