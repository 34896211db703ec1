"""Generate the bundled demo workshop (``demo-workshop.json``), exchange format v1.

Why a generator: every id is a uuid5 of a readable key under one fixed namespace, so the file is
stable byte for byte, references can be written by key, and an edit here cannot leave a dangling id.
Run ``python resources/demo/make_demo.py`` to rewrite the JSON beside this script; the test suite
checks that the committed JSON is exactly this script's output.

Content: the Aceh peace process in 2005 as a facilitation team might have recorded it. The
background follows public facts; the team, its sessions, the quotes and every private person
(Interlocutor K among them) are invented for the demonstration.
"""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path
from typing import Any

NAMESPACE = uuid.UUID("6f1c0b8e-2b0a-5d4e-9a51-3c7d2e0f4a10")
OUTPUT = Path(__file__).with_name("demo-workshop.json")

ACEH = "+07:00"
HELSINKI_SUMMER = "+03:00"


def uid(key: str) -> str:
    """The id of the record called ``key`` (lowercase, hyphenated, as export writes ids)."""
    return str(uuid.uuid5(NAMESPACE, key))


def actor(
    key: str,
    name: str,
    *,
    kind: str,
    track: int | None,
    also_known_as: list[str] | None = None,
    alias: str | None = None,
    anonymise: bool = False,
    visibility: str = "shareable",
    also_tracks: list[int] | None = None,
    placement: tuple[float, float] | None = None,
    influence: int = 3,
    stance: str = "unknown",
    status: str = "active",
    description: str = "",
    contact: str = "",
    tags: list[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": uid("actor:" + key),
        "name": name,
        "also_known_as": also_known_as or [],
        "alias": alias,
        "anonymise": anonymise,
        "visibility": visibility,
        "kind": kind,
        "track": track,
        "also_tracks": also_tracks or [],
        "placement": None if placement is None else {"angle_deg": placement[0], "radius": placement[1]},
        "influence": influence,
        "stance": stance,
        "status": status,
        "description": description,
        "contact": contact,
        "tags": tags or [],
    }
    if extra is not None:
        record["extra"] = extra
    return record


def link(
    key: str,
    source: str,
    target: str,
    *,
    kind: str,
    directed: bool = False,
    strength: int = 2,
    note: str = "",
    visibility: str = "team",
) -> dict[str, Any]:
    return {
        "id": uid("link:" + key),
        "source": uid("actor:" + source),
        "target": uid("actor:" + target),
        "kind": kind,
        "directed": directed,
        "strength": strength,
        "note": note,
        "visibility": visibility,
    }


def participant(
    actor_key: str | None = None,
    *,
    name: str = "",
    role: str = "",
    present: bool = True,
    gender: str = "undisclosed",
) -> dict[str, Any]:
    return {
        "actor": None if actor_key is None else uid("actor:" + actor_key),
        "name": name,
        "role": role,
        "present": present,
        "gender": gender,
    }


def entry(
    key: str,
    at: str,
    kind: str,
    text: str,
    *,
    visibility: str,
    speaker: str | None = None,
    about: list[str] | None = None,
    author: str = "",
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": uid("entry:" + key),
        "at": at,
        "kind": kind,
        "text": text,
        "speaker": None if speaker is None else uid("actor:" + speaker),
        "about": [uid("actor:" + a) for a in about or []],
        "author": author,
        "visibility": visibility,
    }
    if extra is not None:
        record["extra"] = extra
    return record


def action(
    key: str,
    text: str,
    *,
    visibility: str,
    owner: str | None = None,
    due: str | None = None,
    status: str = "open",
    from_entry: str | None = None,
) -> dict[str, Any]:
    return {
        "id": uid("action:" + key),
        "text": text,
        "owner": None if owner is None else uid("actor:" + owner),
        "due": due,
        "status": status,
        "entry": None if from_entry is None else uid("entry:" + from_entry),
        "visibility": visibility,
    }


def session(
    key: str,
    title: str,
    *,
    starts_at: str,
    ends_at: str | None,
    location: str,
    format: str,
    rule: str,
    visibility: str,
    participants: list[dict[str, Any]],
    agenda: list[str],
    entries: list[dict[str, Any]],
    actions: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "id": uid("session:" + key),
        "title": title,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "location": location,
        "format": format,
        "rule": rule,
        "visibility": visibility,
        "participants": participants,
        "agenda": agenda,
        # Export order: by time, then id. Every entry here carries the same offset within its
        # session, so the string order of ``at`` is the order of the instants.
        "entries": sorted(entries, key=lambda e: (e["at"], e["id"])),
        "actions": actions,
    }


def placed(
    actor_key: str,
    track: int,
    angle: float,
    radius: float,
    influence: int | None = None,
    stance: str | None = None,
    status: str | None = None,
) -> dict[str, Any]:
    return {
        "actor": uid("actor:" + actor_key),
        "track": track,
        "angle_deg": angle,
        "radius": radius,
        "influence": influence,
        "stance": stance,
        "status": status,
    }


def was_linked(
    source: str, target: str, kind: str, directed: bool = False, strength: int = 2
) -> dict[str, Any]:
    return {
        "source": uid("actor:" + source),
        "target": uid("actor:" + target),
        "kind": kind,
        "directed": directed,
        "strength": strength,
    }


# --------------------------------------------------------------------------------------------
# The facilitation team (invented) and the workshop
# --------------------------------------------------------------------------------------------

HELENE = "Hélène V."
RIZAL = "Rizal M."
NURUL = "Nurul H."

WORKSHOP = {
    "id": uid("workshop"),
    "title": "Aceh 2005: channels around the Helsinki talks (demo)",
    "context": (
        "Demonstration workshop with illustrative content, bundled with Multitrack Desktop. "
        "The background follows public facts: the conflict between the Free Aceh Movement (GAM) and "
        "the Government of Indonesia; the Cessation of Hostilities Agreement of 9 December 2002, "
        "facilitated by the Henry Dunant Centre, which broke down in May 2003; the tsunami of "
        "26 December 2004; the talks in Helsinki facilitated by Crisis Management Initiative from "
        "January 2005, which led to the Memorandum of Understanding signed on 15 August 2005. "
        "The facilitation team, its sessions, the notes and quotes, and every private person named "
        "here (Interlocutor K among them) are invented. Purpose of the (fictional) work: keep civil "
        "society in Aceh informed and heard while the official talks run."
    ),
    "language": "en",
    "facilitators": [HELENE, RIZAL, NURUL],
    "created_at": "2005-01-24T10:00:00" + ACEH,
    "updated_at": "2005-09-21T09:30:00" + ACEH,
    "extra": {"source": "demo", "generator": "resources/demo/make_demo.py"},
}

# --------------------------------------------------------------------------------------------
# Actors: all nine tracks, four in the library (track null)
# --------------------------------------------------------------------------------------------

ACTORS = [
    # Track 1: government and the parties at the official table
    actor(
        "goi",
        "Government of Indonesia",
        also_known_as=["Pemerintah Republik Indonesia", "GoI"],
        kind="government",
        track=1,
        placement=(10.0, 0.88),
        influence=5,
        stance="supportive",
        description="Party to the Helsinki talks from January 2005, represented by a ministerial delegation.",
        tags=["party"],
    ),
    actor(
        "gam",
        "Free Aceh Movement",
        also_known_as=["Gerakan Aceh Merdeka", "GAM"],
        kind="armed_group",
        track=1,
        placement=(350.0, 0.85),
        influence=5,
        stance="supportive",
        description=(
            "Armed movement founded in 1976; its leadership lived in exile in Sweden for many years. "
            "Party to the Helsinki talks and signatory of the Memorandum of Understanding."
        ),
        tags=["party", "armed group"],
    ),
    actor(
        "tni",
        "Indonesian National Armed Forces",
        also_known_as=["Tentara Nasional Indonesia", "TNI"],
        kind="government",
        track=1,
        influence=4,
        stance="neutral",
        description="Under the MoU, troops from outside the province were to be relocated out of Aceh.",
        tags=["security"],
    ),
    actor(
        "interlocutor-k",
        "Khairuddin Ibrahim",
        also_known_as=["Chairuddin Ibrahim", "Teungku Khairuddin", "خير الدين إبراهيم"],
        alias="Interlocutor K",
        anonymise=True,
        kind="person",
        track=1,
        influence=2,
        stance="unknown",
        status="dormant",
        description=(
            "Fictional person for the demonstration: a former district-level commander who still "
            "carries weight with young men in his area. Spoken to only through a go-between."
        ),
        contact="Through the go-between only; never by phone.",
        tags=["former combatant", "sensitive"],
    ),
    actor(
        "amm",
        "Aceh Monitoring Mission",
        also_known_as=["AMM"],
        kind="other",
        track=1,
        influence=4,
        stance="supportive",
        description=(
            "Monitoring mission of the European Union together with ASEAN countries, deployed from "
            "15 September 2005 to monitor the implementation of the MoU."
        ),
        tags=["monitoring"],
    ),
    # Track 2: professional conflict resolution
    actor(
        "cmi",
        "Crisis Management Initiative",
        also_known_as=["CMI"],
        kind="organisation",
        track=2,
        placement=(48.0, 0.85),
        influence=4,
        stance="supportive",
        description="Finnish non-governmental organisation that facilitated the Helsinki talks in 2005.",
        tags=["facilitator"],
    ),
    actor(
        "ahtisaari",
        "Martti Ahtisaari",
        kind="person",
        track=2,
        also_tracks=[1],
        placement=(35.0, 0.62),
        influence=5,
        stance="supportive",
        description=(
            "Former President of Finland and founder of CMI; chaired the Helsinki talks. "
            'A "track 1.5" figure: an unofficial role with official weight.'
        ),
        tags=["facilitator", "track 1.5"],
    ),
    actor(
        "hdc",
        "Henry Dunant Centre for Humanitarian Dialogue",
        also_known_as=["HD Centre", "Centre for Humanitarian Dialogue"],
        kind="organisation",
        track=2,
        placement=(60.0, 0.5),
        influence=2,
        stance="neutral",
        status="withdrawn",
        description=(
            "Geneva-based; facilitated the Cessation of Hostilities Agreement of 9 December 2002. "
            "Its role in Aceh ended when the agreement broke down in May 2003."
        ),
        tags=["facilitator", "2002"],
    ),
    # Track 3: business
    actor(
        "kadin",
        "Chamber of Commerce and Industry, Aceh",
        also_known_as=["Kadin Aceh"],
        kind="organisation",
        track=3,
        placement=(95.0, 0.72),
        influence=3,
        stance="neutral",
        description="Provincial branch of the national chamber. Members want reconstruction contracts and calm roads.",
    ),
    actor(
        "go-between",
        "Lhokseumawe traders' go-between",
        kind="person",
        track=3,
        visibility="team",
        influence=2,
        stance="unknown",
        description="Fictional. Trades along the coast road and carries messages both ways; team eyes only.",
        contact="Through Rizal; no written contact.",
        tags=["channel"],
    ),
    # Track 4: private citizens
    actor(
        "panglima-laot",
        "Fishing communities of the west coast",
        also_known_as=["Panglima Laot"],
        kind="community",
        track=4,
        also_tracks=[3],
        placement=(140.0, 0.62),
        influence=2,
        stance="supportive",
        description=(
            "Represented by their customary sea leaders (Panglima Laot), who settle disputes among "
            "fishers. Many boats and villages were lost in the tsunami."
        ),
        tags=["customary", "tsunami"],
    ),
    actor(
        "camps",
        "Families in the temporary camps",
        kind="community",
        track=4,
        influence=1,
        stance="unknown",
        description="People displaced by the tsunami, and some earlier by the conflict. Hard to reach, tired of meetings.",
        tags=["tsunami"],
    ),
    actor(
        "retired-official",
        "Retired district official",
        kind="person",
        track=4,
        visibility="private",
        influence=2,
        stance="neutral",
        status="dormant",
        description="Fictional. Knows the security officers of his district from long service; asked us not to record him.",
        contact="Via the Banda Aceh office.",
    ),
    # Track 5: research, training and education
    actor(
        "unsyiah",
        "Syiah Kuala University",
        also_known_as=["Universitas Syiah Kuala", "Unsyiah"],
        kind="organisation",
        track=5,
        placement=(175.0, 0.78),
        influence=3,
        stance="supportive",
        description="Public university in Banda Aceh; lecturers help draft and translate the consultation notes.",
        tags=["university"],
    ),
    actor(
        "iain",
        "IAIN Ar-Raniry",
        also_known_as=["State Institute for Islamic Studies Ar-Raniry"],
        kind="organisation",
        track=5,
        also_tracks=[7],
        influence=2,
        stance="supportive",
        description="State Islamic institute in Banda Aceh; trains many of the province's religious teachers.",
        tags=["university"],
    ),
    # Track 6: activism
    actor(
        "women-network",
        "Women's peace network, Banda Aceh",
        kind="network",
        track=6,
        also_tracks=[4],
        placement=(220.0, 0.6),
        influence=3,
        stance="supportive",
        description="Illustrative network of women's groups working in the camps; co-organised the March consultation.",
        tags=["women", "camps"],
        extra={"source": "demo", "note": "illustrative network, not a real organisation"},
    ),
    actor(
        "rights-monitors",
        "Local human rights monitors",
        kind="organisation",
        track=6,
        influence=2,
        stance="supportive",
        description="Small NGOs documenting abuses from the conflict years; ask that the past is not forgotten.",
        tags=["human rights"],
    ),
    # Track 7: religion
    actor(
        "mpu",
        "Majelis Permusyawaratan Ulama Aceh",
        also_known_as=["مجلس شورى العلماء", "MPU Aceh"],
        kind="organisation",
        track=7,
        placement=(265.0, 0.82),
        influence=4,
        stance="neutral",
        description="Provincial council of ulama; a respected voice in public life.",
        tags=["ulama"],
    ),
    actor(
        "dayah-network",
        "Dayah teachers' network, North Aceh",
        kind="network",
        track=7,
        influence=3,
        stance="supportive",
        description="Teachers of the traditional boarding schools (dayah); close to the villages.",
        tags=["ulama", "dayah"],
    ),
    actor(
        "teungku-abdullah",
        "Teungku Abdullah",
        kind="person",
        track=7,
        placement=(285.0, 0.5),
        influence=3,
        stance="supportive",
        description="Fictional dayah leader near Bireuen; opens meetings with a prayer and keeps people at the table.",
        tags=["ulama", "dayah"],
    ),
    # Track 8: funding
    actor(
        "ec",
        "European Commission",
        kind="government",
        track=8,
        placement=(318.0, 0.75),
        influence=4,
        stance="supportive",
        description="Supported the facilitation of the Helsinki talks; the EU later led the monitoring mission.",
        tags=["donor"],
    ),
    actor(
        "mdf",
        "Multi Donor Fund for Aceh and Nias",
        also_known_as=["MDF"],
        kind="organisation",
        track=8,
        influence=3,
        stance="neutral",
        description="Pooled reconstruction fund set up after the tsunami.",
        tags=["donor", "tsunami"],
    ),
    # Track 9: communications and the media
    actor(
        "serambi",
        "Serambi Indonesia",
        kind="organisation",
        track=9,
        placement=(150.0, 0.18),
        influence=3,
        stance="neutral",
        description="Daily newspaper based in Banda Aceh; hit hard by the tsunami.",
        tags=["press"],
    ),
    actor(
        "camp-radio",
        "Community radio in the camps",
        kind="network",
        track=9,
        influence=2,
        stance="supportive",
        description="Volunteers broadcasting notices and call-in programmes in Acehnese and Indonesian.",
        tags=["radio", "camps"],
    ),
    actor(
        "correspondent",
        "Анна К.",
        kind="person",
        track=9,
        influence=1,
        stance="neutral",
        status="withdrawn",
        description="Illustrative: a visiting Russian-language correspondent who left after the September briefing.",
        tags=["press", "illustrative"],
    ),
    # The library: known, not yet placed on the circle
    actor(
        "militias",
        "Anti-separatist militia groups",
        kind="armed_group",
        track=None,
        influence=2,
        stance="opposed",
        status="dormant",
        description="Reported in parts of the interior; quiet for now, a risk for implementation.",
        tags=["security", "risk"],
    ),
    actor(
        "dpr-critics",
        "Parliamentarians critical of the talks",
        kind="government",
        track=None,
        influence=3,
        stance="opposed",
        description="Some members of the national parliament objected to holding the talks abroad.",
    ),
    actor(
        "diaspora-my",
        "Acehnese community in Malaysia",
        kind="community",
        track=None,
        influence=2,
        stance="unknown",
        description="Large, mixed community of workers and refugees; follows the talks closely.",
        tags=["diaspora"],
    ),
    actor(
        "ex-combatants",
        "Former combatants returning home",
        kind="community",
        track=None,
        influence=2,
        stance="unknown",
        description="Men coming back to their villages after the MoU; want land, work and respect.",
        tags=["reintegration"],
    ),
]

# --------------------------------------------------------------------------------------------
# Links: every kind, both directions of drawing, all strengths and visibilities
# --------------------------------------------------------------------------------------------

LINKS = [
    link(
        "goi-gam",
        "goi",
        "gam",
        kind="tension",
        strength=3,
        visibility="shareable",
        note="Three decades of conflict; both at the Helsinki table from January 2005.",
    ),
    link("cmi-goi", "cmi", "goi", kind="communication", strength=3, visibility="shareable"),
    link("cmi-gam", "cmi", "gam", kind="communication", strength=3, visibility="shareable"),
    link("ahtisaari-cmi", "ahtisaari", "cmi", kind="cooperation", strength=3, visibility="shareable"),
    link(
        "ec-cmi",
        "ec",
        "cmi",
        kind="funding",
        directed=True,
        strength=2,
        visibility="shareable",
        note="Support for the facilitation (public record).",
    ),
    link(
        "hdc-gam",
        "hdc",
        "gam",
        kind="broken",
        strength=1,
        visibility="shareable",
        note="Channel of the 2002 agreement; closed after it broke down in May 2003.",
    ),
    link("tni-gam", "tni", "gam", kind="tension", strength=3, visibility="shareable"),
    link(
        "dpr-goi",
        "dpr-critics",
        "goi",
        kind="influence",
        directed=True,
        strength=2,
        visibility="shareable",
        note="Public criticism in Jakarta of talks held abroad.",
    ),
    link("amm-gam", "amm", "gam", kind="communication", strength=2, visibility="shareable"),
    link("amm-tni", "amm", "tni", kind="communication", strength=2, visibility="shareable"),
    link(
        "radio-camps",
        "camp-radio",
        "camps",
        kind="communication",
        directed=True,
        strength=2,
        visibility="shareable",
        note="Daily notices; the most trusted source in the camps.",
    ),
    link(
        "mdf-fishers",
        "mdf",
        "panglima-laot",
        kind="funding",
        directed=True,
        strength=1,
        visibility="team",
        note="Boats and landing sites; slow to arrive.",
    ),
    link("mpu-dayah", "mpu", "dayah-network", kind="influence", directed=True, strength=2, visibility="team"),
    link(
        "women-mpu",
        "women-network",
        "mpu",
        kind="cooperation",
        strength=2,
        visibility="team",
        note="Joint visits to the camps since February.",
    ),
    link("unsyiah-women", "unsyiah", "women-network", kind="cooperation", strength=2, visibility="team"),
    link("iain-dayah", "iain", "dayah-network", kind="cooperation", strength=2, visibility="team"),
    link("kadin-fishers", "kadin", "panglima-laot", kind="cooperation", strength=1, visibility="team"),
    link(
        "militias-women",
        "militias",
        "women-network",
        kind="tension",
        strength=2,
        visibility="team",
        note="Threats reported in one district in 2004; none since the tsunami.",
    ),
    link("k-gam", "interlocutor-k", "gam", kind="communication", strength=2, visibility="team"),
    link(
        "diaspora-gam",
        "diaspora-my",
        "gam",
        kind="funding",
        directed=True,
        strength=1,
        visibility="team",
        note="Often mentioned, never confirmed; do not repeat outside the team.",
    ),
    link(
        "correspondent-serambi",
        "correspondent",
        "serambi",
        kind="communication",
        strength=1,
        visibility="shareable",
    ),
    link(
        "abdullah-k",
        "teungku-abdullah",
        "interlocutor-k",
        kind="influence",
        directed=True,
        strength=1,
        visibility="private",
        note="Family ties; he listens to the Teungku more than to anyone else.",
    ),
    link(
        "go-between-k", "go-between", "interlocutor-k", kind="communication", strength=1, visibility="private"
    ),
    link(
        "retired-tni",
        "retired-official",
        "tni",
        kind="communication",
        strength=1,
        visibility="private",
        note="Old colleagues; could help if a local incident needs calming.",
    ),
]

# --------------------------------------------------------------------------------------------
# Sessions: every format, rule and visibility
# --------------------------------------------------------------------------------------------

S1 = session(
    "prep-feb",
    "Réunion de préparation à Banda Aceh",
    starts_at="2005-02-03T08:30:00" + ACEH,
    ends_at="2005-02-03T12:00:00" + ACEH,
    location="Bureau de l'équipe, Banda Aceh",
    format="internal",
    rule="off_the_record",
    visibility="team",
    participants=[
        participant(name=HELENE, role="facilitatrice principale", gender="woman"),
        participant(name=RIZAL, role="co-facilitator", gender="man"),
        participant(name=NURUL, role="logistics (in Meulaboh that day)", present=False, gender="woman"),
    ],
    agenda=[
        "Point sur la situation après le tsunami",
        "Qui inviter à la consultation de mars ?",
        "Règles de confidentialité pour l'équipe",
    ],
    entries=[
        entry(
            "prep-situation",
            "2005-02-03T08:45:00" + ACEH,
            "note",
            "Situation : l'aide d'urgence arrive surtout par la côte ouest. Plusieurs de nos partenaires "
            "ont perdu des proches ; on commence doucement et on ne presse personne.",
            visibility="team",
            author=HELENE,
        ),
        entry(
            "prep-rule",
            "2005-02-03T09:30:00" + ACEH,
            "decision",
            "La consultation de mars se tiendra sous la règle de Chatham House ; la liste des "
            "participants reste dans l'équipe.",
            visibility="team",
            about=["women-network", "mpu"],
            author=HELENE,
        ),
        entry(
            "prep-invite",
            "2005-02-03T10:00:00" + ACEH,
            "action",
            "Demander au réseau des femmes de co-organiser la consultation et de faire passer "
            "l'invitation dans les camps.",
            visibility="team",
            about=["women-network"],
            author=RIZAL,
        ),
        entry(
            "prep-k",
            "2005-02-03T10:30:00" + ACEH,
            "question",
            "Faut-il déjà approcher KHAIRUDDIN IBRAHIM par l'intermédiaire du commerçant, "
            "ou est-ce trop tôt ?",
            visibility="private",
            about=["interlocutor-k", "go-between"],
            author=HELENE,
        ),
        entry(
            "prep-leak",
            "2005-02-03T11:15:00" + ACEH,
            "risk",
            "Si la liste des invités circule, des participants des camps pourraient subir des "
            "pressions dans leur village.",
            visibility="team",
            author=RIZAL,
        ),
    ],
    actions=[
        action(
            "invite-women",
            "Women's network co-organises and carries the invitation to the camps",
            owner="women-network",
            due="2005-02-20",
            status="done",
            from_entry="prep-invite",
            visibility="team",
        ),
        action(
            "book-room",
            "Book a neutral room: no government building, no mosque",
            due="2005-02-25",
            status="done",
            visibility="team",
        ),
    ],
)

S2 = session(
    "consultation-mar",
    "Civil society consultation: hopes for the Helsinki talks",
    starts_at="2005-03-10T09:00:00" + ACEH,
    ends_at="2005-03-10T16:30:00" + ACEH,
    location="Guesthouse meeting room, Banda Aceh",
    format="multitrack",
    rule="chatham_house",
    visibility="shareable",
    participants=[
        participant("women-network", role="co-organiser", gender="woman"),
        participant("mpu", role="member of the council", gender="man"),
        participant("teungku-abdullah", role="opening prayer", gender="man"),
        participant("unsyiah", role="lecturer, note-taker for the joint note", gender="woman"),
        participant("panglima-laot", role="sea leader", gender="man"),
        participant("rights-monitors", role="participant", gender="undisclosed"),
        participant("kadin", role="invited", present=False, gender="man"),
        participant(name="Student volunteer from a camp", role="participant", gender="other"),
        participant(name=HELENE, role="facilitator", gender="woman"),
    ],
    agenda=[
        "Welcome and ground rules (Chatham House, no photos)",
        "What the talks mean for the camps",
        "Mapping who talks to whom",
        "What we ask of the negotiators",
    ],
    entries=[
        entry(
            "mar-open",
            "2005-03-10T09:10:00" + ACEH,
            "note",
            "Opened with a minute of silence for those lost in the tsunami. Ground rules agreed: "
            "Chatham House, no photos, phones away.",
            visibility="shareable",
            author=RIZAL,
        ),
        entry(
            "mar-salam",
            "2005-03-10T09:20:00" + ACEH,
            "quote",
            "السلام عليكم. الصلح خير — reconciliation is better. Let us talk in that spirit today.",
            visibility="shareable",
            speaker="teungku-abdullah",
            author=RIZAL,
        ),
        entry(
            "mar-map",
            "2005-03-10T10:40:00" + ACEH,
            "note",
            "Mapping exercise: the group placed the ulama and the women's network close together; "
            'several said the chamber of commerce is "waiting to see". One participant remarked that '
            "chairuddin ibrahim's men still listen to the dayah teachers.",
            visibility="shareable",
            about=["mpu", "women-network", "kadin", "interlocutor-k"],
            author=HELENE,
        ),
        entry(
            "mar-question",
            "2005-03-10T11:30:00" + ACEH,
            "question",
            "Will people in the camps hear about the talks before decisions are made, or only afterwards?",
            visibility="shareable",
            speaker="women-network",
            author=HELENE,
        ),
        entry(
            "mar-decision",
            "2005-03-10T13:30:00" + ACEH,
            "decision",
            "The group will send a short joint note to the facilitators of the Helsinki talks, asking "
            "for attention to the camps and to the participation of women.",
            visibility="shareable",
            about=["cmi"],
            author=HELENE,
        ),
        entry(
            "mar-draft",
            "2005-03-10T14:15:00" + ACEH,
            "action",
            "Draft the joint note in Indonesian and English and circulate it for comment by 20 March.",
            visibility="shareable",
            author=HELENE,
        ),
        entry(
            "mar-risk",
            "2005-03-10T15:00:00" + ACEH,
            "risk",
            "Two participants worry that being seen here could be held against them at home. "
            "Keep the attendance list inside the team.",
            visibility="team",
            author=RIZAL,
        ),
        entry(
            "mar-tea",
            "2005-03-10T15:40:00" + ACEH,
            "note",
            'Over tea, a participant passed on greetings from Teungku khairuddin "in the hills". '
            "We did not take it up in the room.",
            visibility="private",
            about=["interlocutor-k"],
            author=HELENE,
            extra={"follow_up": "discuss with the go-between"},
        ),
    ],
    actions=[
        action(
            "joint-note",
            "Draft and circulate the joint note (Indonesian and English)",
            owner="unsyiah",
            due="2005-03-20",
            status="done",
            from_entry="mar-draft",
            visibility="shareable",
        ),
        action(
            "radio-announce",
            "Announce the next meeting on the camp radio",
            owner="camp-radio",
            due="2005-04-01",
            status="dropped",
            visibility="shareable",
        ),
        action(
            "check-k",
            "Ask the go-between whether the greetings were meant as an opening",
            owner="go-between",
            due="2005-04-15",
            status="done",
            visibility="private",
        ),
    ],
)

S3 = session(
    "helsinki-may",
    "Side conversation with delegation advisers, Helsinki",
    starts_at="2005-05-28T18:00:00" + HELSINKI_SUMMER,
    ends_at="2005-05-28T20:00:00" + HELSINKI_SUMMER,
    location="Helsinki, a quiet café near the harbour",
    format="track1.5",
    rule="chatham_house",
    visibility="team",
    participants=[
        participant(name="Adviser close to one delegation", role="guest", gender="man"),
        participant(name="Adviser close to the other delegation", role="guest", present=False, gender="man"),
        participant(name=HELENE, role="facilitator", gender="woman"),
    ],
    agenda=[
        "Handing over the civil society note",
        "What reaches the camps from the talks",
    ],
    entries=[
        entry(
            "may-note",
            "2005-05-28T18:15:00" + HELSINKI_SUMMER,
            "note",
            "The joint note from March was handed over; the adviser had already seen a copy and asked "
            "who else had it.",
            visibility="team",
            author=HELENE,
        ),
        entry(
            "may-quote",
            "2005-05-28T18:40:00" + HELSINKI_SUMMER,
            "quote",
            '"Nothing is agreed until everything is agreed. Until then, the less said at home the better."',
            visibility="team",
            author=HELENE,
        ),
        entry(
            "may-question",
            "2005-05-28T19:10:00" + HELSINKI_SUMMER,
            "question",
            "How will returning fighters be received in villages that lost half their people to the sea?",
            visibility="team",
            about=["ex-combatants", "camps"],
            author=HELENE,
        ),
        entry(
            "may-risk",
            "2005-05-28T19:40:00" + HELSINKI_SUMMER,
            "risk",
            "If the note is quoted in the press before the talks end, the adviser will stop meeting us.",
            visibility="private",
            about=["serambi"],
            author=HELENE,
        ),
    ],
    actions=[
        action(
            "may-brief",
            "Brief the women's network on what can and cannot be said",
            owner="women-network",
            due="2005-06-10",
            status="done",
            visibility="team",
        ),
    ],
)

S4 = session(
    "bireuen-aug",
    "Quiet conversation near Bireuen",
    starts_at="2005-08-24T16:00:00" + ACEH,
    ends_at="2005-08-24T17:30:00" + ACEH,
    location="A dayah compound near Bireuen",
    format="track2",
    rule="off_the_record",
    visibility="private",
    participants=[
        participant("interlocutor-k", role="guest", gender="man"),
        participant("teungku-abdullah", role="host", gender="man"),
        participant("go-between", role="arranged the meeting", present=False, gender="man"),
        participant(name=RIZAL, role="facilitator", gender="man"),
    ],
    agenda=["After the signing: what the men in his area expect"],
    entries=[
        entry(
            "aug-k",
            "2005-08-24T16:20:00" + ACEH,
            "note",
            "Khairuddin ibrahim came with two younger men and listened more than he spoke. He asked "
            "twice how land would be found for those who return.",
            visibility="private",
            speaker="interlocutor-k",
            about=["ex-combatants"],
            author=RIZAL,
        ),
        entry(
            "aug-quote",
            "2005-08-24T16:50:00" + ACEH,
            "quote",
            '"We signed for peace. Now the village has to see it."',
            visibility="private",
            speaker="interlocutor-k",
            author=RIZAL,
        ),
        entry(
            "aug-decision",
            "2005-08-24T17:10:00" + ACEH,
            "decision",
            "No further meeting until after the first weapons handover; contact only through the Teungku.",
            visibility="private",
            about=["teungku-abdullah"],
            author=RIZAL,
        ),
        entry(
            "aug-action",
            "2005-08-24T17:20:00" + ACEH,
            "action",
            "Find out which reintegration programmes will reach his district.",
            visibility="private",
            author=RIZAL,
        ),
    ],
    actions=[
        action(
            "aug-reintegration",
            "Map reintegration programmes reaching his district",
            owner="teungku-abdullah",
            due="2005-10-15",
            status="open",
            from_entry="aug-action",
            visibility="private",
        ),
    ],
)

S5 = session(
    "briefing-sep",
    "Public briefing: what the Memorandum of Understanding says",
    starts_at="2005-09-20T14:00:00" + ACEH,
    ends_at="2005-09-20T16:30:00" + ACEH,
    location="Community hall, Banda Aceh",
    format="track1",
    rule="open",
    visibility="shareable",
    participants=[
        participant("goi", role="provincial official, presenter", gender="man"),
        participant("amm", role="monitor, presenter", gender="woman"),
        participant("serambi", role="reporter", gender="woman"),
        participant("camp-radio", role="broadcast the briefing", gender="man"),
        participant("correspondent", role="visiting correspondent (illustrative)", gender="woman"),
        participant(name="Former combatant (asked not to be named)", role="audience", gender="man"),
        participant(name="Camp committee member", role="audience", gender="woman"),
        participant(name=NURUL, role="facilitator", gender="woman"),
    ],
    agenda=[
        "The MoU in plain words",
        "The monitoring mission: who they are and how to reach them",
        "Questions from the floor",
    ],
    entries=[
        entry(
            "sep-open",
            "2005-09-20T14:05:00" + ACEH,
            "note",
            "About two hundred people; the camp radio broadcast the whole briefing live.",
            visibility="shareable",
            author=NURUL,
        ),
        entry(
            "sep-amm",
            "2005-09-20T14:30:00" + ACEH,
            "quote",
            '"We are here to watch both sides keep their word, not to take sides."',
            visibility="shareable",
            speaker="amm",
            author=NURUL,
        ),
        entry(
            "sep-floor",
            "2005-09-20T15:10:00" + ACEH,
            "question",
            "From the floor: will KHAIRUDDIN IBRAHIM and other former commanders be consulted on the "
            "reintegration plans for their districts?",
            visibility="shareable",
            about=["interlocutor-k", "ex-combatants"],
            author=NURUL,
        ),
        entry(
            "sep-ru",
            "2005-09-20T15:25:00" + ACEH,
            "note",
            "Заметка наблюдателя (иллюстративно): зал полон, больше всего вопросов о сроках сдачи оружия "
            "и о земле для бывших комбатантов. (Observer's note, illustrative: the hall is full; most "
            "questions are about the timing of the weapons handover and land for former combatants.)",
            visibility="shareable",
            speaker="correspondent",
            author=NURUL,
        ),
        entry(
            "sep-decision",
            "2005-09-20T16:00:00" + ACEH,
            "decision",
            "A summary of the MoU in Acehnese will be read on the camp radio every Friday in October.",
            visibility="shareable",
            about=["camp-radio"],
            author=NURUL,
        ),
        entry(
            "sep-risk",
            "2005-09-20T16:20:00" + ACEH,
            "risk",
            "Expectations of land and compensation run far ahead of what the programmes can deliver.",
            visibility="team",
            about=["ex-combatants", "militias"],
            author=NURUL,
        ),
    ],
    actions=[
        action(
            "sep-summary",
            "Read the MoU summary in Acehnese on the camp radio every Friday in October",
            owner="camp-radio",
            due="2005-10-28",
            status="open",
            from_entry="sep-decision",
            visibility="shareable",
        ),
        action(
            "sep-contacts",
            "Print the monitoring mission's office hours for the camp notice boards",
            owner="amm",
            due="2005-09-30",
            status="open",
            visibility="shareable",
        ),
    ],
)

SESSIONS = [S1, S2, S3, S4, S5]

# --------------------------------------------------------------------------------------------
# Snapshots: the circle after the March consultation, and on the day of the signing
# --------------------------------------------------------------------------------------------

SNAPSHOTS = [
    {
        "id": uid("snapshot:march"),
        "session": uid("session:consultation-mar"),
        "taken_at": "2005-03-10T16:30:00" + ACEH,
        "label": "End of the March consultation",
        "placements": [
            placed("goi", 1, 10.0, 0.88, 5, "neutral", "active"),
            placed("gam", 1, 350.0, 0.85, 5, "neutral", "active"),
            placed("cmi", 2, 48.0, 0.85, 4, "supportive", "active"),
            placed("hdc", 2, 60.0, 0.5, 2, "neutral", "withdrawn"),
            placed("kadin", 3, 95.0, 0.72, 3, "unknown"),
            placed("panglima-laot", 4, 140.0, 0.62, 2, "supportive"),
            placed("unsyiah", 5, 175.0, 0.78),
            placed("women-network", 6, 220.0, 0.6, 2, "supportive", "active"),
            placed("mpu", 7, 265.0, 0.82, 4, "neutral"),
            placed("ec", 8, 318.0, 0.75, 4, "supportive"),
            placed("serambi", 9, 150.0, 0.18),
        ],
        "links": [
            was_linked("goi", "gam", "tension", strength=3),
            was_linked("cmi", "goi", "communication", strength=3),
            was_linked("cmi", "gam", "communication", strength=2),
            was_linked("hdc", "gam", "broken", strength=1),
            was_linked("women-network", "mpu", "cooperation", strength=1),
            was_linked("ec", "cmi", "funding", directed=True, strength=2),
        ],
    },
    {
        "id": uid("snapshot:signing"),
        "session": None,
        "taken_at": "2005-08-15T18:00:00" + HELSINKI_SUMMER,
        "label": "MoU signed in Helsinki, 15 August 2005",
        "placements": [
            placed("goi", 1, 10.0, 0.88, 5, "supportive", "active"),
            placed("gam", 1, 350.0, 0.85, 5, "supportive", "active"),
            placed("tni", 1, 2.0, 0.6, 4, "neutral", "active"),
            placed("cmi", 2, 48.0, 0.85, 4, "supportive"),
            placed("ahtisaari", 2, 35.0, 0.62, 5, "supportive", "active"),
            placed("women-network", 6, 220.0, 0.6, 3, "supportive", "active"),
            placed("mpu", 7, 265.0, 0.82, 4, "supportive"),
            placed("teungku-abdullah", 7, 285.0, 0.5),
            placed("serambi", 9, 150.0, 0.18, 3, "neutral"),
        ],
        "links": [
            was_linked("goi", "gam", "tension", strength=1),
            was_linked("goi", "gam", "communication", strength=3),
            was_linked("ahtisaari", "cmi", "cooperation", strength=3),
            was_linked("tni", "gam", "tension", strength=2),
            was_linked("women-network", "mpu", "cooperation", strength=2),
            was_linked("serambi", "goi", "influence", directed=True, strength=1),
        ],
    },
]


def build() -> dict[str, Any]:
    """The whole demo document as JSON-ready values."""
    return {
        "format": "multitrack-workshop",
        "format_version": 1,
        "workshop": WORKSHOP,
        "actors": ACTORS,
        "links": LINKS,
        "sessions": SESSIONS,
        "snapshots": SNAPSHOTS,
    }


def render() -> str:
    """The exact text of ``demo-workshop.json``."""
    return json.dumps(build(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render()
    if args == ["--check"]:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date; run {Path(__file__).name} to regenerate it.", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
