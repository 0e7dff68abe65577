"""All draft URLs, under ``g/<group_slug>/drafts/``; each sub-domain keeps its own list."""

from . import urls_amendments, urls_exports, urls_versions

app_name = "drafts"
urlpatterns = [
    *urls_versions.urlpatterns,
    *urls_amendments.urlpatterns,
    *urls_exports.urlpatterns,
]
