"""Black-box checks of the public surfaces (exchange files, the command line, PDFs) on hand-written workshops.

The workshops below are written as a user or a script would write them (Sudan, Northern Ireland, Lebanon,
Burundi/Aceh; Arabic with vowel marks, Cyrillic, French and Indonesian diacritics, emoji and joiners,
boundary placements, odd UTC offsets, ``extra`` of every JSON type), then pushed through import, check,
export (full and per audience), PDF and search, and compared with what the spec promises.
Most commands run in-process through ``cli.main`` for speed; a few run the real executable.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import unicodedata
import uuid
from pathlib import Path
from typing import Any

import pytest

from multitrack_desktop import cli
from multitrack_desktop.exchange import ExchangeError, read_document

ROOT = Path(__file__).resolve().parents[1]


def u(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


# --------------------------------------------------------------------------- hand-written workshops

A = {k: u("sd-" + k) for k in "gov spla women radio cmd elders ngo fund unplaced broker".split()}
S1, S2, S3, S4 = (u(f"sds-{i}") for i in range(1, 5))
E = {i: u(f"sde-{i}") for i in range(1, 9)}
EXTRA_VALUES = {
    "n": None,
    "b": True,
    "i": 7,
    "f": 1.5,
    "neg0": -0.0,
    "big": 1e300,
    "s": "😀",
    "l": [1, "a", None],
}


def sudan() -> dict[str, Any]:
    """Every audience rule, every link kind, placements on the exact boundaries, odd offsets."""
    actors = [
        {
            "id": A["gov"].upper(),  # any case accepted; exported lowercase
            "name": "Government of Sudan",
            "also_known_as": ["حكومة السودان", "GoS"],
            "kind": "government",
            "track": 1,
            "placement": {"angle_deg": 337.5, "radius": 0.3},  # both boundaries: track 1, the ring
            "influence": 5,
            "stance": "neutral",
            "extra": {**EXTRA_VALUES, "o": {"k": [{}]}},
        },
        {
            "id": A["spla"],
            "name": "SPLM/A",
            "also_known_as": ["الحركة الشعبية لتحرير السودان"],
            "kind": "armed_group",
            "track": 2,
            "placement": {"angle_deg": 22.5, "radius": 1.0},  # 22.5° is track 2
            "stance": "opposed",
            "description": "Negotiated at Machakos.",
            "tags": ["armed group", "南"],
        },
        {
            "id": A["women"],
            "name": "Sudanese Women Empowerment for Peace",
            "kind": "network",
            "track": 4,
            "also_tracks": [6, 9],
            "placement": {"angle_deg": 157.49999, "radius": 0.55},
            "influence": 1,
            "stance": "supportive",
        },
        {
            "id": A["radio"],
            "name": "Radio Dabanga",
            "kind": "organisation",
            "track": 9,
            "placement": {"angle_deg": 360, "radius": 0.0},  # 360 is read as 0
            "visibility": "team",
            "extra": {},
        },
        {
            "id": A["cmd"],
            "name": "القائد عبد الرَّحمن",
            "also_known_as": ["Abd al-Rahman", "ABD AL-RAHMAN the Commander"],
            "alias": "Interlocutor Α",
            "anonymise": True,
            "kind": "person",
            "track": 3,
            "status": "dormant",
            "contact": "+249 via the sheikh only",
            "description": "secret-description-cmd",
            "tags": ["secret-tag-cmd"],
        },
        {
            "id": A["elders"],
            "name": "Elders’ Council of Kordofan",
            "kind": "community",
            "track": 7,
            "placement": {"angle_deg": 247.5, "radius": 0.3},
            "status": "withdrawn",
            "visibility": "private",
            "contact": "elder-contact-XYZ",
        },
        {"id": A["ngo"], "name": "Concordis International", "track": 2, "also_tracks": [5], "influence": 2},
        {
            "id": A["fund"],
            "name": "Norwegian Church Aid",
            "track": 8,
            "placement": {"angle_deg": 337.49999, "radius": 0.999},
            "influence": 4,
        },
        {"id": A["unplaced"], "name": "IGAD Secretariat", "kind": "other", "track": None},
        {
            "id": A["broker"],
            "name": "Hidden Broker Zaghawa",
            "also_known_as": ["the Broker"],
            "kind": "person",
            "visibility": "team",
            "track": 6,
            "contact": "broker-phone-555",
        },
    ]
    links = [
        {"id": u("l1"), "source": A["gov"], "target": A["spla"], "kind": "tension", "strength": 3,
         "visibility": "shareable", "note": "Hard talks."},
        {"id": u("l2"), "source": A["women"], "target": A["spla"], "kind": "communication", "strength": 1,
         "note": "Through families; abd AL-rahman relays.", "visibility": "shareable"},
        {"id": u("l3"), "source": A["fund"], "target": A["ngo"], "kind": "funding", "directed": True,
         "visibility": "shareable"},
        {"id": u("l4"), "source": A["ngo"], "target": A["gov"], "kind": "cooperation", "visibility": "team"},
        {"id": u("l5"), "source": A["radio"], "target": A["women"], "kind": "influence", "directed": True,
         "visibility": "shareable"},
        {"id": u("l6"), "source": A["elders"], "target": A["gov"], "kind": "broken", "visibility": "shareable"},
        {"id": u("l7"), "source": A["cmd"], "target": A["gov"], "kind": "tension", "visibility": "private",
         "note": "private-link-note"},
        {"id": u("l8"), "source": A["broker"], "target": A["cmd"], "visibility": "shareable"},
    ]  # fmt: skip
    sessions = [
        {
            "id": S1,
            "title": "Machakos meeting with ABD AL-RAHMAN",
            "starts_at": "2002-07-12T09:30:00+03:00",
            "ends_at": "2002-07-12T17:00:00+03:00",
            "location": "Machakos, Kenya",
            "format": "track1.5",
            "rule": "chatham_house",
            "visibility": "shareable",
            "participants": [
                {"actor": A["gov"], "role": "delegation", "gender": "man"},
                {"actor": A["cmd"], "role": "observer", "gender": "man"},
                {"actor": A["broker"], "role": "fixer"},
                {"actor": None, "name": "Fatima Hassan", "role": "expert", "present": False, "gender": "woman"},
                {"actor": A["elders"], "role": "elder", "extra": {"seat": 3}},
            ],
            "agenda": ["Opening", "Wealth sharing — the Hidden Broker Zaghawa question"],
            "entries": [
                {"id": E[1], "at": "2002-07-12T10:00:00+03:00", "kind": "quote",
                 "text": "«لا سلام بلا عدالة» — said by القائد عبد الرَّحمن himself.", "speaker": A["cmd"],
                 "about": [A["gov"], A["cmd"]], "author": "Team A"},
                {"id": E[2], "at": "2002-07-12T09:45:00+03:00", "kind": "decision",
                 "text": "A ceasefire committee; THE BROKER (hidden broker zaghawa) carries messages.",
                 "speaker": A["gov"], "about": [A["broker"]]},
                {"id": E[3], "at": "2002-07-12T11:00:00+03:00", "kind": "risk",
                 "text": "team-only-entry", "visibility": "team"},
                {"id": E[4], "at": "2002-07-12T11:00:00+03:00", "kind": "question",
                 "text": "Who funds Concordis? 🕊️👩‍👩‍👧 a\u200db"},
            ],
            "actions": [
                {"id": u("a1"), "text": "Send minutes to Government of Sudan", "owner": A["gov"],
                 "due": "2002-07-20", "entry": E[2]},
                {"id": u("a2"), "text": "team-only-action", "owner": A["spla"], "status": "done",
                 "visibility": "team", "entry": E[3]},
                {"id": u("a3"), "text": "From a team entry", "status": "dropped", "entry": E[3]},
            ],
            "extra": {"room": 12},
        },
        {
            "id": S2,
            "title": "Back-channel in Khartoum",
            "starts_at": "2002-08-01T20:00:00+05:45",
            "location": "secret-location-khartoum",
            "format": "track2",
            "rule": "off_the_record",
            "visibility": "shareable",
            "participants": [{"actor": A["spla"], "role": "rep"}],
            "agenda": ["offrec-agenda"],
            "entries": [{"id": E[5], "at": "2002-08-01T20:30:00+05:45", "text": "offrec-entry-text"}],
            "actions": [{"id": u("a4"), "text": "offrec-action-text"}],
        },
        {
            "id": S3,
            "title": "Team debrief",
            "starts_at": "2002-08-02T08:00:00-03:30",
            "ends_at": "2002-08-02T08:00:00-03:30",
            "format": "internal",
            "rule": "open",
            "location": "team-room",
            "entries": [{"id": E[6], "at": "2002-08-02T08:05:00-03:30", "text": "private-debrief-entry",
                         "visibility": "private"}],
        },
        {
            "id": S4,
            "title": "Open public forum",
            "starts_at": "2002-09-01T10:00:00Z",
            "format": "multitrack",
            "rule": "open",
            "visibility": "shareable",
            "participants": [
                {"actor": A["women"], "role": "speaker", "gender": "woman"},
                {"actor": A["cmd"], "role": "guest"},
                {"actor": None, "name": "Ahmed, a student", "gender": "other"},
            ],
            "entries": [
                {"id": E[7], "at": "2002-09-01T10:10:00Z", "text": "Abd al-Rahman spoke; SPLM/A answered.",
                 "speaker": A["cmd"], "about": [A["spla"]]},
                {"id": E[8], "at": "2002-09-01T10:20:00Z", "text": "private-open-entry", "visibility": "private",
                 "speaker": A["women"]},
            ],
            "actions": [{"id": u("a5"), "text": "Follow up with Abd al-Rahman", "owner": A["cmd"], "entry": E[7]}],
        },
    ]  # fmt: skip
    snapshots = [
        {
            "id": u("sn1"),
            "session": S1,
            "taken_at": "2002-07-12T17:00:00+03:00",
            "label": "End of day (Hidden Broker Zaghawa present)",
            "placements": [
                {"actor": A["gov"], "track": 1, "angle_deg": 0, "radius": 0.5, "influence": 5, "stance": "neutral",
                 "status": "active"},
                {"actor": A["broker"], "track": 6, "angle_deg": 225, "radius": 0.5},
                {"actor": A["cmd"], "track": 9, "angle_deg": 10, "radius": 0.29999},
            ],
            "links": [{"source": A["gov"], "target": A["broker"], "kind": "funding"},
                      {"source": A["gov"], "target": A["cmd"]}],
        },
        {"id": u("sn2"), "taken_at": "2002-08-01T21:00:00+05:45", "extra": {"x": [1]}},
        {"id": u("sn3"), "session": S2, "taken_at": "2002-08-01T21:00:00+05:45", "label": "offrec-snapshot"},
    ]  # fmt: skip
    return {
        "format": "multitrack-workshop",
        "format_version": 1,
        "workshop": {
            "id": u("sd-w"),
            "title": "Sudan: Machakos track 1.5 support",
            "context": "Wealth-sharing talks; ABD al-rahman may attend. السلام",
            "language": "ar-SD",
            "facilitators": ["Team A", "Ayşe Öztürk"],
            "created_at": "2002-07-01T08:00:00+05:45",
            "updated_at": "2002-09-02T08:00:00-03:30",
            "extra": {"deep": {"a": [1, 2.25, -0.0, 1e300, "😀"]}},
        },
        "actors": actors,
        "links": links,
        "sessions": sessions,
        "snapshots": snapshots,
    }


# what each audience must never see (case-insensitive, as standalone names) and what it must see
SUDAN_WITHHELD = {
    "shareable": [
        "Radio Dabanga", "Elders’ Council of Kordofan", "Hidden Broker Zaghawa", "the Broker",
        "القائد عبد الرَّحمن", "Abd al-Rahman", "ABD AL-RAHMAN the Commander", "+249 via the sheikh only",
        "elder-contact-XYZ", "broker-phone-555", "secret-location-khartoum", "offrec-agenda",
        "offrec-entry-text", "offrec-action-text", "offrec-snapshot", "Team debrief", "team-room",
        "private-debrief-entry", "team-only-entry", "team-only-action", "private-link-note",
        "private-open-entry", "Fatima Hassan", "secret-tag-cmd", "secret-description-cmd",
    ],
    "team": [
        "Elders’ Council of Kordofan", "+249 via the sheikh only", "elder-contact-XYZ", "broker-phone-555",
        "secret-location-khartoum", "offrec-agenda", "offrec-entry-text", "offrec-action-text",
        "offrec-snapshot", "private-debrief-entry", "private-link-note", "private-open-entry",
    ],
}  # fmt: skip
SUDAN_SHOWN = {
    "shareable": ["Interlocutor Α", "[withheld]", "Government of Sudan", "Machakos", "Open public forum"],
    "team": ["Hidden Broker Zaghawa", "Abd al-Rahman", "Fatima Hassan", "Team debrief"],
}


def northern_ireland() -> dict[str, Any]:
    """An anonymised party named in every case in free text; a private Cyrillic network; a 300-character name."""
    sf, uup, brit, irl, church = (u("ni-" + k) for k in ("sf", "uup", "brit", "irl", "church"))
    long_name = ("Ó Néill " * 40)[:299] + "Ź"
    assert len(long_name) == 300
    kinds = ("communication", "cooperation", "funding", "influence", "tension", "broken")
    return {
        "format": "multitrack-workshop",
        "format_version": 1,
        "workshop": {
            "id": u("ni-w"),
            "title": "Northern Ireland before Belfast — Sinn Féin talks",
            "context": "SINN FÉIN, sinn féin and Sinn Fein; поддержка мира ирландии.",
            "language": "ga",
            "created_at": "1997-09-01T10:00:00+01:00",
            "updated_at": "1998-04-10T17:00:00+01:00",
        },
        "actors": [
            {"id": sf, "name": "Sinn Féin", "also_known_as": ["SF", "Sinn Fein"], "anonymise": True,
             "alias": "Party S", "track": 1, "placement": {"angle_deg": 337.5, "radius": 0.3}},
            {"id": uup, "name": "Ulster Unionist Party", "track": 1,
             "placement": {"angle_deg": 22.499999, "radius": 0.3}},
            {"id": brit, "name": long_name, "kind": "government", "track": 1},
            {"id": irl, "name": "Поддержка мира Ирландии", "also_known_as": ["ПОДДЕРЖКА"], "kind": "network",
             "track": 4, "visibility": "private"},
            {"id": church, "name": "Clonard Monastery", "kind": "community", "track": 7,
             "placement": {"angle_deg": 269.9999, "radius": 0.9}},
        ],
        "links": [
            {"id": u("nil-" + k), "source": sf, "target": t, "kind": k, "visibility": "shareable"}
            for k, t in zip(kinds, (uup, church, brit, irl, uup, brit), strict=True)
        ],
        "sessions": [
            {"id": u("nis-1"), "title": "Clonard talks", "starts_at": "1997-10-01T19:00:00+01:00", "rule": "open",
             "visibility": "shareable", "participants": [{"actor": sf}, {"actor": irl}],
             "entries": [{"id": u("nie-1"), "at": "1997-10-01T19:10:00+01:00",
                          "text": "Gerry of sinn féin met the ПОДДЕРЖКА group (sinn fein).", "speaker": sf,
                          "about": [irl, uup]}]},
        ],
    }  # fmt: skip


def lebanon() -> dict[str, Any]:
    """Arabic with vowel marks, right to left; an anonymised armed group, a team-only one named in a note."""
    amal, hez, gov = (u("lb-" + k) for k in ("amal", "hez", "gov"))
    return {
        "format": "multitrack-workshop",
        "format_version": 1,
        "workshop": {"id": u("lb-w"), "title": "لبنان: حوار الطائف", "context": "الحِوار بين حَرَكة أَمَل والحكومة",
                     "language": "ar", "facilitators": ["مُيَسِّر"]},
        "actors": [
            {"id": amal, "name": "حَرَكة أَمَل", "also_known_as": ["Amal Movement"], "kind": "armed_group", "track": 1,
             "placement": {"angle_deg": 0, "radius": 0.3}, "anonymise": True, "alias": "الطرف ب"},
            {"id": hez, "name": "حزب الله", "kind": "armed_group", "track": 6, "visibility": "team"},
            {"id": gov, "name": "الحكومة اللبنانية", "kind": "government", "track": 1},
        ],
        "links": [{"id": u("lbl-1"), "source": amal, "target": gov, "kind": "tension", "visibility": "shareable",
                   "note": "توتر بين حَرَكة أَمَل وحزب الله"}],
        "sessions": [{"id": u("lbs-1"), "title": "جلسة الطائف الأولى", "starts_at": "1989-09-30T10:00:00+03:00",
                      "rule": "open", "visibility": "shareable", "location": "الطائف",
                      "agenda": ["الإصلاحات السياسية"],
                      "entries": [{"id": u("lbe-1"), "at": "1989-09-30T11:00:00+03:00", "kind": "quote",
                                   "text": "قال الوفد إن الإصلاح ضروري"}]}],
    }  # fmt: skip


def burundi_aceh() -> dict[str, Any]:
    return {
        "format": "multitrack-workshop",
        "format_version": 1,
        "workshop": {"id": u("bi-w"), "title": "Burundi — Arusha; Aceh", "language": "fr",
                     "context": "Négociations à Arusha; perundingan di Helsinki. Ça, œuvre."},
        "actors": [
            {"id": u("bi-a1"), "name": "Gouvernement du Burundi", "kind": "government", "track": 1},
            {"id": u("bi-a2"), "name": "Gerakan Aceh Merdeka", "also_known_as": ["GAM"], "kind": "armed_group",
             "track": 1},
            {"id": u("bi-a3"), "name": "Réseau des femmes pour la paix", "kind": "network", "track": 4},
        ],
        "sessions": [{"id": u("bi-s1"), "title": "Atelier de préparation", "starts_at": "2000-03-02T09:00:00+02:00",
                      "entries": [{"id": u("bi-e1"), "at": "2000-03-02T09:15:00+02:00",
                                   "text": "Les participants ont cartographié les neuf pistes; Pemerintah hadir."}]}],
    }  # fmt: skip


EMPTY = {"format": "multitrack-workshop", "format_version": 1, "workshop": {"id": u("empty-w"), "title": "E"}}


# --------------------------------------------------------------------------- helpers


def main(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write_json(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def imported(tmp_path: Path, value: Any, capsys: pytest.CaptureFixture[str], name: str = "w") -> Path:
    src = write_json(tmp_path / f"{name}.json", value)
    dest = tmp_path / f"{name}.multitrack"
    code, _, err = main("import", str(src), str(dest), capsys=capsys)
    assert code == 0, err
    return dest


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def standalone(text: str, name: str) -> bool:
    """Does ``name`` occur in ``text`` (case-insensitively) with no letter, mark or digit right beside it?"""
    text, name = unicodedata.normalize("NFC", text), unicodedata.normalize("NFC", name)
    for m in re.finditer(re.escape(name), text, re.IGNORECASE):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if unicodedata.category(before)[0] not in "LMN" and unicodedata.category(after)[0] not in "LMN":
            return True
    return False


def subset(given: Any, written: Any, path: str = "$") -> list[str]:
    """Every field of the hand-written file comes back with the same value (ids lowercased, 360° as 0)."""
    problems: list[str] = []
    if isinstance(given, dict):
        for k, v in given.items():
            if not isinstance(written, dict) or k not in written:
                problems.append(f"{path}.{k} missing")
            elif k == "extra":
                if json.dumps(v, sort_keys=True) != json.dumps(written[k], sort_keys=True):
                    problems.append(f"{path}.extra changed: {written[k]!r}")
            else:
                problems += subset(v, written[k], f"{path}.{k}")
    elif isinstance(given, list):
        if not isinstance(written, list) or len(given) != len(written):
            return [f"{path}: {written!r}"]
        if given and isinstance(given[0], dict) and "id" in given[0]:
            by_id = {w["id"]: w for w in written}
            for g in given:
                problems += subset(g, by_id.get(g["id"].lower()), f"{path}[{g['id'][:8]}]")
        else:
            for i, (g, w) in enumerate(zip(given, written, strict=True)):
                problems += subset(g, w, f"{path}[{i}]")
    elif isinstance(given, str) and re.fullmatch(r"[0-9A-Fa-f-]{36}", given):
        if written != given.lower():
            problems.append(f"{path}: {written!r}")
    elif isinstance(given, str) and re.match(r"\d{4}-\d\d-\d\dT", given):
        a = dt.datetime.fromisoformat(given.replace("Z", "+00:00"))
        b = dt.datetime.fromisoformat(written)
        if a != b or a.utcoffset() != b.utcoffset():
            problems.append(f"{path}: {given} came back as {written}")
    elif path.endswith("angle_deg"):
        if written != given % 360:
            problems.append(f"{path}: {given} came back as {written}")
    elif given != written or type(given) is not type(written):
        if not (isinstance(given, int) and isinstance(written, float) and given == written):
            problems.append(f"{path}: {given!r} came back as {written!r}")
    return problems


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("build", [sudan, northern_ireland, lebanon, burundi_aceh, lambda: EMPTY])
def test_round_trip_keeps_every_field_and_the_same_bytes(
    build: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    given = build()
    wf = imported(tmp_path, given, capsys)
    assert main("check", str(wf), capsys=capsys)[0] == 0
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    assert main("export", str(wf), "--json", str(first), capsys=capsys)[0] == 0
    assert main("export", str(wf), "--json", str(second), capsys=capsys)[0] == 0
    assert first.read_bytes() == second.read_bytes()
    written = json.loads(first.read_bytes())
    assert subset(given, written) == []
    assert "audience" not in written
    for session in written["sessions"]:  # entries by time, then id
        keys = [(dt.datetime.fromisoformat(e["at"]), e["id"]) for e in session["entries"]]
        assert keys == sorted(keys)
    again = imported(tmp_path, written, capsys, name="again")
    third = tmp_path / "3.json"
    assert main("export", str(again), "--json", str(third), capsys=capsys)[0] == 0
    assert third.read_bytes() == first.read_bytes()


# --------------------------------------------------------------------------- audiences


@pytest.fixture(scope="module")
def sudan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sudan")
    src = write_json(folder / "sudan.json", sudan())
    dest = folder / "sudan.multitrack"
    assert cli.main(["import", str(src), str(dest)]) == 0
    return dest


@pytest.mark.parametrize("audience", ["shareable", "team"])
def test_redacted_exchange_file_withholds_everything_it_must(
    audience: str, sudan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = fingerprint(sudan_file)
    out = tmp_path / "r.json"
    code, _, err = main("export", str(sudan_file), "--json", str(out), "--audience", audience, capsys=capsys)
    assert code == 0, err
    assert fingerprint(sudan_file) == before
    text = out.read_text(encoding="utf-8")
    leaks = [s for s in SUDAN_WITHHELD[audience] if standalone(text, s)]
    assert leaks == []
    missing = [s for s in SUDAN_SHOWN[audience] if s not in text]
    assert missing == []
    value = json.loads(text)
    assert list(value)[:3] == ["format", "format_version", "audience"]
    expected = {"shareable": 15, "team": 7}[audience]  # counted by hand from rules 1-3
    assert value["audience"] == {"name": audience, "withheld": expected}
    assert '"extra"' not in text
    assert all(a["contact"] == "" for a in value["actors"])
    doc = read_document(out.read_bytes())  # a valid exchange file again
    assert doc.workshop.title == "Sudan: Machakos track 1.5 support"
    machakos = next(s for s in value["sessions"] if s["id"] == S1)
    assert all(e["speaker"] is None for e in machakos["entries"])  # Chatham House: no speakers
    if audience == "shareable":
        assert [p["name"] for p in machakos["participants"]] == [
            "Participant 1",
            "Participant 2",
            "Participant 3",
        ]
        assert [(p["present"], p["gender"]) for p in machakos["participants"]] == [
            (True, "man"),
            (True, "man"),
            (False, "woman"),
        ]
        assert all(e["about"] == [] for e in machakos["entries"])
        assert all(a["owner"] is None for a in machakos["actions"])
    offrec = next(s for s in value["sessions"] if s["id"] == S2)
    assert (
        offrec["location"],
        offrec["participants"],
        offrec["agenda"],
        offrec["entries"],
        offrec["actions"],
    ) == (
        "",
        [],
        [],
        [],
        [],
    )
    assert [s["id"] for s in value["snapshots"]] == [u("sn1"), u("sn2")]


def test_names_are_withheld_in_every_case_and_script(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for build, gone, shown in [
        (
            northern_ireland,
            ["Sinn Féin", "Sinn Fein", "SF", "Поддержка мира Ирландии", "ПОДДЕРЖКА"],
            ["Party S"],
        ),
        (lebanon, ["حَرَكة أَمَل", "Amal Movement", "حزب الله"], ["الطرف ب"]),
    ]:
        wf = imported(tmp_path, build(), capsys, name=build.__name__)
        out = tmp_path / f"{build.__name__}.shareable.json"
        assert main("export", str(wf), "--json", str(out), "--audience", "shareable", capsys=capsys)[0] == 0
        text = out.read_text(encoding="utf-8")
        assert [s for s in gone if standalone(text, s)] == []
        assert all(s in text for s in shown)
        read_document(out.read_bytes())


# --------------------------------------------------------------------------- PDF


def _pdf_text(path: Path) -> tuple[str, str]:
    """(text of every page, the metadata and outline)."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    pages = "\n".join(page.extract_text() or "" for page in reader.pages)

    def titles(items: Any) -> list[str]:
        out: list[str] = []
        for item in items:
            out += titles(item) if isinstance(item, list) else [item.title]
        return out

    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    return pages, meta + " " + " ".join(titles(reader.outline))


@pytest.mark.parametrize("audience", ["shareable", "team"])
def test_pdf_withholds_in_pages_metadata_and_outline(
    audience: str, sudan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "s.pdf"
    code, _, err = main("export", str(sudan_file), "--pdf", str(out), "--audience", audience, capsys=capsys)
    assert code == 0, err
    pages, meta = _pdf_text(out)
    pages = unicodedata.normalize("NFKC", pages)
    for where in (pages, meta):
        assert [s for s in SUDAN_WITHHELD[audience] if standalone(where, s)] == []
    assert audience in pages.lower()
    assert "Machakos" in pages


def test_pdf_arabic_is_extractable_in_logical_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wf = imported(tmp_path, lebanon(), capsys)
    out = tmp_path / "lb.pdf"
    assert main("export", str(wf), "--pdf", str(out), "--audience", "team", capsys=capsys)[0] == 0
    pages, meta = _pdf_text(out)
    # the glyphs are Arabic presentation forms: NFKC gives back the letters, in reading order
    pages = unicodedata.normalize("NFKC", pages)
    for phrase in ["جلسة الطائف الأولى", "قال الوفد إن الإصلاح ضروري", "الحِوار بين حَرَكة أَمَل والحكومة"]:
        assert phrase in pages, phrase
    assert "لبنان: حوار الطائف" in meta


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize(
    ("build", "query", "record"),
    [
        (sudan, "عدالة", E[1]),
        (sudan, "الرحمن", A["cmd"]),  # without its vowel marks
        (sudan, "concordis", E[4]),
        (northern_ireland, "поддержка", u("ni-irl")),
        (northern_ireland, "sinn fein", u("ni-sf")),
        (burundi_aceh, "cartographie", u("bi-e1")),
        (burundi_aceh, "réseau", u("bi-a3")),
        (burundi_aceh, "Gerakan", u("bi-a2")),
        (lebanon, "الطائف", u("lbs-1")),
    ],
)
def test_search_finds_a_word_of_every_script(
    build: Any, query: str, record: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wf = imported(tmp_path, build(), capsys)
    code, out, _ = main("search", str(wf), query, capsys=capsys)
    assert code == 0
    assert record in [line.split("\t")[1] for line in out.splitlines()]
    assert main("search", str(wf), "zzznomatch", capsys=capsys)[:2] == (0, "")


# --------------------------------------------------------------------------- refusals of bad exchange files


def _broken(change: Any) -> bytes:
    value = sudan()
    change(value)
    return json.dumps(value, ensure_ascii=False).encode()


def _raw(body: str) -> bytes:
    head = '{"format":"multitrack-workshop","format_version":1,"workshop":{"id":"' + u("x") + '",'
    return (head + body + "}}").encode()


def _actor(i: int, **fields: Any) -> Any:
    return lambda v: v["actors"][i].update(fields)


REFUSED: list[tuple[str, bytes, str]] = [
    ("unknown field", _broken(_actor(1, nmae="x")), "actors[1].nmae"),
    ("unknown participant field", _broken(lambda v: v["sessions"][0]["participants"][0].update(x=1)),
     "sessions[0].participants[0].x"),
    ("duplicate key", _raw('"title":"a","title":"b"'), "workshop.title"),
    ("NaN", _raw('"title":"a","extra":{"x":NaN}'), "workshop.extra.x"),
    ("lone surrogate", _raw('"title":"a\\ud800b"'), "workshop.title"),
    ("naive datetime", _broken(lambda v: v["sessions"][0].update(starts_at="2002-07-12T09:30:00")),
     "sessions[0].starts_at"),
    ("offset minutes 60", _broken(lambda v: v["sessions"][0].update(starts_at="2002-07-12T09:30:00+05:60")),
     "sessions[0].starts_at"),
    ("year 1 before UTC", _broken(lambda v: v["sessions"][3].update(starts_at="0001-01-01T00:00:00+05:00")),
     "sessions[3].starts_at"),
    ("year 9999 after UTC", _broken(lambda v: v["snapshots"][1].update(taken_at="9999-12-31T23:59:59-05:00")),
     "snapshots[1].taken_at"),
    ("dangling reference", _broken(lambda v: v["links"][0].update(target=u("nobody"))), "links[0].target"),
    ("wrong kind", _broken(lambda v: v["sessions"][0]["entries"][0].update(speaker=v["links"][0]["id"])),
     "sessions[0].entries[0].speaker"),
    ("duplicate id in another case", _broken(lambda v: v["links"][0].update(id=A["spla"].upper())), "links[0].id"),
    ("influence 6", _broken(_actor(1, influence=6)), "actors[1].influence"),
    ("placement in another track", _broken(lambda v: v["actors"][1]["placement"].update(angle_deg=22.4999)),
     "actors[1].placement"),
    ("track 9 at radius 0.3", _broken(lambda v: v["actors"][3]["placement"].update(radius=0.3)),
     "actors[3].placement"),
    ("name of 301", _broken(_actor(1, name="x" * 301)), "actors[1].name"),
    ("entry text of 100,001", _broken(lambda v: v["sessions"][0]["entries"][0].update(text="a" * 100_001)),
     "sessions[0].entries[0].text"),
    ("anonymised without alias", _broken(_actor(4, alias=None)), "actors[4].alias"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "data", "path"), REFUSED, ids=[c[0] for c in REFUSED])
def test_bad_exchange_files_are_refused_naming_the_path(case: str, data: bytes, path: str) -> None:
    with pytest.raises(ExchangeError) as info:
        read_document(data)
    message = str(info.value)
    assert path in message
    assert "timedelta" not in message and "Traceback" not in message


def test_messages_stay_short_for_absurd_values() -> None:
    with pytest.raises(ExchangeError) as info:
        read_document(_broken(_actor(1, influence=10**400)))
    assert len(str(info.value)) < 200
    with pytest.raises(ExchangeError) as info:
        read_document(_broken(lambda v: v["sessions"][0].update(starts_at="2002-07-12T09:30:00+25:00")))
    assert "24 hours" in str(info.value) and "timedelta" not in str(info.value)


def test_a_refused_import_leaves_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "bad.json"
    src.write_bytes(_broken(_actor(1, influence=6)))
    code, _, err = main("import", str(src), str(tmp_path / "out.multitrack"), capsys=capsys)
    assert code == 1 and "actors[1].influence" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


# --------------------------------------------------------------------------- wrong files, wrong paths


def test_an_exchange_file_given_as_a_workshop_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_json(tmp_path / "w.json", sudan())
    before = fingerprint(src)
    for args in (
        ["check", str(src)],
        ["search", str(src), "Sudan"],
        ["export", str(src), "--json", str(tmp_path / "o.json")],
        ["export", str(src), "--pdf", str(tmp_path / "o.pdf")],
        ["encrypt", str(src)],
        ["decrypt", str(src)],
        [str(src), "--screenshot", str(tmp_path / "o.png")],
    ):
        code, _, err = main(*args, capsys=capsys)
        assert code == 1, args
        assert "exchange file" in err and "multitrack import" in err and "Traceback" not in err
        assert "passphrase" not in err
    assert fingerprint(src) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.json"]


def test_a_workshop_given_as_an_exchange_file_is_named_as_such(
    sudan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = main("import", str(sudan_file), str(tmp_path / "x.multitrack"), capsys=capsys)
    assert code == 1
    assert "is a workshop file, not an exchange file" in err and "UTF-8" not in err
    assert not (tmp_path / "x.multitrack").exists()


def test_no_output_ever_replaces_the_workshop_it_reads(
    sudan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wf = tmp_path / "w.multitrack"
    wf.write_bytes(sudan_file.read_bytes())
    before = fingerprint(wf)
    alias = tmp_path / "sub" / ".." / "w.multitrack"
    (tmp_path / "sub").mkdir()
    for args in (
        ["export", str(wf), "--pdf", str(wf)],
        ["export", str(wf), "--pdf", str(alias), "--audience", "team"],
        ["export", str(wf), "--json", str(alias), "--audience", "shareable"],
        [str(wf), "--screenshot", str(alias)],
    ):
        code, _, err = main(*args, capsys=capsys)
        assert code == 1, (args, err)
        assert "choose another name" in err
        assert fingerprint(wf) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sub", "w.multitrack"]


def test_damaged_foreign_and_newer_files_are_refused_unchanged(
    sudan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    data = sudan_file.read_bytes()
    truncated = tmp_path / "truncated.multitrack"
    truncated.write_bytes(data[: len(data) // 3])
    noise = tmp_path / "noise.multitrack"
    noise.write_bytes(bytes(range(256)) * 40)
    newer = tmp_path / "newer.multitrack"
    newer.write_bytes(data)
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    for path in (truncated, noise, newer):
        before = fingerprint(path)
        for args in (
            ["check", str(path)],
            ["search", str(path), "Sudan"],
            ["export", str(path), "--json", str(tmp_path / "o.json")],
            ["export", str(path), "--pdf", str(tmp_path / "o.pdf")],
        ):
            code, out, err = main(*args, capsys=capsys)
            assert code == 1, (args, err)
            assert err.strip() and "Traceback" not in err and len(err.strip().splitlines()) == 1
            assert fingerprint(path) == before
        assert not (tmp_path / "o.json").exists() and not (tmp_path / "o.pdf").exists()
    code, _, err = main("check", str(newer), capsys=capsys)
    assert "newer version" in err


def test_output_into_a_missing_folder_is_refused_in_one_sentence(
    sudan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no" / "such"
    for args in (
        ["export", str(sudan_file), "--json", str(missing / "o.json")],
        ["export", str(sudan_file), "--pdf", str(missing / "o.pdf")],
        ["import", str(write_json(tmp_path / "e.json", EMPTY)), str(missing / "o.multitrack")],
    ):
        code, _, err = main(*args, capsys=capsys)
        assert code == 1 and str(missing) in err and "Traceback" not in err
    assert not (tmp_path / "no").exists()


# --------------------------------------------------------------------------- the real executable


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "multitrack_desktop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_end_to_end_import_pdf_onto_itself_and_screenshot(tmp_path: Path) -> None:
    src = write_json(tmp_path / "ni.json", northern_ireland())
    wf = tmp_path / "ni.multitrack"
    r = _run("import", str(src), str(wf))
    assert r.returncode == 0, r.stderr
    before = fingerprint(wf)
    r = _run("export", str(wf), "--pdf", str(wf))
    assert r.returncode == 1 and "choose another name" in r.stderr and "Traceback" not in r.stderr
    assert fingerprint(wf) == before
    png = tmp_path / "ni.png"
    r = _run(str(wf), "--screenshot", str(png), "--size", "800x600")
    assert r.returncode == 0, r.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert fingerprint(wf) == before
    r = _run("check", str(src))
    assert r.returncode == 1 and "exchange file" in r.stderr


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE actors SET also_known_as = '[1, 2]' WHERE name = 'SPLM/A'",
        "UPDATE sessions SET starts_at = 'garbage'",
        "DELETE FROM actors WHERE name = 'SPLM/A'",  # foreign keys are off in a plain sqlite3 session
    ],
    ids=["not text", "not a datetime", "dangling references"],
)
def test_a_file_damaged_by_another_tool_is_refused_in_a_sentence(
    sql: str, sudan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    wf = tmp_path / "damaged.multitrack"
    wf.write_bytes(sudan_file.read_bytes())
    conn = sqlite3.connect(wf)
    with conn:
        conn.execute(sql)
    conn.close()
    before = fingerprint(wf)
    code, _, err = main("check", str(wf), capsys=capsys)
    assert code == 1 and "problem" in err and "Traceback" not in err
    for args in (
        ["export", str(wf), "--json", str(tmp_path / "o.json")],
        ["export", str(wf), "--json", str(tmp_path / "o.json"), "--audience", "shareable"],
        ["export", str(wf), "--pdf", str(tmp_path / "o.pdf")],
        [str(wf), "--screenshot", str(tmp_path / "o.png")],
    ):
        code, _, err = main(*args, capsys=capsys)
        assert code == 1, (args, err)  # not 3: the file is damaged, the app is not
        assert "is damaged" in err and "Traceback" not in err
    assert fingerprint(wf) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["damaged.multitrack"]


@pytest.mark.parametrize(
    "tag", ["zh-Hant-TW", "es-419", "sr-Latn-RS", "de-CH-1996", "x-klingon", "i-default"]
)
def test_every_kind_of_bcp47_tag_is_a_language(tag: str) -> None:
    value = copy.deepcopy(EMPTY)
    value["workshop"]["language"] = tag
    assert read_document(json.dumps(value).encode()).workshop.language == tag


@pytest.mark.parametrize("audience", ["shareable", "team"])
@pytest.mark.parametrize("build", [sudan, northern_ireland, lebanon])
def test_a_redacted_file_redacted_again_for_its_audience_is_unchanged(
    build: Any, audience: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A colleague who passes on a shareable file as shareable again must not turn every alias into [withheld]."""
    wf = imported(tmp_path, build(), capsys)
    first = tmp_path / "first.json"
    assert main("export", str(wf), "--json", str(first), "--audience", audience, capsys=capsys)[0] == 0
    again = imported(tmp_path, json.loads(first.read_bytes()), capsys, name="again")
    second = tmp_path / "second.json"
    assert main("export", str(again), "--json", str(second), "--audience", audience, capsys=capsys)[0] == 0
    a, b = json.loads(first.read_bytes()), json.loads(second.read_bytes())
    assert b.pop("audience") == {"name": audience, "withheld": 0}
    a.pop("audience")
    assert a == b


def test_a_damaged_datetime_is_a_sentence_for_every_reading_command(tmp_path: Path) -> None:
    import sqlite3

    from multitrack_desktop.services import search as search_service
    from multitrack_desktop.storage.database import WorkshopFile as _WorkshopFile
    from multitrack_desktop.storage.errors import DamagedFile

    path = tmp_path / "damaged.multitrack"
    assert cli.main(["import", str(Path(__file__).parent / "data" / "example-workshop.json"), str(path)]) == 0
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE sessions SET starts_at = 'garbage'")
        conn.execute("UPDATE actions SET due = '2024-13-45' WHERE due IS NOT NULL")
    with _WorkshopFile.open(path, readonly=True) as wf:
        with pytest.raises(DamagedFile, match="'garbage' is stored where a date and time belongs"):
            search_service.search(wf, "a")
    for args in (
        ["check", str(path)],
        ["search", str(path), "a"],
        ["export", str(path), "--json", str(tmp_path / "o.json")],
    ):
        assert cli.main(args) == 1, args
    assert not (tmp_path / "o.json").exists()


def test_an_arabic_joiner_sequence_the_reshaper_trips_on_still_exports(tmp_path: Path) -> None:
    from pypdf import PdfReader

    data = json.loads((Path(__file__).parent / "data" / "example-workshop.json").read_text(encoding="utf-8"))
    data["actors"][0]["name"] = "مجلس لا\u200dلا"  # arabic_reshaper raises IndexError on this joiner
    source = tmp_path / "joiner.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    workshop, pdf = tmp_path / "joiner.multitrack", tmp_path / "joiner.pdf"
    assert cli.main(["import", str(source), str(workshop)]) == 0
    assert cli.main(["export", str(workshop), "--pdf", str(pdf), "--audience", "private"]) == 0
    text = unicodedata.normalize("NFKC", "".join(page.extract_text() for page in PdfReader(pdf).pages))
    assert "مجلس" in text
