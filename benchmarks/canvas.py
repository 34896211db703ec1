"""Canvas benchmark: the main window on a large workshop, beside bare Qt doing the same work.

Prints one ``name=value`` line per figure (the unit is in the name). Every baseline is
measured in the same run, on the same machine:

* first frame: process start to the first painted frame of the circle's viewport, for the
  window on the workshop file and for a bare QGraphicsView holding as many plain items
  (one ellipse per placed actor, one line per drawn link), each in a fresh process, the two
  taking turns, five of each after a warm-up, medians and their ratio (the target: within 2x);
* scene build: opening the file in the window (read + items), and the items alone;
* drag step: one mouse move on the viewport while an actor is held, then the repaint it
  causes (``processEvents`` until the viewport has painted), as p50/p95, with the held
  actor's links following it in their conflict-mapping marks (and the rest faded: the held
  actor is selected); the same moves on a bare view dragging one plain item among as many
  plain items, and on an empty scene;
* link marks: computing every link's marks, and painting them all once at the window's
  zoom, beside the same links painted as plain lines with one pen (what a bare view draws);
  selecting an actor (its links and neighbours highlighted, the rest faded, repainted);
  counting the links between each pair of tracks;
* RSS of this process at the end.

Rendering is offscreen (``QT_QPA_PLATFORM=offscreen``, a software raster backing store):
a proxy for a desktop, where the GPU and the compositor change the absolute numbers.

    .venv/bin/python benchmarks/canvas.py [--actors 2000 --links 5000 --moves 300]
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

WINDOW_SIZE = (1600, 1000)


# --------------------------------------------------------------------------- helpers


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def make_file(folder: Path, actors: int, links: int) -> Path:
    from storage import make_document  # benchmarks/storage.py

    from multitrack_desktop.services.files import build_workshop_file

    path = folder / "canvas-bench.multitrack"
    doc = make_document(actors, links, 0, 0)
    for i, link in enumerate(doc.links):  # every mark: a third of the links directed (arrowheads)
        link.directed = i % 3 == 0
    build_workshop_file(doc, path)
    return path


class PaintCounter:
    """Counts paint events on a widget (to know a repaint really happened)."""

    def __init__(self, widget):  # noqa: ANN001
        from PySide6.QtCore import QEvent, QObject

        counter = self

        class Filter(QObject):
            def eventFilter(self, watched, event):  # noqa: ANN001, N802
                if event.type() == QEvent.Type.Paint:
                    counter.count += 1
                return False

        self.count = 0
        self.filter = Filter()
        widget.installEventFilter(self.filter)


def wait_for_paint(app, counter: PaintCounter, before: int, limit_s: float = 10.0) -> None:  # noqa: ANN001
    deadline = time.perf_counter() + limit_s
    while counter.count == before and time.perf_counter() < deadline:
        app.processEvents()


def drag_steps(
    app, view, start, moves: int, *, repaints: bool = True, probe=None
) -> tuple[list[float], float]:  # noqa: ANN001
    """Press at ``start`` (viewport pixels), then ``moves`` small mouse moves, each with its repaint.

    Returns the time of each step that painted, in ms, and the share of steps that painted
    (a step that paints nothing, such as the first move after the press, only waits for the
    time limit and is left out). Without ``repaints`` (an empty scene: nothing to redraw)
    each step is the move and one pass of the event loop.
    """
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    viewport = view.viewport()
    counter = PaintCounter(viewport)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    app.processEvents()
    times, painted = [], 0
    for i in range(moves):
        # a small loop around the start, 3 px per step, so the actor stays on the circle
        phase = (i % 60) / 60.0
        dx = round(40 * math.cos(phase * 2 * math.pi))
        dy = round(40 * math.sin(phase * 2 * math.pi))
        pos = QPoint(start.x() + dx - 40, start.y() + dy)
        before = counter.count
        t0 = time.perf_counter()
        QTest.mouseMove(viewport, pos)
        if repaints:
            wait_for_paint(app, counter, before, 0.25)
        else:
            app.processEvents()
        elapsed = (time.perf_counter() - t0) * 1000.0
        if not repaints or counter.count > before:
            times.append(elapsed)
            painted += 1
    if probe is not None:
        probe()  # still held: what is drawn while dragging
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    app.processEvents()
    return times, painted / max(1, moves)


def quiet_qt_messages() -> None:
    """The offscreen platform's size-hint warnings and QTest's notes on unaccepted presses are noise here."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode, context, message):  # noqa: ANN001
        if "propagateSizeHints" in message or "not accepted by receiving widget" in message:
            return
        print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


# --------------------------------------------------------------------------- first frame (child processes)


def child_first_frame(kind: str, path: Path, t0: float) -> None:
    """Run in a fresh process: build the window (or the bare view), show it, report the first paint."""
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    quiet_qt_messages()
    if kind == "window":
        from multitrack_desktop.storage.database import WorkshopFile
        from multitrack_desktop.widgets.main_window import MainWindow

        top = MainWindow(remember_geometry=False)
        top.set_file(WorkshopFile.open(path, readonly=True))
        viewport = top.view.viewport()
    else:
        top = bare_view(*plain_content(path))
        viewport = top.viewport()
    counter = PaintCounter(viewport)
    top.resize(*WINDOW_SIZE)
    top.show()
    wait_for_paint(app, counter, 0, 60.0)
    print(f"{time.time() - t0:.4f}")
    top.close()


def first_frames(path: Path, runs: int = 5) -> dict[str, float]:
    """Median first frame of the window and of the bare view, over ``runs`` fresh processes each.

    The two take turns (window, bare, window, bare…), so a machine that is busier for a while
    slows both alike. Each kind first runs once uncounted: an installed app starts from compiled
    bytecode (pip writes the ``.pyc`` files), so the children may write and read theirs, in a
    cache folder of their own, even where the environment says not to
    (``PYTHONDONTWRITEBYTECODE``); the warm-up run fills it.
    """
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "multitrack-bench-pycache")

    def one(kind: str) -> float:
        t0 = time.time()
        out = subprocess.run(
            [sys.executable, __file__, "--child", kind, "--file", str(path), "--t0", repr(t0)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        return float(out.stdout.strip().splitlines()[-1])

    kinds = ("window", "bare")
    for kind in kinds:
        one(kind)  # warm-up
    values: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _ in range(runs):
        for kind in kinds:
            values[kind].append(one(kind))
    return {kind: statistics.median(v) for kind, v in values.items()}


# --------------------------------------------------------------------------- bare Qt


def plain_content(path: Path) -> tuple[list[tuple[float, float]], list[tuple[int, int]]]:
    """Scene positions of the placed actors and the index pairs of the drawn links, as the window draws them."""
    from multitrack_desktop.canvas.style import R
    from multitrack_desktop.domain import geometry
    from multitrack_desktop.domain.layout import layout_positions, position_of
    from multitrack_desktop.services.workshop import WorkshopService
    from multitrack_desktop.storage.database import WorkshopFile

    with WorkshopFile.open(path, readonly=True) as wf:
        svc = WorkshopService(wf)
        actors, links = svc.actors(), svc.links()
    laid_out = layout_positions(actors)
    points: list[tuple[float, float]] = []
    index: dict[str, int] = {}
    for a in actors:
        pos = position_of(a, laid_out)
        if pos is None:
            continue
        p = geometry.to_xy(*pos)
        index[a.id] = len(points)
        points.append((p.x * R, p.y * R))
    pairs = [
        (index[lk.source], index[lk.target]) for lk in links if lk.source in index and lk.target in index
    ]
    return points, pairs


def bare_view(points: list[tuple[float, float]], pairs: list[tuple[int, int]]):  # noqa: ANN201
    """A QGraphicsView with one plain movable ellipse per actor and one plain line per link."""
    from PySide6.QtCore import QLineF, QRectF
    from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView

    scene = QGraphicsScene(-600, -500, 1300, 1000)
    for x, y in points:
        item = scene.addEllipse(QRectF(-14, -14, 28, 28))
        item.setPos(x, y)
        item.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
        )
    for a, b in pairs:
        scene.addLine(QLineF(*points[a], *points[b]))
    view = QGraphicsView(scene)
    scene.setParent(view)
    return view


# --------------------------------------------------------------------------- link marks


def link_mark_figures(app, window) -> None:  # noqa: ANN001
    """Marks computed and painted, against plain lines; selection highlight; cross-track counts."""
    from PySide6.QtCore import QLineF
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    from multitrack_desktop.canvas import link_focus
    from multitrack_desktop.canvas.link_marks import paint_links

    scene, view = window.scene, window.view
    layer = scene.link_layer
    marks = dict(layer.marks)
    builds = []
    for _ in range(3):
        layer.set_marks({})
        t0 = time.perf_counter()
        layer.set_marks(marks)
        builds.append((time.perf_counter() - t0) * 1000)
    print(f"link_marks_build_ms={statistics.median(builds):.1f}")

    size = view.viewport().size()
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)

    def paint_once(draw) -> float:  # noqa: ANN001
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setTransform(view.viewportTransform())
        t0 = time.perf_counter()
        draw(painter)
        painter.end()
        return (time.perf_counter() - t0) * 1000

    drawn = list(layer.drawn.values())
    lines = [QLineF(mk.a, mk.b) for mk in marks.values()]
    pen = QPen(QColor("#5B6770"), 2.6)

    def plain(painter) -> None:  # noqa: ANN001
        painter.setPen(pen)
        for line in lines:
            painter.drawLine(line)

    marked = [paint_once(lambda p: paint_links(p, drawn)) for _ in range(5)]
    bare = [paint_once(plain) for _ in range(5)]
    print(f"links_painted={len(drawn)}")
    print(f"link_marks_paint_ms={statistics.median(marked):.1f}")
    print(f"plain_lines_paint_ms={statistics.median(bare):.1f}")

    counter = PaintCounter(view.viewport())
    ids = list(scene.actor_items)
    picks = []
    for i in range(10):
        before = counter.count
        t0 = time.perf_counter()
        window.select_actors([ids[(i * 97) % len(ids)]])
        wait_for_paint(app, counter, before, 2.0)
        picks.append((time.perf_counter() - t0) * 1000)
    print(f"select_actor_highlight_p50_ms={percentile(picks, 0.5):.1f}")
    print(f"select_actor_highlight_p95_ms={percentile(picks, 0.95):.1f}")
    window.select_actors([])
    app.processEvents()
    t0 = time.perf_counter()
    counts = link_focus.track_counts(scene)
    print(f"cross_track_counts_ms={(time.perf_counter() - t0) * 1000:.1f}")
    print(f"cross_track_links_between_tracks={sum(v for (a, b), v in counts.items() if a != b)}")


# --------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--actors", type=int, default=2000)
    ap.add_argument("--links", type=int, default=5000)
    ap.add_argument("--moves", type=int, default=300)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--child", choices=["window", "bare"])
    ap.add_argument("--file")
    ap.add_argument("--t0", type=float)
    args = ap.parse_args()
    if args.child:
        child_first_frame(args.child, Path(args.file), args.t0)
        return

    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

    from multitrack_desktop.storage.database import WorkshopFile
    from multitrack_desktop.widgets.main_window import MainWindow

    print("platform=offscreen (a proxy: software raster, no GPU or compositor)")
    folder = Path(tempfile.mkdtemp(prefix="multitrack-canvas-bench-"))
    path = make_file(folder, args.actors, args.links)
    print(f"actors={args.actors}")
    print(f"links={args.links}")

    frames = first_frames(path)
    print(f"first_frame_window_s={frames['window']:.3f}")
    print(f"first_frame_bare_view_s={frames['bare']:.3f}")
    print(f"first_frame_ratio_x={frames['window'] / frames['bare']:.2f}")

    app = QApplication.instance() or QApplication([sys.argv[0]])
    quiet_qt_messages()
    window = MainWindow(remember_geometry=False)
    t0 = time.perf_counter()
    window.set_file(WorkshopFile.open(path))
    print(f"open_in_window_ms={(time.perf_counter() - t0) * 1000:.1f}")
    doc = window.document
    assert doc is not None
    scene = window.scene
    print(f"actor_items={len(scene.actor_items)}")
    print(f"link_items={len(scene.link_items)}")
    rebuilds = []
    for _ in range(3):
        scene.clear_content()
        t0 = time.perf_counter()
        scene.set_content(doc.actors, doc.links, editable=True)
        rebuilds.append((time.perf_counter() - t0) * 1000)
    print(f"scene_build_ms={statistics.median(rebuilds):.1f}")
    t0 = time.perf_counter()
    scene.set_content(doc.actors, doc.links, editable=True)  # nothing new: items updated in place
    print(f"scene_refresh_ms={(time.perf_counter() - t0) * 1000:.1f}")

    window.resize(*WINDOW_SIZE)
    window.show()
    for _ in range(5):
        app.processEvents()
    window.view.fit()
    app.processEvents()

    # the actor with the most drawn links, held and moved around
    degree: dict[str, int] = {}
    for item in scene.link_items.values():
        for end in (item.source_id, item.target_id):
            degree[end] = degree.get(end, 0) + 1

    # the actor with the most links among those a press at their centre picks (not covered by another)
    def on_top(actor_id: str) -> bool:
        item = scene.actor_items[actor_id]
        return scene.itemAt(item.pos(), window.view.transform()) is item

    held = max((a for a in degree if on_top(a)), key=lambda k: degree[k])
    print(f"held_actor_links={degree[held]}")
    start = window.view.mapFromScene(scene.actor_items[held].pos())
    live: list[int] = []
    times, painted = drag_steps(
        app, window.view, start, args.moves, probe=lambda: live.append(len(scene.live_links))
    )
    print(f"drag_live_links={live[0]}")  # the held actor's links, following it
    print(f"drag_step_first_ms={times[0]:.2f}")  # takes the still picture of what does not move
    print(f"drag_step_p50_ms={percentile(times, 0.5):.2f}")
    print(f"drag_step_p95_ms={percentile(times, 0.95):.2f}")
    print(f"drag_step_max_ms={max(times):.2f}")
    print(f"drag_steps_painted_share={painted:.2f}")
    window.undo_stack.undo()  # the drag wrote one step to the file; put it back
    link_mark_figures(app, window)

    # one edit in the inspector (a rename): written, read back, the window brought up to date, painted
    counter = PaintCounter(window.view.viewport())
    window.select_actor(held)
    edits = []
    for i in range(args.edits):
        before = counter.count
        t0 = time.perf_counter()
        window.inspector.edit_requested.emit(held, {"name": f"Renamed {i}"})
        wait_for_paint(app, counter, before, 1.0)
        edits.append((time.perf_counter() - t0) * 1000)
    print(f"edit_actor_p50_ms={percentile(edits, 0.5):.1f}")
    print(f"edit_actor_p95_ms={percentile(edits, 0.95):.1f}")
    window.close()

    points, pairs = plain_content(path)
    bare = bare_view(points, pairs)
    bare.resize(1600 - 530, 1000)  # about the circle's share of the window (docks beside it)
    bare.show()
    for _ in range(5):
        app.processEvents()
    bare.fitInView(bare.scene().sceneRect())
    app.processEvents()
    first = bare.mapFromScene(*points[0])
    times, painted = drag_steps(app, bare, first, args.moves)
    print(f"bare_view_drag_step_p50_ms={percentile(times, 0.5):.2f}")
    print(f"bare_view_drag_step_p95_ms={percentile(times, 0.95):.2f}")
    bare.close()

    empty_scene = QGraphicsScene(-600, -500, 1300, 1000)
    empty = QGraphicsView(empty_scene)
    empty_scene.setParent(empty)
    empty.resize(1600 - 530, 1000)
    empty.show()
    for _ in range(5):
        app.processEvents()
    times, painted = drag_steps(app, empty, QPoint(500, 500), args.moves, repaints=False)
    print(f"empty_scene_move_p50_ms={percentile(times, 0.5):.2f}")
    print(f"empty_scene_move_p95_ms={percentile(times, 0.95):.2f}")
    empty.close()
    print(f"rss_mb={rss_mb():.0f}")


if __name__ == "__main__":
    main()
