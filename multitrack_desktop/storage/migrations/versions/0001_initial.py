"""The first workshop schema: every record of exchange format v1.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("also_known_as", sa.JSON(), nullable=False),
        sa.Column("alias", sa.Text(), nullable=True),
        sa.Column("anonymise", sa.Boolean(create_constraint=True, name="anonymise_bool"), nullable=False),
        sa.Column("visibility", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("track", sa.Integer(), nullable=True),
        sa.Column("also_tracks", sa.JSON(), nullable=False),
        sa.Column("angle_deg", sa.Float(), nullable=True),
        sa.Column("radius", sa.Float(), nullable=True),
        sa.Column("influence", sa.Integer(), nullable=False),
        sa.Column("stance", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("extra", sa.JSON(none_as_null=True), nullable=True),
        sa.CheckConstraint(
            "extra IS NULL OR json_type(extra) = 'object'", name=op.f("ck_actors_extra_object")
        ),
        sa.CheckConstraint("json_type(also_known_as) = 'array'", name=op.f("ck_actors_also_known_as_array")),
        sa.CheckConstraint("json_type(also_tracks) = 'array'", name=op.f("ck_actors_also_tracks_array")),
        sa.CheckConstraint("json_type(tags) = 'array'", name=op.f("ck_actors_tags_array")),
        sa.CheckConstraint(
            "kind IN ('person', 'organisation', 'government', 'armed_group', 'network', 'community', 'other')",
            name=op.f("ck_actors_kind_choice"),
        ),
        sa.CheckConstraint(
            "stance IN ('supportive', 'neutral', 'opposed', 'unknown')", name=op.f("ck_actors_stance_choice")
        ),
        sa.CheckConstraint(
            "status IN ('active', 'dormant', 'withdrawn')", name=op.f("ck_actors_status_choice")
        ),
        sa.CheckConstraint(
            "visibility IN ('shareable', 'team', 'private')", name=op.f("ck_actors_visibility_choice")
        ),
        sa.CheckConstraint("(angle_deg IS NULL) = (radius IS NULL)", name=op.f("ck_actors_placement_pair")),
        sa.CheckConstraint(
            "NOT anonymise OR alias IS NOT NULL", name=op.f("ck_actors_anonymise_needs_alias")
        ),
        sa.CheckConstraint(
            "alias IS NULL OR length(alias) BETWEEN 1 AND 300", name=op.f("ck_actors_alias_length")
        ),
        sa.CheckConstraint(
            "angle_deg IS NULL OR (angle_deg >= 0 AND angle_deg < 360 AND radius >= 0 AND radius <= 1)",
            name=op.f("ck_actors_placement_range"),
        ),
        sa.CheckConstraint(
            "angle_deg IS NULL OR track = (CASE WHEN radius < 0.3 THEN 9 ELSE (CAST((angle_deg + 22.5) / 45 AS INTEGER) % 8) + 1 END)",
            name=op.f("ck_actors_placement_in_track"),
        ),
        sa.CheckConstraint(
            "angle_deg IS NULL OR track IS NOT NULL", name=op.f("ck_actors_placement_needs_track")
        ),
        sa.CheckConstraint("influence BETWEEN 1 AND 5", name=op.f("ck_actors_influence_range")),
        sa.CheckConstraint("length(contact) BETWEEN 0 AND 100000", name=op.f("ck_actors_contact_length")),
        sa.CheckConstraint(
            "length(description) BETWEEN 0 AND 100000", name=op.f("ck_actors_description_length")
        ),
        sa.CheckConstraint("length(name) BETWEEN 1 AND 300", name=op.f("ck_actors_name_length")),
        sa.CheckConstraint("track IS NULL OR track BETWEEN 1 AND 9", name=op.f("ck_actors_track_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
    )
    op.create_index("ix_actors_position", "actors", ["position"], unique=False)
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.String(), nullable=False),
        sa.Column("ends_at", sa.String(), nullable=True),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("format", sa.String(), nullable=False),
        sa.Column("rule", sa.String(), nullable=False),
        sa.Column("visibility", sa.String(), nullable=False),
        sa.Column("agenda", sa.JSON(), nullable=False),
        sa.Column("extra", sa.JSON(none_as_null=True), nullable=True),
        sa.CheckConstraint(
            "extra IS NULL OR json_type(extra) = 'object'", name=op.f("ck_sessions_extra_object")
        ),
        sa.CheckConstraint(
            "format IN ('track1', 'track1.5', 'track2', 'multitrack', 'internal')",
            name=op.f("ck_sessions_format_choice"),
        ),
        sa.CheckConstraint("json_type(agenda) = 'array'", name=op.f("ck_sessions_agenda_array")),
        sa.CheckConstraint(
            "rule IN ('open', 'chatham_house', 'off_the_record')", name=op.f("ck_sessions_rule_choice")
        ),
        sa.CheckConstraint(
            "visibility IN ('shareable', 'team', 'private')", name=op.f("ck_sessions_visibility_choice")
        ),
        sa.CheckConstraint("length(location) BETWEEN 0 AND 100000", name=op.f("ck_sessions_location_length")),
        sa.CheckConstraint("length(title) BETWEEN 1 AND 300", name=op.f("ck_sessions_title_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
    )
    op.create_table(
        "workshop",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("singleton", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("context", sa.Text(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("facilitators", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.Column("extra", sa.JSON(none_as_null=True), nullable=True),
        sa.CheckConstraint(
            "extra IS NULL OR json_type(extra) = 'object'", name=op.f("ck_workshop_extra_object")
        ),
        sa.CheckConstraint("json_type(facilitators) = 'array'", name=op.f("ck_workshop_facilitators_array")),
        sa.CheckConstraint("length(context) BETWEEN 0 AND 100000", name=op.f("ck_workshop_context_length")),
        sa.CheckConstraint("length(title) BETWEEN 1 AND 300", name=op.f("ck_workshop_title_length")),
        sa.CheckConstraint("singleton = 1", name=op.f("ck_workshop_one_workshop")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop")),
        sa.UniqueConstraint("singleton", name=op.f("uq_workshop_singleton")),
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("session_id", sa.String(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("speaker", sa.String(), nullable=True),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("visibility", sa.String(), nullable=False),
        sa.Column("extra", sa.JSON(none_as_null=True), nullable=True),
        sa.CheckConstraint(
            "extra IS NULL OR json_type(extra) = 'object'", name=op.f("ck_entries_extra_object")
        ),
        sa.CheckConstraint(
            "kind IN ('note', 'decision', 'action', 'quote', 'question', 'risk')",
            name=op.f("ck_entries_kind_choice"),
        ),
        sa.CheckConstraint(
            "visibility IN ('shareable', 'team', 'private')", name=op.f("ck_entries_visibility_choice")
        ),
        sa.CheckConstraint("length(author) BETWEEN 0 AND 100000", name=op.f("ck_entries_author_length")),
        sa.CheckConstraint("length(text) BETWEEN 1 AND 100000", name=op.f("ck_entries_text_length")),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], name=op.f("fk_entries_session_id_sessions")),
        sa.ForeignKeyConstraint(["speaker"], ["actors.id"], name=op.f("fk_entries_speaker_actors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entries")),
    )
    op.create_index("ix_entries_session", "entries", ["session_id"], unique=False)
    op.create_index("ix_entries_speaker", "entries", ["speaker"], unique=False)
    op.create_table(
        "links",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("directed", sa.Boolean(create_constraint=True, name="directed_bool"), nullable=False),
        sa.Column("strength", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("visibility", sa.String(), nullable=False),
        sa.Column("extra", sa.JSON(none_as_null=True), nullable=True),
        sa.CheckConstraint(
            "extra IS NULL OR json_type(extra) = 'object'", name=op.f("ck_links_extra_object")
        ),
        sa.CheckConstraint(
            "kind IN ('communication', 'cooperation', 'funding', 'influence', 'tension', 'broken')",
            name=op.f("ck_links_kind_choice"),
        ),
        sa.CheckConstraint(
            "visibility IN ('shareable', 'team', 'private')", name=op.f("ck_links_visibility_choice")
        ),
        sa.CheckConstraint("length(note) BETWEEN 0 AND 100000", name=op.f("ck_links_note_length")),
        sa.CheckConstraint("source <> target", name=op.f("ck_links_two_actors")),
        sa.CheckConstraint("strength BETWEEN 1 AND 3", name=op.f("ck_links_strength_range")),
        sa.ForeignKeyConstraint(["source"], ["actors.id"], name=op.f("fk_links_source_actors")),
        sa.ForeignKeyConstraint(["target"], ["actors.id"], name=op.f("fk_links_target_actors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_links")),
    )
    op.create_index("ix_links_source", "links", ["source"], unique=False)
    op.create_index("ix_links_target", "links", ["target"], unique=False)
    op.create_table(
        "participants",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("session_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("present", sa.Boolean(create_constraint=True, name="present_bool"), nullable=False),
        sa.Column("gender", sa.String(), nullable=False),
        sa.Column("extra", sa.JSON(none_as_null=True), nullable=True),
        sa.CheckConstraint(
            "extra IS NULL OR json_type(extra) = 'object'", name=op.f("ck_participants_extra_object")
        ),
        sa.CheckConstraint(
            "gender IN ('woman', 'man', 'other', 'undisclosed')", name=op.f("ck_participants_gender_choice")
        ),
        sa.CheckConstraint(
            "actor IS NOT NULL OR length(name) >= 1", name=op.f("ck_participants_named_or_actor")
        ),
        sa.CheckConstraint("length(name) BETWEEN 0 AND 300", name=op.f("ck_participants_name_length")),
        sa.CheckConstraint("length(role) BETWEEN 0 AND 100000", name=op.f("ck_participants_role_length")),
        sa.ForeignKeyConstraint(["actor"], ["actors.id"], name=op.f("fk_participants_actor_actors")),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_participants_session_id_sessions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participants")),
        sa.UniqueConstraint("session_id", "actor", name="uq_participants_once_per_session"),
    )
    op.create_index("ix_participants_actor", "participants", ["actor"], unique=False)
    op.create_index("ix_participants_session", "participants", ["session_id", "position"], unique=False)
    op.create_table(
        "snapshots",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(), nullable=True),
        sa.Column("taken_at", sa.String(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("extra", sa.JSON(none_as_null=True), nullable=True),
        sa.CheckConstraint(
            "extra IS NULL OR json_type(extra) = 'object'", name=op.f("ck_snapshots_extra_object")
        ),
        sa.CheckConstraint("length(label) BETWEEN 0 AND 100000", name=op.f("ck_snapshots_label_length")),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_snapshots_session_id_sessions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshots")),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("session_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(), nullable=True),
        sa.Column("due", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("entry", sa.String(), nullable=True),
        sa.Column("visibility", sa.String(), nullable=False),
        sa.Column("extra", sa.JSON(none_as_null=True), nullable=True),
        sa.CheckConstraint(
            "extra IS NULL OR json_type(extra) = 'object'", name=op.f("ck_actions_extra_object")
        ),
        sa.CheckConstraint("status IN ('open', 'done', 'dropped')", name=op.f("ck_actions_status_choice")),
        sa.CheckConstraint(
            "visibility IN ('shareable', 'team', 'private')", name=op.f("ck_actions_visibility_choice")
        ),
        sa.CheckConstraint("length(text) BETWEEN 1 AND 100000", name=op.f("ck_actions_text_length")),
        sa.ForeignKeyConstraint(["entry"], ["entries.id"], name=op.f("fk_actions_entry_entries")),
        sa.ForeignKeyConstraint(["owner"], ["actors.id"], name=op.f("fk_actions_owner_actors")),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], name=op.f("fk_actions_session_id_sessions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    op.create_index("ix_actions_entry", "actions", ["entry"], unique=False)
    op.create_index("ix_actions_owner", "actions", ["owner"], unique=False)
    op.create_index("ix_actions_session", "actions", ["session_id", "position"], unique=False)
    op.create_table(
        "entry_about",
        sa.Column("entry_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["actor"], ["actors.id"], name=op.f("fk_entry_about_actor_actors")),
        sa.ForeignKeyConstraint(["entry_id"], ["entries.id"], name=op.f("fk_entry_about_entry_id_entries")),
        sa.PrimaryKeyConstraint("entry_id", "position", name=op.f("pk_entry_about")),
    )
    op.create_index("ix_entry_about_actor", "entry_about", ["actor"], unique=False)
    op.create_table(
        "snapshot_links",
        sa.Column("snapshot_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("directed", sa.Boolean(create_constraint=True, name="directed_bool"), nullable=False),
        sa.Column("strength", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('communication', 'cooperation', 'funding', 'influence', 'tension', 'broken')",
            name=op.f("ck_snapshot_links_kind_choice"),
        ),
        sa.CheckConstraint("source <> target", name=op.f("ck_snapshot_links_two_actors")),
        sa.CheckConstraint("strength BETWEEN 1 AND 3", name=op.f("ck_snapshot_links_strength_range")),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name=op.f("fk_snapshot_links_snapshot_id_snapshots")
        ),
        sa.ForeignKeyConstraint(["source"], ["actors.id"], name=op.f("fk_snapshot_links_source_actors")),
        sa.ForeignKeyConstraint(["target"], ["actors.id"], name=op.f("fk_snapshot_links_target_actors")),
        sa.PrimaryKeyConstraint("snapshot_id", "position", name=op.f("pk_snapshot_links")),
    )
    op.create_index("ix_snapshot_links_source", "snapshot_links", ["source"], unique=False)
    op.create_index("ix_snapshot_links_target", "snapshot_links", ["target"], unique=False)
    op.create_table(
        "snapshot_placements",
        sa.Column("snapshot_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("track", sa.Integer(), nullable=False),
        sa.Column("angle_deg", sa.Float(), nullable=False),
        sa.Column("radius", sa.Float(), nullable=False),
        sa.Column("influence", sa.Integer(), nullable=True),
        sa.Column("stance", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=True),
        sa.CheckConstraint(
            "stance IS NULL OR stance IN ('supportive', 'neutral', 'opposed', 'unknown')",
            name=op.f("ck_snapshot_placements_stance_choice"),
        ),
        sa.CheckConstraint(
            "status IS NULL OR status IN ('active', 'dormant', 'withdrawn')",
            name=op.f("ck_snapshot_placements_status_choice"),
        ),
        sa.CheckConstraint(
            "angle_deg >= 0 AND angle_deg < 360 AND radius >= 0 AND radius <= 1",
            name=op.f("ck_snapshot_placements_placement_range"),
        ),
        sa.CheckConstraint(
            "influence IS NULL OR influence BETWEEN 1 AND 5",
            name=op.f("ck_snapshot_placements_influence_range"),
        ),
        sa.CheckConstraint(
            "track = (CASE WHEN radius < 0.3 THEN 9 ELSE (CAST((angle_deg + 22.5) / 45 AS INTEGER) % 8) + 1 END)",
            name=op.f("ck_snapshot_placements_placement_in_track"),
        ),
        sa.CheckConstraint("track BETWEEN 1 AND 9", name=op.f("ck_snapshot_placements_track_range")),
        sa.ForeignKeyConstraint(["actor"], ["actors.id"], name=op.f("fk_snapshot_placements_actor_actors")),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name=op.f("fk_snapshot_placements_snapshot_id_snapshots")
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "position", name=op.f("pk_snapshot_placements")),
        sa.UniqueConstraint("snapshot_id", "actor", name="uq_snapshot_placements_once"),
    )
    op.create_index("ix_snapshot_placements_actor", "snapshot_placements", ["actor"], unique=False)


def downgrade() -> None:
    raise NotImplementedError("workshop files are never downgraded")
