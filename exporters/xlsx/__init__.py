"""Excel intake: templates generated from a form definition, the tolerant reader, annotation.

    write_template(definition, document=None) -> bytes
    read_workbook(data, language="vi") -> ReadResult
    annotate_workbook(original, errors) -> bytes

The format is described in docs/xlsx.md. Validation of the document read is the form's own
(`intake.services.xlsx_intake.check_workbook` combines both).
"""
from exporters.xlsx.annotate import annotate_workbook
from exporters.xlsx.layout import TemplateLayout, template_layout
from exporters.xlsx.package import WorkbookRefused
from exporters.xlsx.reader import ReadResult, read_workbook
from exporters.xlsx.template import write_template

__all__ = ["ReadResult", "TemplateLayout", "WorkbookRefused", "annotate_workbook",
           "read_workbook", "template_layout", "write_template"]
