"""Drafts: the line being typed in a session's live capture survives a crash.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("session_id", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('note', 'decision', 'action', 'quote', 'question', 'risk')",
            name=op.f("ck_drafts_kind_choice"),
        ),
        sa.CheckConstraint("length(text) BETWEEN 0 AND 100000", name=op.f("ck_drafts_text_length")),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], name=op.f("fk_drafts_session_id_sessions")),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_drafts")),
    )


def downgrade() -> None:
    raise NotImplementedError("workshop files are never downgraded")
