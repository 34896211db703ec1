"""PDF benchmark: the summary of a large workshop (200 sessions, 20,000 entries, 2,000 actors) per audience.

Prints one ``name=value`` line per figure (units in the names). For each audience: seconds to write the PDF
(``export_pdf``: the audience function, the map, tables, right-to-left handling, page numbers, outline), pages,
seconds per page, pages per second and the peak memory of the process that made it. The baseline, measured in the
same run on the same machine: plain ReportLab laying out the same entry texts (those the audience may see) as one
Paragraph each, in the same embedded font, with no map, tables, headers or outline; ``*_to_baseline_ratio`` is the
app's time over the baseline's (the issue aims within 2x for ``team``). ``*_cpu_s`` and ``*_cpu_ratio`` count the
CPU time of the process instead, which moves less when other work shares the machine (``load_average_1min``).
For the ``--breakdown`` audience, each section is also timed alone (cover plus that section), and Cancel is
pressed once while the sessions are built and once while pages are laid out (``*_cancel_*_latency_ms``: until the
exporter gave up, leaving no file). ``--latin-only`` takes the Arabic word out of the texts: the difference is what
right-to-left handling costs.

Each export runs in a forked child whose peak resident memory is reset when it starts (``clear_refs``), so the
peak is its own; ``*_rss_growth_mb`` is that peak minus the child's resident memory when it started (the workshop is already in memory, shared with the
parent). The workshop is built with ``benchmarks/storage.py``'s generator, given a realistic mix of visibilities,
rules, anonymised actors and action items, written to a workshop file and read back as the dialog reads it.

    .venv/bin/python benchmarks/pdf.py [--actors 2000 --links 5000 --sessions 200 --entries 20000]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import pickle
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pypdf  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from benchmarks.storage import make_document, uid  # noqa: E402
from multitrack_desktop.domain import model as m  # noqa: E402
from multitrack_desktop.domain.audience import redact  # noqa: E402
from multitrack_desktop.export import text as tx  # noqa: E402
from multitrack_desktop.export.pdf import SECTIONS, ExportCancelled, export_pdf  # noqa: E402
from multitrack_desktop.services.files import build_workshop_file  # noqa: E402
from multitrack_desktop.services.workshop import WorkshopService  # noqa: E402
from multitrack_desktop.storage.database import WorkshopFile  # noqa: E402

V = m.Visibility
ARABIC_WORD = "مفاوضات"  # one of benchmarks/storage.py's words: most entries hold it, so most need bidi


def latin_only(doc: m.WorkshopDocument) -> m.WorkshopDocument:
    """The same workshop with its one Arabic word in Latin letters: no text needs right-to-left handling."""

    def fix(s: str) -> str:
        return s.replace(ARABIC_WORD, "mufawadat")

    return dataclasses.replace(
        doc,
        actors=[dataclasses.replace(a, name=fix(a.name), description=fix(a.description)) for a in doc.actors],
        sessions=[
            dataclasses.replace(s, entries=[dataclasses.replace(e, text=fix(e.text)) for e in s.entries])
            for s in doc.sessions
        ],
    )


def realistic(doc: m.WorkshopDocument, seed: int = 11) -> m.WorkshopDocument:
    """The generator's workshop with what makes audiences differ: visibilities, rules, aliases, actions."""
    rnd = random.Random(seed)

    def vis(team: float, private: float) -> m.Visibility:
        x = rnd.random()
        return V.PRIVATE if x < private else V.TEAM if x < private + team else V.SHAREABLE

    actors = []
    for i, a in enumerate(doc.actors):
        anonymise = i % 40 == 3
        actors.append(
            dataclasses.replace(
                a,
                visibility=vis(0.05, 0.02),
                anonymise=anonymise,
                alias=f"Participant group {i}" if anonymise else a.alias,
                contact=f"actor{i}@example.org",
            )
        )
    links = [dataclasses.replace(x, visibility=vis(0.1, 0.03)) for x in doc.links]
    sessions = []
    for i, s in enumerate(doc.sessions):
        rule = m.Rule.OFF_THE_RECORD if i % 25 == 7 else m.Rule.CHATHAM_HOUSE if i % 5 == 1 else m.Rule.OPEN
        entries = [dataclasses.replace(e, visibility=vis(0.15, 0.05)) for e in s.entries]
        actions = [
            m.Action(
                id=uid(f"action-{i}", k),
                text=f"Follow up on point {k} of {s.title}",
                owner=actors[rnd.randrange(len(actors))].id,
                due=(s.starts_at + dt.timedelta(days=14)).date(),
                status=rnd.choice(list(m.ActionStatus)),
                visibility=vis(0.2, 0.05),
            )
            for k in range(5)
        ]
        participants = [
            m.Participant(
                actor=actor.id,
                role="delegate",
                present=rnd.random() < 0.9,
                gender=rnd.choice(list(m.Gender)),
            )
            for actor in rnd.sample(actors, 8)
        ]
        sessions.append(
            dataclasses.replace(
                s,
                rule=rule,
                visibility=V.TEAM if i % 20 == 9 else V.PRIVATE if i % 50 == 13 else V.SHAREABLE,
                location="Helsinki, Königstedt Manor",
                agenda=["Opening", "Security arrangements", "Next steps"],
                entries=entries,
                actions=actions,
                participants=participants,
            )
        )
    return dataclasses.replace(doc, actors=actors, links=links, sessions=sessions)


def baseline_pdf(texts: list[str], dest: Path) -> None:
    """Plain ReportLab: one Paragraph per entry text, same font, no map, tables, headers or outline."""
    tx.register_fonts()
    style = ParagraphStyle("body", fontName=tx.FONT, fontSize=9.5, leading=12.5, spaceAfter=3)
    story = [Paragraph(tx.markup(t), style) for t in texts]
    doc = SimpleDocTemplate(
        str(dest),
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=22 * mm,
        bottomMargin=18 * mm,
    )
    doc.build(story)


def in_child(
    fn: Callable[[Any], Any], prepare: Callable[[], Any] = lambda: None
) -> tuple[float, float, float, float, Any]:
    """Run ``fn(prepare())`` in a forked child: (seconds, CPU seconds, peak RSS in MB, RSS at start in MB, what
    ``fn`` returned), timing ``fn`` only.

    The parent holds only the workshop: everything else (redacting, reading PDFs back) happens in children, so
    no child starts on heap its parent freed. CPU seconds (user + system of the child) change less than wall
    seconds when other work shares the machine.
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_fd)
        status = 0
        try:
            ready = prepare()
            start_mb = _rss_mb()
            reset_peak = _reset_peak_rss()
            t0, c0 = time.perf_counter(), time.process_time()
            value = fn(ready)
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
            peak_mb = (
                _peak_rss_mb() if reset_peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            )
            os.write(write_fd, pickle.dumps((seconds, cpu, peak_mb, start_mb, value)))
        except BaseException as exc:  # noqa: BLE001 - reported by the parent
            os.write(write_fd, pickle.dumps(repr(exc)))
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    os.waitpid(pid, 0)
    result = pickle.loads(b"".join(chunks))
    if isinstance(result, str):
        raise RuntimeError(f"the child failed: {result}")
    return result


def shown_texts(doc: m.WorkshopDocument, audience: m.Visibility) -> list[str]:
    r = redact(doc, audience)
    return [e.text for s in r.document.sessions for e in s.entries]


def redaction_figures(doc: m.WorkshopDocument, audience: m.Visibility) -> tuple[int, int]:
    r = redact(doc, audience)
    return r.withheld.total, sum(len(s.entries) for s in r.document.sessions)


def page_count(path: Path) -> int:
    return in_child(lambda _: pages(path))[4]


def _reset_peak_rss() -> bool:
    """Forget the peak a forked child inherits from its parent (Linux 4.0+: ``5`` to ``clear_refs``)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _peak_rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def cancel_latency(doc: m.WorkshopDocument, audience: m.Visibility, dest: Path, delay: float) -> float | None:
    """Seconds from Cancel (pressed ``delay`` seconds into the export) until the exporter gave up (None: the
    export was done before)."""

    def cancelled() -> bool:
        return time.perf_counter() - start >= delay

    start = time.perf_counter()
    try:
        export_pdf(doc, dest, audience=audience, cancelled=cancelled)
    except ExportCancelled:
        assert not dest.exists()
        return time.perf_counter() - (start + delay)
    dest.unlink()
    return None


def pages(path: Path) -> int:
    return len(pypdf.PdfReader(str(path)).pages)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--actors", type=int, default=2000)
    ap.add_argument("--links", type=int, default=5000)
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--entries", type=int, default=20000)
    ap.add_argument("--audiences", default="shareable,team,private")
    ap.add_argument(
        "--breakdown",
        default="team",
        help="audiences whose sections are also timed one by one (cover plus one section); '' for none",
    )
    ap.add_argument(
        "--latin-only",
        action="store_true",
        help="no Arabic word in the texts (figures prefixed latin_): what right-to-left handling costs",
    )
    args = ap.parse_args()
    prefix = "latin_" if args.latin_only else ""

    folder = Path(tempfile.mkdtemp(prefix="multitrack-pdf-bench-"))
    path = folder / "large.multitrack"
    doc = realistic(make_document(args.actors, args.links, args.sessions, args.entries))
    if args.latin_only:
        doc = latin_only(doc)
    build_workshop_file(doc, path)
    from reportlab.lib import rl_accel

    # 1 when the rl-accel package (ReportLab's C helpers) is importable; the pure-Python fallbacks are slower
    print(f"reportlab_c_accelerator={int(type(rl_accel.fp_str).__name__ == 'builtin_function_or_method')}")
    print(f"cpus={os.cpu_count()}")
    print(f"load_average_1min_at_start={os.getloadavg()[0]:.2f}")  # other work on the machine skews seconds
    # what the Export dialog does on the UI thread before anything else
    t0 = time.perf_counter()
    with WorkshopFile.open(path, readonly=True) as wf:
        doc = WorkshopService(wf).document()
    print(f"{prefix}dialog_read_workshop_s={time.perf_counter() - t0:.3f}")
    print(f"workshop_actors={len(doc.actors)}")
    print(f"workshop_sessions={len(doc.sessions)}")
    print(f"workshop_entries={sum(len(s.entries) for s in doc.sessions)}")
    tx.register_fonts()

    for name in args.audiences.split(","):
        audience = V(name)
        r_seconds, _, _, _, (withheld, shown) = in_child(lambda _, a=audience: redaction_figures(doc, a))
        print(f"{prefix}{name}_redact_s={r_seconds:.3f}")
        print(f"{prefix}{name}_withheld_records={withheld}")
        print(f"{prefix}{name}_entries_shown={shown}")

        out = folder / f"{name}.pdf"
        seconds, cpu, peak, start, _ = in_child(
            lambda _, out=out, audience=audience: export_pdf(doc, out, audience=audience)
        )
        n = page_count(out)
        print(f"{prefix}{name}_pdf_s={seconds:.2f}")
        print(f"{prefix}{name}_pdf_cpu_s={cpu:.2f}")
        print(f"{prefix}{name}_pdf_pages={n}")
        print(f"{prefix}{name}_pdf_s_per_page={seconds / n:.4f}")
        print(f"{prefix}{name}_pdf_pages_per_s={n / seconds:.1f}")
        print(f"{prefix}{name}_pdf_size_mb={out.stat().st_size / 1e6:.2f}")
        print(f"{prefix}{name}_pdf_peak_rss_mb={peak:.0f}")
        print(f"{prefix}{name}_pdf_rss_growth_mb={peak - start:.0f}")

        base = folder / f"{name}-baseline.pdf"
        b_seconds, b_cpu, b_peak, b_start, _ = in_child(
            lambda texts, base=base: baseline_pdf(texts, base),
            prepare=lambda audience=audience: shown_texts(doc, audience),
        )
        bn = page_count(base)
        print(f"{prefix}{name}_baseline_s={b_seconds:.2f}")
        print(f"{prefix}{name}_baseline_cpu_s={b_cpu:.2f}")
        print(f"{prefix}{name}_baseline_pages={bn}")
        print(f"{prefix}{name}_baseline_s_per_page={b_seconds / bn:.4f}")
        print(f"{prefix}{name}_baseline_pages_per_s={bn / b_seconds:.1f}")
        print(f"{prefix}{name}_baseline_peak_rss_mb={b_peak:.0f}")
        print(f"{prefix}{name}_baseline_rss_growth_mb={b_peak - b_start:.0f}")
        print(f"{prefix}{name}_to_baseline_ratio={seconds / b_seconds:.2f}")
        print(f"{prefix}{name}_to_baseline_per_page_ratio={(seconds / n) / (b_seconds / bn):.2f}")
        print(f"{prefix}{name}_to_baseline_cpu_ratio={cpu / b_cpu:.2f}")
        print(f"{prefix}{name}_to_baseline_cpu_per_page_ratio={(cpu / n) / (b_cpu / bn):.2f}")
        sys.stdout.flush()

        if name not in args.breakdown.split(","):
            continue
        # Cancel pressed 1 s in (on the large workshop: while the sessions are built) and 60% of the way in
        for label, delay in (("after_1s", 1.0), ("at_60_percent", seconds * 0.6)):
            dest = folder / f"{name}-cancelled.pdf"
            latency = in_child(lambda _, a=audience, d=dest, t=delay: cancel_latency(doc, a, d, t))[4]
            if latency is not None:
                print(f"{prefix}{name}_cancel_{label}_latency_ms={latency * 1000:.0f}")
        # where the time goes: the cover alone, then each section with it
        for section in ("cover", *SECTIONS):
            chosen = [] if section == "cover" else [section]
            part = folder / f"{name}-{section}.pdf"
            p_seconds, p_cpu, _, _, _ = in_child(
                lambda _, part=part, chosen=chosen, audience=audience: export_pdf(
                    doc, part, audience=audience, sections=chosen
                )
            )
            print(f"{prefix}{name}_section_{section}_s={p_seconds:.2f}")
            print(f"{prefix}{name}_section_{section}_cpu_s={p_cpu:.2f}")
            print(f"{prefix}{name}_section_{section}_pages={page_count(part)}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
