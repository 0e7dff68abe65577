"""URLs of a version exported as a file (docx, html, pdf, xml)."""

from django.urls import URLPattern, path, register_converter

from .views import exports as views


class ExportFormat:
    """Only the four formats match, so any other suffix is an ordinary 404."""

    regex = "docx|html|pdf|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "exportfmt")

urlpatterns: list[URLPattern] = [
    path(
        "<slug:report_slug>/v/<int:number>/export.<exportfmt:fmt>",
        views.version_export,
        name="export",
    ),
]
