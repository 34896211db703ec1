"""Exchange format v1: reading, validation and writing, as the spec says."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from multitrack_desktop.domain import model as m
from multitrack_desktop.domain.validation import Problem, validate_document
from multitrack_desktop.exchange import ExchangeError, read_document, write_document

from .strategies import workshop_documents

EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "spec" / "example-workshop.json"
NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)

A0 = "4e76591c-36eb-5c85-975f-3b61350bc2dd"  # actor, track 1, placed
A1 = "446c40a1-93bf-5cf3-a6f7-60c3188ddcc5"  # actor, track 1, not placed
S0 = "f3a73310-17e7-5122-a262-6819d08782a0"  # session (shareable)
S1 = "54d09738-af99-5ef5-b2fc-294449dd594c"  # session (private)
NEW = "0b9e3c2a-1111-4222-8333-944455556666"


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_bytes())


def dumps(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def read(doc: dict[str, Any]) -> m.WorkshopDocument:
    return read_document(dumps(doc), now=NOW)


def refusal(data: bytes | dict[str, Any]) -> ExchangeError:
    with pytest.raises(ExchangeError) as info:
        read_document(data if isinstance(data, bytes) else dumps(data), now=NOW)
    return info.value


def assert_refused(data: bytes | dict[str, Any], path: str, *fragments: str) -> None:
    error = refusal(data)
    found = [p for p in error.problems if p.path == path]
    assert found, f"no problem at {path!r}; got:\n{error}"
    for fragment in fragments:
        assert any(fragment in p.message for p in found), f"{fragment!r} not in {found}"


def minimal(**workshop: Any) -> dict[str, Any]:
    return {
        "format": "multitrack-workshop",
        "format_version": 1,
        "workshop": {"id": NEW, "title": "T", **workshop},
    }


def with_actor(**fields: Any) -> dict[str, Any]:
    doc = minimal()
    doc["actors"] = [{"id": A0, "name": "A", **fields}]
    return doc


# ---------------------------------------------------------------------------- round trips


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(workshop_documents())
def test_round_trip_keeps_every_field_and_the_bytes(doc: m.WorkshopDocument) -> None:
    assert validate_document(doc) == []
    first = write_document(doc)
    again = read_document(first, now=NOW)
    expected = dataclasses.replace(
        doc,
        sessions=[
            dataclasses.replace(s, entries=sorted(s.entries, key=m.entry_sort_key)) for s in doc.sessions
        ],
    )
    assert again == expected
    # Equal datetimes may differ in offset; the offset must survive too.
    for s_in, s_out in zip(expected.sessions, again.sessions, strict=True):
        assert s_out.starts_at.utcoffset() == s_in.starts_at.utcoffset()
        for e_in, e_out in zip(s_in.entries, s_out.entries, strict=True):
            assert e_out.at.utcoffset() == e_in.at.utcoffset()
            assert json.dumps(e_out.extra) == json.dumps(e_in.extra)
    assert again.workshop.created_at.utcoffset() == doc.workshop.created_at.utcoffset()
    assert write_document(again) == first
    assert first.endswith(b"}\n")


def test_the_spec_example_reads_and_round_trips() -> None:
    doc = read_document(EXAMPLE.read_bytes(), now=NOW)
    assert [a.name for a in doc.actors][:2] == ["Gouvernement du Burundi", "CNDD-FDD"]
    assert doc.actors[3].anonymise and doc.actors[3].alias == "Interlocuteur B"
    assert doc.actors[4].placement == m.Placement(200.0, 0.1)
    assert doc.sessions[0].starts_at.utcoffset() == dt.timedelta(hours=2)
    assert doc.sessions[1].participants[0].actor == "bcea46c8-124a-54d1-822d-bd18bb6a2e13"
    assert doc.snapshots[0].placements[0].stance is m.Stance.OPPOSED
    assert doc.workshop.extra == {"source": "hand-written example"}
    written = write_document(doc)
    assert read_document(written, now=NOW) == doc
    assert write_document(read_document(written)) == written


def test_writer_writes_every_field_in_the_spec_order() -> None:
    text = write_document(read(example())).decode("utf-8")
    out = json.loads(text)
    assert list(out) == ["format", "format_version", "workshop", "actors", "links", "sessions", "snapshots"]
    assert list(out["actors"][1]) == [
        "id",
        "name",
        "also_known_as",
        "alias",
        "anonymise",
        "visibility",
        "kind",
        "track",
        "also_tracks",
        "placement",
        "influence",
        "stance",
        "status",
        "description",
        "contact",
        "tags",
    ]
    assert list(out["actors"][4])[-1] == "extra"
    assert list(out["sessions"][0]["participants"][1]) == ["actor", "name", "role", "present", "gender"]
    assert list(out["sessions"][0]["entries"][0]) == [
        "id",
        "at",
        "kind",
        "text",
        "speaker",
        "about",
        "author",
        "visibility",
    ]
    assert list(out["sessions"][0]["actions"][0]) == [
        "id",
        "text",
        "owner",
        "due",
        "status",
        "entry",
        "visibility",
    ]
    assert list(out["snapshots"][1]) == ["id", "session", "taken_at", "label", "placements", "links"]
    assert list(out["snapshots"][1]["placements"][0]) == [
        "actor",
        "track",
        "angle_deg",
        "radius",
        "influence",
        "stance",
        "status",
    ]
    assert out["workshop"]["created_at"] == "2000-03-01T08:00:00+00:00"
    assert '"angle_deg": 5.0,' in text and text.startswith('{\n  "format"') and "Équipe" in text


def test_writer_orders_entries_by_instant_then_id_and_writes_the_audience() -> None:
    doc = example()
    entries = doc["sessions"][0]["entries"]
    entries.reverse()
    entries[0]["at"] = "2000-03-02T09:00:00-05:00"  # 14:00 UTC: after 15:30+02:00 (13:30 UTC)
    out = json.loads(write_document(read(doc), audience=("shareable", 3)))
    assert out["audience"] == {"name": "shareable", "withheld": 3}
    assert list(out)[:3] == ["format", "format_version", "audience"]
    instants = [dt.datetime.fromisoformat(e["at"]) for e in out["sessions"][0]["entries"]]
    assert instants == sorted(instants)
    assert out["sessions"][0]["entries"][-1]["at"] == "2000-03-02T09:00:00-05:00"


def test_a_redacted_file_is_accepted_and_keeps_nothing_of_its_audience() -> None:
    doc = example()
    doc["audience"] = {"name": "team", "withheld": 2}
    assert b"audience" not in write_document(read(doc))
    doc["audience"] = {"name": "everyone", "withheld": -1}
    error = refusal(doc)
    assert {p.path for p in error.problems} == {"audience.name", "audience.withheld"}


def test_defaults_are_filled_in_as_the_spec_says() -> None:
    doc = minimal()
    doc["actors"] = [{"id": A0, "name": "A"}, {"id": A1, "name": "B"}]
    doc["links"] = [{"id": NEW.replace("0b", "1b"), "source": A0, "target": A1}]
    doc["sessions"] = [
        {
            "id": S0,
            "title": "S",
            "starts_at": "2001-01-01T10:00:00Z",
            "visibility": "private",
            "participants": [{"actor": A0}],
            "entries": [{"id": S1, "at": "2001-01-01T10:00:00Z", "text": "x"}],
            "actions": [{"id": NEW.replace("0b", "2b"), "text": "do"}],
        }
    ]
    out = read(doc)
    assert out.workshop == m.Workshop(
        id=NEW, title="T", context="", language="en", facilitators=[], created_at=NOW, updated_at=NOW
    )
    assert out.actors[0] == m.Actor(id=A0, name="A")
    assert out.links[0].visibility is m.Visibility.TEAM and out.links[0].strength == 2
    session = out.sessions[0]
    assert session.rule is m.Rule.CHATHAM_HOUSE and session.format is m.SessionFormat.TRACK2
    assert session.participants[0] == m.Participant(actor=A0, name="", role="", present=True)
    # Entries and actions take their session's visibility, not the field's usual default.
    assert session.entries[0].visibility is m.Visibility.PRIVATE
    assert session.actions[0].visibility is m.Visibility.PRIVATE
    assert out.snapshots == []


def test_import_time_is_written_in_utc() -> None:
    out = read_document(
        dumps(minimal()), now=dt.datetime(2024, 5, 1, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    )
    assert out.workshop.created_at.utcoffset() == dt.timedelta(0)
    assert out.workshop.created_at == NOW


# ---------------------------------------------------------------------------- normalisation


def test_text_is_nfc_normalised_but_extra_is_kept_as_given() -> None:
    decomposed = "Re\u0301seau"
    doc = with_actor(name=decomposed, tags=[decomposed], extra={decomposed: [decomposed]})
    actor = read(doc).actors[0]
    assert actor.name == "Réseau" == unicodedata.normalize("NFC", decomposed) != decomposed
    assert actor.tags == ["Réseau"]
    assert actor.extra == {decomposed: [decomposed]}
    assert "Réseau".encode() in write_document(read(doc))


def test_ids_are_read_in_any_case_and_written_lowercase() -> None:
    doc = example()
    doc["actors"][0]["id"] = A0.upper()
    doc["links"][0]["source"] = A0.upper()  # references match whatever the case
    out = read(doc)
    assert out.actors[0].id == A0 and out.links[0].source == A0
    assert A0.upper().encode() not in write_document(out)


def test_offsets_are_kept() -> None:
    doc = example()
    doc["sessions"][0]["starts_at"] = "2005-07-12T09:30:00+07:00"
    doc["sessions"][0]["ends_at"] = "2005-07-12T10:30:00.250000Z"
    out = json.loads(write_document(read(doc)))
    assert out["sessions"][0]["starts_at"] == "2005-07-12T09:30:00+07:00"
    assert out["sessions"][0]["ends_at"] == "2005-07-12T10:30:00.250000+00:00"


def test_extra_keeps_the_same_json_value() -> None:
    value = {
        "nested": {"list": [1, 2.5, None, True, "ж"], "empty": {}},
        "big": 10**30,
        "tiny": 1.5e300,
        "neg": -2.5e-300,
        "مفتاح": "قيمة",
        "one": 1.0,
    }
    doc = example()
    doc["sessions"][0]["entries"][0]["extra"] = value
    doc["snapshots"][0]["extra"] = value
    written = write_document(read(doc))
    out = json.loads(written)
    entry = next(
        e for e in out["sessions"][0]["entries"] if e["id"] == doc["sessions"][0]["entries"][0]["id"]
    )
    assert entry["extra"] == value and out["snapshots"][0]["extra"] == value
    assert isinstance(entry["extra"]["big"], int) and isinstance(entry["extra"]["one"], float)


def test_angle_360_is_read_as_0() -> None:
    actor = read(with_actor(track=1, placement={"angle_deg": 360, "radius": 0.5})).actors[0]
    assert actor.placement == m.Placement(0.0, 0.5)


def test_a_utf8_bom_is_accepted() -> None:
    assert read_document(b"\xef\xbb\xbf" + dumps(minimal())).workshop.id == NEW


# ---------------------------------------------------------------------------- refusals: the file


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b'{"format": "multitrack-workshop", "format_version": 1, "workshop": {"id"', "truncated"),
        (b"", "empty"),
        (b"[1, 2]", "not a workshop"),
        (b'"text"', "not a workshop"),
        (b'{"a": 1,}', "not valid JSON"),
        (b'{"format": "caf\xe9"}', "not UTF-8"),
    ],
)
def test_files_that_are_not_json_objects_are_refused(data: bytes, fragment: str) -> None:
    assert fragment in str(refusal(data))


def test_truncation_names_line_and_column() -> None:
    text = write_document(read(example()))
    message = str(refusal(text[: len(text) // 2]))
    assert "truncated" in message and "line " in message and "column " in message


def test_wrong_format_name_and_newer_version() -> None:
    doc = minimal()
    doc["format"] = "something-else"
    assert_refused(doc, "format", "not a workshop exchange file")
    doc = minimal()
    doc["format_version"] = 2
    assert_refused(doc, "format_version", "newer version")
    doc["format_version"] = True
    assert_refused(doc, "format_version", "not an integer")
    del doc["format_version"]
    assert_refused(doc, "format_version", "missing")


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (
            '{"format": "multitrack-workshop", "format_version": 1, "format_version": 1, "workshop": {"id": "%s", "title": "T"}}',
            "format_version",
        ),
        (
            '{"format": "multitrack-workshop", "format_version": 1, "workshop": {"id": "%s", "title": "T", "title": "U"}}',
            "workshop.title",
        ),
        (
            '{"format": "multitrack-workshop", "format_version": 1, "workshop": {"id": "%s", "title": "T", "extra": {"k": 1, "k": 2}}}',
            "workshop.extra.k",
        ),
    ],
)
def test_duplicate_keys_are_refused(text: str, path: str) -> None:
    assert_refused((text % NEW).encode(), path, "more than once")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_numbers_are_refused(constant: str) -> None:
    text = json.dumps(with_actor(track=1)).replace(
        '"track": 1', f'"track": 1, "placement": {{"angle_deg": {constant}, "radius": 0.5}}'
    )
    assert_refused(text.encode(), "actors[0].placement.angle_deg", "not a number the format allows")
    text = json.dumps(minimal(extra={"x": 0})).replace('"x": 0', f'"x": [{constant}]')
    assert_refused(text.encode(), "workshop.extra.x[0]")


@pytest.mark.parametrize(
    ("fragment", "path"),
    [
        ('"title": "\\ud800"', "workshop.title"),
        ('"title": "T", "extra": {"k": ["a\\udfff"]}', "workshop.extra.k[0]"),
        ('"title": "T", "extra": {"\\ud83d": 1}', 'workshop.extra["\\ud83d"]'),
    ],
)
def test_lone_surrogates_are_refused_everywhere(fragment: str, path: str) -> None:
    text = '{"format": "multitrack-workshop", "format_version": 1, "workshop": {"id": "ID", FIELDS}}'
    text = text.replace("ID", NEW).replace("FIELDS", fragment)
    assert_refused(text.encode(), path, "not valid Unicode")


def test_a_surrogate_pair_is_fine() -> None:
    text = '{"format": "multitrack-workshop", "format_version": 1, "workshop": {"id": "%s", "title": "\\ud83d\\ude00"}}'
    assert read_document((text % NEW).encode()).workshop.title == "\N{GRINNING FACE}"


# ---------------------------------------------------------------------------- refusals: fields


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


CASES = [
    # unknown fields
    (_set(["colour"], "red"), "colour", "no such field"),
    (_set(["actors", 1, "nmae"], "x"), "actors[1].nmae", 'did you mean "name"'),
    (_set(["sessions", 0, "entries", 2, "speeker"], A0), "sessions[0].entries[2].speeker", "no such field"),
    (
        _set(["snapshots", 0, "placements", 0, "extra"], {}),
        "snapshots[0].placements[0].extra",
        "no such field",
    ),
    (_set(["actors", 0, "extra"], [1]), "actors[0].extra", "JSON object"),
    # required fields
    (_delete(["actors", 0, "name"]), "actors[0].name", "needs this field"),
    (_delete(["sessions", 0, "entries", 0, "text"]), "sessions[0].entries[0].text", "needs this field"),
    (_delete(["workshop"]), "workshop", "needs a workshop"),
    # references
    (_set(["links", 0, "target"], NEW), "links[0].target", "no actor has the id"),
    (_set(["links", 0, "source"], S0), "links[0].source", "is a session"),
    (_set(["links", 0, "target"], A0), "links[0].target", "two different actors"),
    (_set(["sessions", 0, "entries", 1, "speaker"], NEW), "sessions[0].entries[1].speaker", "no actor"),
    (_set(["sessions", 0, "entries", 2, "about"], [S1]), "sessions[0].entries[2].about[0]", "is a session"),
    (_set(["sessions", 0, "actions", 0, "owner"], S0), "sessions[0].actions[0].owner", "not an actor"),
    (_set(["sessions", 0, "actions", 0, "entry"], A0), "sessions[0].actions[0].entry", "is an actor"),
    (
        _set(["sessions", 1, "actions", 0, "entry"], "05bad2a5-c2a3-5739-9b08-152a5354615b"),
        "sessions[1].actions[0].entry",
        "another session",
    ),
    (_set(["sessions", 0, "participants", 0, "actor"], NEW), "sessions[0].participants[0].actor", "no actor"),
    (
        _set(["sessions", 0, "participants", 1, "actor"], "a5298e35-8887-5686-a813-500c7fab69d3"),
        "sessions[0].participants[1].actor",
        "already a participant",
    ),
    (
        _set(["sessions", 0, "participants", 1, "name"], ""),
        "sessions[0].participants[1].name",
        "needs a name",
    ),
    (_set(["snapshots", 0, "session"], A0), "snapshots[0].session", "not a session"),
    (_set(["snapshots", 0, "placements", 1, "actor"], NEW), "snapshots[0].placements[1].actor", "no actor"),
    (
        _set(["snapshots", 1, "links"], [{"source": A0, "target": NEW}]),
        "snapshots[1].links[0].target",
        "no actor",
    ),
    # ids
    (_set(["links", 0, "id"], A0), "links[0].id", "already used by actors[0]"),
    (_set(["actors", 1, "id"], A0.upper()), "actors[1].id", "already used"),
    (
        _set(["sessions", 1, "entries", 0, "id"], S0),
        "sessions[1].entries[0].id",
        "already used by sessions[0]",
    ),
    (_set(["actors", 1, "id"], "not-a-uuid"), "actors[1].id", "is not an id"),
    # datetimes
    (_set(["sessions", 0, "starts_at"], "2000-03-02T09:00:00"), "sessions[0].starts_at", "no UTC offset"),
    (
        _set(["sessions", 0, "starts_at"], "2000-03-02"),
        "sessions[0].starts_at",
        "not an ISO 8601 date and time",
    ),
    (_set(["sessions", 0, "starts_at"], "yesterday"), "sessions[0].starts_at", "ISO 8601"),
    (
        _set(["sessions", 0, "ends_at"], "2000-03-02T08:59:59+02:00"),
        "sessions[0].ends_at",
        "end before it starts",
    ),
    (
        _set(["sessions", 0, "ends_at"], "2000-03-02T07:00:00+01:00"),
        "sessions[0].ends_at",
        "end before it starts",
    ),
    (
        _set(["sessions", 0, "actions", 0, "due"], "2000-03-10T00:00:00Z"),
        "sessions[0].actions[0].due",
        "YYYY-MM-DD",
    ),
    (_set(["sessions", 0, "actions", 0, "due"], "2000-02-30"), "sessions[0].actions[0].due", "not a date"),
    # anonymise
    (_delete(["actors", 3, "alias"]), "actors[3].alias", "needs an alias"),
    (_set(["actors", 3, "alias"], ""), "actors[3].alias", "needs an alias"),
    # ranges
    (_set(["actors", 0, "influence"], 0), "actors[0].influence", "0 is not an influence (1-5)"),
    (_set(["actors", 0, "influence"], 6), "actors[0].influence", "not an influence"),
    (_set(["links", 0, "strength"], 4), "links[0].strength", "4 is not a strength (1-3)"),
    (_set(["actors", 3, "track"], 10), "actors[3].track", "10 is not a track (1-9)"),
    (_set(["actors", 3, "track"], 0), "actors[3].track", "not a track"),
    (_set(["actors", 0, "placement", "radius"], 1.5), "actors[0].placement.radius", "not a radius"),
    (_set(["actors", 0, "placement", "angle_deg"], -1), "actors[0].placement.angle_deg", "not an angle"),
    (_set(["actors", 0, "placement", "angle_deg"], 361), "actors[0].placement.angle_deg", "not an angle"),
    (_set(["snapshots", 1, "placements", 0, "track"], 10), "snapshots[1].placements[0].track", "not a track"),
    (
        _set(["snapshots", 1, "placements", 0, "angle_deg"], 400),
        "snapshots[1].placements[0].angle_deg",
        "angle",
    ),
    (
        _set(["snapshots", 1, "placements", 0, "influence"], 9),
        "snapshots[1].placements[0].influence",
        "influence",
    ),
    (_set(["actors", 2, "also_tracks"], [6, 6]), "actors[2].also_tracks[1]", "listed twice"),
    (_set(["actors", 2, "also_tracks"], [4]), "actors[2].also_tracks[0]", "own track"),
    (_set(["actors", 2, "also_tracks"], [0]), "actors[2].also_tracks[0]", "not a track"),
    # placement and track
    (
        _set(["actors", 3, "placement"], {"angle_deg": 10, "radius": 0.5}),
        "actors[3].placement",
        "only allowed",
    ),
    (
        _set(["actors", 0, "placement", "angle_deg"], 90),
        "actors[0].placement",
        "lies in track 3, not in track 1",
    ),
    (_set(["snapshots", 1, "placements", 0, "radius"], 0.1), "snapshots[1].placements[0]", "lies in track 9"),
    (_set(["actors", 0, "placement"], {"angle_deg": 5}), "actors[0].placement.radius", "needs this field"),
    # enums
    (_set(["actors", 0, "kind"], "army"), "actors[0].kind", "is not one of person"),
    (_set(["sessions", 0, "visibility"], "Team"), "sessions[0].visibility", "not one of"),
    # types
    (_set(["actors", 0, "influence"], True), "actors[0].influence", "true is not an integer"),
    (_set(["actors", 0, "influence"], 3.0), "actors[0].influence", "3 is not an integer"),
    (_set(["actors", 0, "influence"], "3"), "actors[0].influence", "not an integer"),
    (_set(["actors", 0, "track"], False), "actors[0].track", "not an integer"),
    (_set(["actors", 0, "anonymise"], "true"), "actors[0].anonymise", "not true or false"),
    (_set(["links", 0, "directed"], 1), "links[0].directed", "not true or false"),
    (_set(["actors", 0, "placement", "radius"], True), "actors[0].placement.radius", "not a number"),
    (_set(["actors", 0, "name"], 5), "actors[0].name", "not text"),
    (_set(["actors", 0, "tags"], "tag"), "actors[0].tags", "not a list"),
    (_set(["actors", 0, "tags"], ["ok", 1]), "actors[0].tags[1]", "not text"),
    (_set(["actors"], {}), "actors", "not a list"),
    (_set(["actors", 0], "actor"), "actors[0]", "must be a JSON object"),
    # text limits
    (_set(["actors", 0, "name"], "x" * 301), "actors[0].name", "301 characters long (at most 300)"),
    (_set(["actors", 0, "name"], ""), "actors[0].name", "must not be empty"),
    (_set(["sessions", 0, "title"], "x" * 301), "sessions[0].title", "at most 300"),
    (_set(["sessions", 0, "entries", 0, "text"], ""), "sessions[0].entries[0].text", "must not be empty"),
    (_set(["actors", 0, "description"], "x" * 100_001), "actors[0].description", "at most 100000"),
    (_set(["workshop", "language"], "english please"), "workshop.language", "not a language tag"),
]


@pytest.mark.parametrize(("change", "path", "fragment"), CASES, ids=[c[1] + ":" + c[2] for c in CASES])
def test_bad_values_are_refused_with_their_path(
    change: Callable[[dict[str, Any]], None], path: str, fragment: str
) -> None:
    doc = example()
    read(doc)  # the example itself is valid
    change(doc)
    assert_refused(doc, path, fragment)


def test_error_paths_read_like_the_spec() -> None:
    doc = example()
    doc["actors"][3]["track"] = 10
    error = refusal(doc)
    assert "actors[3].track: 10 is not a track (1-9)" in str(error).splitlines()
    assert error.problems == [Problem("actors[3].track", "10 is not a track (1-9)")]


def test_every_problem_is_listed_up_to_fifty() -> None:
    doc = example()
    for i in range(60):
        doc["actors"][0][f"typo{i}"] = 1
    error = refusal(doc)
    assert len(error.problems) == 60
    lines = str(error).splitlines()
    assert len(lines) == 51 and lines[-1] == "... and 10 more problems"


def test_limits_themselves_are_accepted() -> None:
    doc = example()
    doc["actors"][0]["name"] = "x" * 300
    doc["sessions"][0]["entries"][0]["text"] = "y" * 100_000
    doc["actors"][0]["influence"] = 1
    doc["actors"][1]["influence"] = 5
    doc["links"][0]["strength"] = 1
    out = read(doc)
    assert len(out.actors[0].name) == 300


# ---------------------------------------------------------------------------- the circle's boundaries


@pytest.mark.parametrize(
    ("track", "angle", "radius", "accepted"),
    [
        (2, 22.5, 0.5, True),
        (1, 22.5, 0.5, False),
        (1, 22.4999, 0.5, True),
        (1, 337.5, 0.5, True),
        (8, 337.5, 0.5, False),
        (8, 337.4999, 0.5, True),
        (1, 0, 0.3, True),
        (9, 0, 0.3, False),
        (9, 0, 0.2999, True),
        (1, 0, 0.2999, False),
        (1, 0, 1.0, True),
        (9, 0, 0.0, True),
        (1, 360, 0.5, True),
        (5, 180, 1.0, True),
    ],
)
def test_placements_on_the_boundaries(track: int, angle: float, radius: float, accepted: bool) -> None:
    doc = with_actor(track=track, placement={"angle_deg": angle, "radius": radius})
    snap = minimal()
    snap["actors"] = [{"id": A0, "name": "A"}]
    snap["snapshots"] = [
        {
            "id": S0,
            "taken_at": "2000-01-01T00:00:00Z",
            "placements": [{"actor": A0, "track": track, "angle_deg": angle, "radius": radius}],
        }
    ]
    if accepted:
        assert read(doc).actors[0].track == track
        assert read(snap).snapshots[0].placements[0].track == track
    else:
        assert_refused(doc, "actors[0].placement", "lies in track")
        assert_refused(snap, "snapshots[0].placements[0]", "lies in track")


# ---------------------------------------------------------------------------- validation on domain values


def test_validate_document_works_on_domain_values() -> None:
    doc = read(example())
    assert validate_document(doc) == []
    doc.actors[0].track = 10
    doc.actors[1].placement = m.Placement(400.0, 0.5)
    doc.sessions[0].entries[3].at = dt.datetime(2000, 1, 1)  # naive
    doc.snapshots[0].placements[0].angle_deg = float("nan")
    doc.workshop.extra = {"k": float("inf")}
    paths = {p.path for p in validate_document(doc)}
    assert {
        "actors[0].track",
        "actors[1].placement.angle_deg",
        "sessions[0].entries[3].at",
        "snapshots[0].placements[0].angle_deg",
        "workshop.extra.k",
    } <= paths
