-- Partition RightHelp's two fastest-growing tables by month (PostgreSQL 13 or later):
-- the events (audit_event, by occurred_at) and the access log (audit_accessrecord, by accessed_at).
--
-- A deployment step, not a migration: run it once, as the database owner, after
-- `manage.py migrate`, in a maintenance window (it locks both tables while it runs), e.g.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f scripts/partition_audit.sql
-- then, once a month from the scheduler (see docs/deployment.md):
--   psql "$DATABASE_URL" -c "CALL righthelp_add_month_partitions(3)"
--
-- What it does, for each table:
-- * the existing table becomes one partition holding everything before next month (attaching it
--   checks every row once: on a large table add the CHECK constraint NOT VALID and VALIDATE it
--   beforehand to keep the lock short);
-- * the primary key becomes (id, <time>): PostgreSQL requires the partition column in every
--   unique key. Ids still come from one sequence, so they stay unique, and Django, which reads
--   and writes these rows by id, is unaware of the change;
-- * the foreign key from the subject rows (audit_eventsubject.event_id,
--   audit_accessrecordperson.access_record_id) is dropped, as a foreign key must name a unique
--   key of the partitioned table. The link is kept by audit.services, the only code that writes
--   these tables (both rows in one transaction), and by the append-only triggers, which stop a
--   parent row from ever being deleted. The subject tables themselves stay unpartitioned;
-- * the indexes are recreated on the partitioned table, and the append-only trigger is put on
--   it, so every partition, present and future, refuses UPDATE and DELETE;
-- * a DEFAULT partition catches rows if the monthly job has not made their month yet.
-- Removing old months (DETACH PARTITION, archive, DROP) bypasses the row triggers: that is a
-- records-management decision for the information governance lead, never an application job.

BEGIN;

CREATE OR REPLACE PROCEDURE righthelp_add_month_partitions(months_ahead int DEFAULT 3)
LANGUAGE plpgsql AS $$
DECLARE
    parent text;
    month_start timestamptz;
    partition_name text;
BEGIN
    FOREACH parent IN ARRAY ARRAY['audit_event', 'audit_accessrecord'] LOOP
        FOR step IN 1..months_ahead LOOP
            month_start := date_trunc('month', now()) + make_interval(months => step);
            partition_name := parent || '_' || to_char(month_start, 'YYYY_MM');
            IF to_regclass(partition_name) IS NULL THEN
                EXECUTE format(
                    'CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                    partition_name, parent, month_start, month_start + interval '1 month'
                );
            END IF;
        END LOOP;
    END LOOP;
END;
$$;

CREATE OR REPLACE PROCEDURE righthelp_partition_by_month(
    parent text, time_column text, subject_table text
)
LANGUAGE plpgsql AS $$
DECLARE
    old text := parent || '_before';
    boundary timestamptz := date_trunc('month', now()) + interval '1 month';
    sequence_name text := parent || '_id_seq';
    next_id bigint;
    item record;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = parent::regclass) THEN
        RAISE NOTICE '% is already partitioned', parent;
        RETURN;
    END IF;
    FOR item IN
        SELECT conrelid::regclass AS referring, conname FROM pg_constraint
        WHERE confrelid = parent::regclass AND contype = 'f'
    LOOP
        IF item.referring <> subject_table::regclass THEN
            RAISE EXCEPTION '% refers to %: not expected, stopping', item.referring, parent;
        END IF;
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', item.referring, item.conname);
    END LOOP;
    EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I', parent) INTO next_id;
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', parent || '_append_only', parent);
    EXECUTE format('ALTER TABLE %I RENAME TO %I', parent, old);
    -- A partition may not have an identity column of its own (before PostgreSQL 17).
    EXECUTE format('ALTER TABLE %I ALTER COLUMN id DROP IDENTITY IF EXISTS', old);
    -- Its key becomes (id, time) like the partitioned table's.
    FOR item IN
        SELECT conname FROM pg_constraint WHERE conrelid = old::regclass AND contype = 'p'
    LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', old, item.conname);
    END LOOP;
    EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (id, %I)', old, time_column);
    EXECUTE format(
        'CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE) '
        'PARTITION BY RANGE (%I)', parent, old, time_column
    );
    EXECUTE format('CREATE SEQUENCE %I START WITH %s OWNED BY %I.id', sequence_name, next_id, parent);
    EXECUTE format('ALTER TABLE %I ALTER COLUMN id SET DEFAULT nextval(%L)', parent, sequence_name);
    EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (id, %I)', parent, time_column);
    FOR item IN
        SELECT i.indexdef FROM pg_indexes i
        JOIN pg_class c ON c.relname = i.indexname
        JOIN pg_index x ON x.indexrelid = c.oid
        WHERE i.tablename = old AND NOT x.indisprimary
    LOOP
        EXECUTE regexp_replace(
            item.indexdef, '^CREATE (UNIQUE )?INDEX \S+ ON \S+', 'CREATE \1INDEX ON ' || parent
        );
    END LOOP;
    EXECUTE format(
        'ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (MINVALUE) TO (%L)',
        parent, old, boundary
    );
    EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', parent || '_default', parent);
    EXECUTE format(
        'CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I '
        'FOR EACH ROW EXECUTE FUNCTION righthelp_refuse_audit_change()',
        parent || '_append_only', parent
    );
END;
$$;

CALL righthelp_partition_by_month('audit_event', 'occurred_at', 'audit_eventsubject');
CALL righthelp_partition_by_month('audit_accessrecord', 'accessed_at', 'audit_accessrecordperson');
CALL righthelp_add_month_partitions(3);

COMMIT;
