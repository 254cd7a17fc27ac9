"""The report for management and the works council: one template, a page and a PDF.

The PDF is rendered from the same HTML by WeasyPrint (maintained, pure Python over
Debian's Pango; charts are inline SVG, which it draws), with the print stylesheet of
this folder and nothing fetched from a network: the URL fetcher refuses every URL.
"""

from web.reports.management import render_pdf, report_context, task_names

__all__ = ["render_pdf", "report_context", "task_names"]
