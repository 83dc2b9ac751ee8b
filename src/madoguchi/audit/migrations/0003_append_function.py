from django.db import migrations

# Appending to the chain on PostgreSQL in one round trip: take the chain's
# advisory lock, read the last hash, hash the new entry onto it and insert it.
# The entry's canonical text is made in Python (AuditEntry.payload) and sent
# in two pieces, before and after the previous hash, so the hash is exactly
# the one AuditEntry.compute_hash and verify_chain compute. A VOLATILE
# function takes a fresh snapshot for each statement, so the read sees the
# entry committed by whoever held the lock before (audit/services.py).
POSTGRES = """
CREATE OR REPLACE FUNCTION audit_append(
  lock_key bigint, payload_head text, payload_tail text,
  p_at timestamptz, p_actor varchar, p_actor_role varchar, p_action varchar, p_subject_type varchar,
  p_subject_id varchar, p_resident_id varchar, p_reason text, p_detail jsonb,
  OUT entry_id bigint, OUT entry_prev varchar, OUT entry_hash varchar)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key);
  SELECT hash INTO entry_prev FROM audit_auditentry ORDER BY id DESC LIMIT 1;
  entry_prev := COALESCE(entry_prev, repeat('0', 64));
  entry_hash := encode(sha256(convert_to(payload_head || entry_prev || payload_tail, 'UTF8')), 'hex');
  INSERT INTO audit_auditentry (at, actor, actor_role, action, subject_type, subject_id, resident_id, reason, detail, prev_hash, hash)
  VALUES (p_at, p_actor, p_actor_role, p_action, p_subject_type, p_subject_id, p_resident_id, p_reason, p_detail, entry_prev, entry_hash)
  RETURNING id INTO entry_id;
END;
$$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP FUNCTION IF EXISTS audit_append(bigint, text, text, timestamptz, varchar, varchar, varchar, varchar, "
            "varchar, varchar, text, jsonb)"
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_purge_permit")]
    operations = [migrations.RunPython(forwards, backwards)]
