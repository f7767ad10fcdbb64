"""Bulk loading into PostgreSQL without maintaining every index row by row.

Loading a million people means about twelve million rows in a dozen tables. Kept up to date
one row at a time, the secondary indexes (names, postcodes, blocking keys in key order) and the
foreign-key checks cost more than writing the rows; built afterwards in one sorted pass they
cost a fraction of that. So, for a big load into nearly empty tables:

1. :func:`secondary_indexes_drop` records the definition of every plain (non-unique) index and
   every foreign key of the given tables in a bookkeeping table, then drops them, in one
   transaction. Primary keys and unique indexes stay: idempotency relies on them (a person's
   ``local_person_id``, a blocking key once per person).
2. The rows are loaded.
3. :func:`secondary_indexes_restore` recreates every recorded index, adds every foreign key
   back (PostgreSQL checks every existing row as it does), drops the bookkeeping table and
   analyses the tables, in one transaction.

The bookkeeping table exists only between 1 and 3, so it says exactly what is missing: if a
load is interrupted, the next call of :func:`secondary_indexes_restore` (every demo load
starts with one) rebuilds what was dropped; if the restore itself is interrupted it rolls back
and runs again next time. On other databases these functions do nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Model

__all__ = [
    "PENDING_TABLE",
    "bulk_load_pending",
    "secondary_indexes_drop",
    "secondary_indexes_restore",
]

#: Holds the dropped definitions while a bulk load is under way (or was interrupted).
PENDING_TABLE = "righthelp_bulk_load_pending"
#: Memory for sorting while indexes are rebuilt (more is used when the server allows more).
MAINTENANCE_WORK_MEM_KB = 512 * 1024


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def _tables(models: Iterable[type[Model]]) -> list[str]:
    return sorted({model._meta.db_table for model in models})


def _deferred_checks_run(cursor: CursorWrapper) -> None:
    """PostgreSQL refuses to alter a table with foreign-key checks still queued in the
    transaction (rows written earlier in it): run them now, and defer again afterwards."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def bulk_load_pending() -> list[tuple[str, str, str]]:
    """(table, kind, name) of every index and foreign key a bulk load dropped and has not
    restored yet; empty when there is none (and always on other databases)."""
    if not _postgresql():
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [PENDING_TABLE])
        row = cursor.fetchone()
        if not row or not row[0]:
            return []
        cursor.execute(
            f"SELECT table_name, kind, name FROM {PENDING_TABLE} ORDER BY table_name, kind, name"  # noqa: S608
        )
        return [(str(t), str(k), str(n)) for t, k, n in cursor.fetchall()]


def secondary_indexes_drop(models: Sequence[type[Model]]) -> int:
    """Drop the plain indexes and foreign keys of ``models``' tables, recording them for
    :func:`secondary_indexes_restore`. Returns how many were dropped (0 on other databases)."""
    if not _postgresql():
        return 0
    tables = _tables(models)
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [PENDING_TABLE])
        _deferred_checks_run(cursor)
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {PENDING_TABLE} ("
            " name text PRIMARY KEY, table_name text NOT NULL, kind text NOT NULL,"
            " definition text NOT NULL)"
        )
        # Plain indexes: not unique, not a primary key, not behind any constraint.
        cursor.execute(
            """
            SELECT c.relname, t.relname, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema() AND t.relname = ANY(%s)
              AND NOT i.indisunique AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            """,
            [tables],
        )
        indexes = [(str(n), str(t), str(d)) for n, t, d in cursor.fetchall()]
        cursor.execute(
            """
            SELECT k.conname, t.relname, pg_get_constraintdef(k.oid)
            FROM pg_constraint k
            JOIN pg_class t ON t.oid = k.conrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema() AND t.relname = ANY(%s) AND k.contype = 'f'
            """,
            [tables],
        )
        foreign_keys = [(str(n), str(t), str(d)) for n, t, d in cursor.fetchall()]
        for name, table, definition in indexes:
            cursor.execute(
                f"INSERT INTO {PENDING_TABLE} (name, table_name, kind, definition)"  # noqa: S608
                " VALUES (%s, %s, 'index', %s) ON CONFLICT (name) DO NOTHING",
                [name, table, definition],
            )
            cursor.execute(f"DROP INDEX {quote(name)}")
        for name, table, definition in foreign_keys:
            cursor.execute(
                f"INSERT INTO {PENDING_TABLE} (name, table_name, kind, definition)"  # noqa: S608
                " VALUES (%s, %s, 'foreign key', %s) ON CONFLICT (name) DO NOTHING",
                [
                    name,
                    table,
                    f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}",
                ],
            )
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
    return len(indexes) + len(foreign_keys)


def secondary_indexes_restore(*, analyse: Iterable[type[Model]] = ()) -> int:
    """Recreate whatever :func:`secondary_indexes_drop` dropped (indexes first, then foreign
    keys, each checked against every row), then ``ANALYZE`` their tables and ``analyse``'s.
    Returns how many were restored; 0, and no ``ANALYZE``, when nothing was pending."""
    if not bulk_load_pending():
        return 0
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # One rebuild at a time (a second run started while a killed one's rebuild still runs
        # on the server would deadlock with it); the one that waited finds nothing left.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [PENDING_TABLE])
        if not bulk_load_pending():
            return 0
        _deferred_checks_run(cursor)
        # Building a large index sorts it: in memory, with enough, instead of on disk.
        cursor.execute(
            "SELECT setting::bigint FROM pg_settings WHERE name = 'maintenance_work_mem'"
        )
        row = cursor.fetchone()
        if row and int(row[0]) < MAINTENANCE_WORK_MEM_KB:
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM_KB}kB'")
        cursor.execute(
            f"SELECT table_name, definition FROM {PENDING_TABLE}"  # noqa: S608
            " ORDER BY kind DESC, table_name, name"  # 'index' before 'foreign key'
        )
        rows = cursor.fetchall()
        for _table, definition in rows:
            cursor.execute(definition)
        cursor.execute(f"DROP TABLE {PENDING_TABLE}")
        tables = {str(table) for table, _ in rows} | {m._meta.db_table for m in analyse}
        for table in sorted(tables):
            cursor.execute(f"ANALYZE {quote(table)}")
    return len(rows)
