"""The table the shared cache keeps its entries in, when ``CACHE_URL`` is ``db://`` (the default).

Every instance behind the proxy shares it, so nothing cached lives in one process. With Redis (or
any other backend) ``createcachetable`` does nothing. Safe to run again: it skips a table that is
already there.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_information_governance_lead_role")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
