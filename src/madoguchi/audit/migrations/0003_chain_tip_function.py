from django.db import migrations

# One round trip instead of two for every audited write on PostgreSQL: take
# the chain's advisory lock, then read the last hash. A VOLATILE function
# takes a fresh snapshot for each statement inside it, so the read sees the
# entry committed by whoever held the lock before us (audit/services.py).
POSTGRES = """
CREATE OR REPLACE FUNCTION audit_chain_tip(lock_key bigint) RETURNS varchar
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key);
  RETURN (SELECT hash FROM audit_auditentry ORDER BY id DESC LIMIT 1);
END;
$$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_chain_tip(bigint)")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_purge_permit")]
    operations = [migrations.RunPython(forwards, backwards)]
