"""Alembic environment: migrations always run on the connection the app hands over."""

from __future__ import annotations

from alembic import context

from multitrack_desktop.storage import search_index
from multitrack_desktop.storage.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    include_object=search_index.include_object,
)
with context.begin_transaction():
    context.run_migrations()
    # a batch migration recreates a table and drops its triggers: put the search triggers back
    search_index.ensure_triggers(connection)
