"""Database triggers that make an issued version's text unchangeable by any path.

The services already refuse; these triggers also stop the admin, the shell and any future bug.
Publishing flags (``is_circulated``, ``is_published``) may still change on an issued version.
"""

from django.db import migrations

MESSAGE = "issued versions are immutable"

SQLITE_FORWARD = [
    f"""CREATE TRIGGER drafts_vp_no_update BEFORE UPDATE ON drafts_versionparagraph
    WHEN (SELECT status FROM drafts_version WHERE id = OLD.version_id) = 'issued'
      OR (SELECT status FROM drafts_version WHERE id = NEW.version_id) = 'issued'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER drafts_vp_no_delete BEFORE DELETE ON drafts_versionparagraph
    WHEN (SELECT status FROM drafts_version WHERE id = OLD.version_id) = 'issued'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER drafts_vp_no_insert BEFORE INSERT ON drafts_versionparagraph
    WHEN (SELECT status FROM drafts_version WHERE id = NEW.version_id) = 'issued'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER drafts_version_no_update BEFORE UPDATE ON drafts_version
    WHEN OLD.status = 'issued' AND (
        NEW.status IS NOT OLD.status OR NEW.content_hash IS NOT OLD.content_hash
        OR NEW.kind IS NOT OLD.kind OR NEW.label IS NOT OLD.label OR NEW.number IS NOT OLD.number
        OR NEW.report_id IS NOT OLD.report_id OR NEW.based_on_id IS NOT OLD.based_on_id
        OR NEW.issued_at IS NOT OLD.issued_at)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER drafts_version_no_delete BEFORE DELETE ON drafts_version
    WHEN OLD.status = 'issued'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in ["drafts_vp_no_update", "drafts_vp_no_delete", "drafts_vp_no_insert",
                 "drafts_version_no_update", "drafts_version_no_delete"]
]

POSTGRES_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION drafts_vp_immutable() RETURNS trigger AS $$
    BEGIN
      IF (TG_OP IN ('UPDATE', 'DELETE') AND
          (SELECT status FROM drafts_version WHERE id = OLD.version_id) = 'issued')
         OR (TG_OP IN ('UPDATE', 'INSERT') AND
          (SELECT status FROM drafts_version WHERE id = NEW.version_id) = 'issued') THEN
        RAISE EXCEPTION '{MESSAGE}';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER drafts_vp_immutable BEFORE INSERT OR UPDATE OR DELETE
    ON drafts_versionparagraph FOR EACH ROW EXECUTE FUNCTION drafts_vp_immutable()""",
    f"""CREATE OR REPLACE FUNCTION drafts_version_immutable() RETURNS trigger AS $$
    BEGIN
      IF OLD.status = 'issued' AND (TG_OP = 'DELETE' OR
          NEW.status IS DISTINCT FROM OLD.status OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
          OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.label IS DISTINCT FROM OLD.label
          OR NEW.number IS DISTINCT FROM OLD.number OR NEW.report_id IS DISTINCT FROM OLD.report_id
          OR NEW.based_on_id IS DISTINCT FROM OLD.based_on_id
          OR NEW.issued_at IS DISTINCT FROM OLD.issued_at) THEN
        RAISE EXCEPTION '{MESSAGE}';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER drafts_version_immutable BEFORE UPDATE OR DELETE
    ON drafts_version FOR EACH ROW EXECUTE FUNCTION drafts_version_immutable()""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS drafts_version_immutable ON drafts_version",
    "DROP FUNCTION IF EXISTS drafts_version_immutable()",
    "DROP TRIGGER IF EXISTS drafts_vp_immutable ON drafts_versionparagraph",
    "DROP FUNCTION IF EXISTS drafts_vp_immutable()",
]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("drafts", "0001_reports_versions_paragraphs_amendments")]
    operations = [migrations.RunPython(forward, backward)]
