"""The Search dock in the real window: typing, what it finds, opening it, following edits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from multitrack_desktop.commands import AppliedChange
from multitrack_desktop.domain import model as m
from multitrack_desktop.services import search as search_service
from multitrack_desktop.services.files import build_workshop_file
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.storage.errors import StorageError
from multitrack_desktop.widgets.search_panel import HTML_ROLE, META_ROLE, emphasised, format_when

#: the offscreen platform says so whenever a dock is shown; nothing to do with what is tested
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TZ = dt.timezone(dt.timedelta(hours=3))
T0 = dt.datetime(2024, 5, 6, 10, 0, tzinfo=TZ)
CMI, ARABIC, HOSTILE, RUSSIAN = (f"a0000000-0000-4000-8000-00000000000{i}" for i in range(1, 5))
S1 = "50000000-0000-4000-8000-000000000001"
E_FR, E_AR = "e0000000-0000-4000-8000-000000000001", "e0000000-0000-4000-8000-000000000002"
ACT = "ac000000-0000-4000-8000-000000000001"
ARABIC_NAME = "مُحَمَّد الأَمِين"
HOSTILE_NAME = "<b>x</b> & <i>"


def document() -> m.WorkshopDocument:
    actors = [
        m.Actor(
            CMI,
            "Crisis Management Initiative",
            kind=m.ActorKind.ORGANISATION,
            also_known_as=["CMI", "Ahtisaari office"],
            track=2,
            placement=m.Placement(45.0, 0.7),
        ),
        m.Actor(ARABIC, ARABIC_NAME, kind=m.ActorKind.PERSON, track=7, placement=m.Placement(270.0, 0.6)),
        m.Actor(HOSTILE, HOSTILE_NAME, kind=m.ActorKind.OTHER),
        m.Actor(RUSSIAN, "Пётр Ильич", kind=m.ActorKind.PERSON),
    ]
    session = m.Session(
        id=S1,
        title="Réunion préparatoire",
        starts_at=T0,
        location="Königstedt manor",
        entries=[
            m.Entry(id=E_FR, at=T0, text="Réconciliation d'abord, puis le cessez-le-feu"),
            m.Entry(id=E_AR, at=T0 + dt.timedelta(minutes=1), text="قال مُحَمَّد إن السلام ممكن"),
        ],
        actions=[m.Action(id=ACT, text="Draft the monitoring mission terms", due=dt.date(2024, 6, 1))],
    )
    workshop = m.Workshop("f0000000-0000-4000-8000-000000000001", "Talks", created_at=T0, updated_at=T0)
    return m.WorkshopDocument(workshop, actors=actors, sessions=[session])


@pytest.fixture
def search_path(tmp_path: Path) -> Path:
    path = tmp_path / "search.multitrack"
    build_workshop_file(document(), path)
    return path


def _window(qtbot, path: Path, *, readonly: bool = False):  # -> MainWindow
    from multitrack_desktop.widgets.main_window import MainWindow

    win = MainWindow(remember_geometry=False)
    qtbot.addWidget(win)
    win.set_file(WorkshopFile.open(path, readonly=readonly))
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    return win


@pytest.fixture
def win(qtbot, search_path: Path):  # -> MainWindow
    return _window(qtbot, search_path)


def opened(win):  # -> SearchPanel
    win.search.action.trigger()
    return win.search.panel


def type_query(qtbot, panel, text: str) -> None:
    """Type ``text`` key by key and wait for the search that runs once the typing pauses."""
    panel.line.clear()
    for ch in text:  # key events carrying the character (QTest cannot type Arabic or Cyrillic)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(panel.line, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
    assert panel.line.text() == text
    assert panel._typing.isActive()  # not run yet: it waits for the typing to pause
    qtbot.waitUntil(lambda: not panel._typing.isActive(), timeout=2000)


def found(panel) -> list[tuple[str, str]]:
    return [(h.kind, h.id) for h in panel.hits()]


# ----------------------------------------------------------------------------- opening the dock


def test_edit_menu_opens_the_dock_ready_to_type(qtbot, win) -> None:
    action = win.search.action
    menu = win.edit_menu.actions()
    assert menu[menu.index(win.find_action) + 1] is action  # beside Find an actor
    assert action.shortcut() == QKeySequence("Ctrl+Shift+F")
    assert win.search.dock.objectName() == "SearchDock"
    assert not win.search.dock.isVisible()
    QTest.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(win.search.dock.isVisible)
    panel = win.search.panel
    qtbot.waitUntil(panel.line.hasFocus)
    qtbot.keyClicks(panel.line, "cmi")
    qtbot.waitUntil(lambda: found(panel) == [("actor", CMI)])
    assert panel.count_label.text() == "1 result"


# ----------------------------------------------------------------------------- what typing finds


def test_a_prefix_of_an_arabic_word_with_vowel_marks_finds_it_written_with_or_without(qtbot, win) -> None:
    panel = opened(win)
    type_query(qtbot, panel, "مح")  # no marks typed: finds the name and the entry written with marks
    assert set(found(panel)) == {("actor", ARABIC), ("entry", E_AR)}
    assert panel.count_label.text() == "2 results"
    type_query(qtbot, panel, "مُحَ")  # typed with marks: the same
    assert set(found(panel)) == {("actor", ARABIC), ("entry", E_AR)}
    # the word is emphasised as written, marks and all
    actor_row = panel.hit_index("actor", ARABIC)
    assert "<b>مُحَمَّد</b>" in actor_row.data(HTML_ROLE)


def test_a_prefix_of_a_french_word_with_diacritics_finds_it_typed_either_way(qtbot, win) -> None:
    panel = opened(win)
    type_query(qtbot, panel, "reconc")
    assert found(panel) == [("entry", E_FR)]
    type_query(qtbot, panel, "RÉCONC")
    assert found(panel) == [("entry", E_FR)]
    type_query(qtbot, panel, "réu")
    assert found(panel) == [("session", S1)]
    assert "<b>Réunion</b>" in panel.hit_index("session", S1).data(HTML_ROLE)
    type_query(qtbot, panel, "пет")  # ё typed as е
    assert found(panel) == [("actor", RUSSIAN)]


def test_an_actors_other_name_finds_the_actor(qtbot, win) -> None:
    panel = opened(win)
    type_query(qtbot, panel, "ahtis")
    assert found(panel) == [("actor", CMI)]
    hit = panel.hits()[0]
    assert hit.title == "Crisis Management Initiative"
    assert "<b>Ahtisaari</b>" in panel.hit_index("actor", CMI).data(HTML_ROLE)


def test_hits_are_grouped_by_kind_with_a_heading_each(qtbot, win) -> None:
    panel = opened(win)
    type_query(qtbot, panel, "m")  # Management, manor, monitoring and mission
    headings = [panel.model.item(r).text() for r in range(panel.model.rowCount())]
    assert headings == ["Actors (1)", "Sessions (1)", "Actions (1)"]
    kinds = [h.kind for h in panel.hits()]
    assert kinds == ["actor", "session", "action"]
    # the grey line says what, where and when
    due = format_when(dt.date(2024, 6, 1))
    assert due
    assert panel.hit_index("action", ACT).data(META_ROLE) == f"Action · Réunion préparatoire · due {due}"
    assert panel.hit_index("actor", CMI).data(META_ROLE) == (
        "Actor · Track 2 · Professional conflict resolution · organisation"
    )


def test_an_empty_query_shows_nothing_and_esc_clears(qtbot, win) -> None:
    panel = opened(win)
    type_query(qtbot, panel, "   ")
    assert panel.model.rowCount() == 0
    assert not panel.count_label.isVisible()
    type_query(qtbot, panel, "zzzq")
    assert panel.model.rowCount() == 0
    assert panel.count_label.text() == "No results for “zzzq”"
    type_query(qtbot, panel, "crisis")
    assert panel.hits()
    QTest.keyClick(panel.line, Qt.Key.Key_Escape)
    assert panel.line.text() == ""
    assert panel.model.rowCount() == 0
    assert not panel.count_label.isVisible()


def test_quotes_and_operators_typed_are_words_not_syntax(qtbot, win) -> None:
    panel = opened(win)
    type_query(qtbot, panel, '"crisis" OR NEAR(*')
    assert panel.model.rowCount() == 0
    assert not panel.error_label.isVisible()


# ----------------------------------------------------------------------------- showing hostile text


def test_a_name_with_markup_shows_literally(qtbot, win) -> None:
    panel = opened(win)
    type_query(qtbot, panel, "x")
    assert found(panel) == [("actor", HOSTILE)]
    html_text = panel.hit_index("actor", HOSTILE).data(HTML_ROLE)
    assert "<i>" not in html_text and "&lt;i&gt;" in html_text
    rendered = QTextDocument()
    rendered.setHtml(html_text)
    assert rendered.toPlainText() == HOSTILE_NAME  # what is drawn is the name as typed
    assert panel.hit_index("actor", HOSTILE).data(Qt.ItemDataRole.DisplayRole) == HOSTILE_NAME
    panel.results.viewport().grab()  # the delegate paints it


def test_emphasis_escapes_everything_and_keeps_the_text() -> None:
    text = "a<b> & Réunion <script>réu</script> والسلام"
    out = emphasised(text, ["reu", "السلام"])
    doc = QTextDocument()
    doc.setHtml(out)
    assert doc.toPlainText() == text
    assert out.count("<b>") == 3  # Réunion, réu, والسلام (the article and conjunction attached)
    assert "&lt;script&gt;" in out


# ----------------------------------------------------------------------------- opening what was found


def test_enter_on_an_actor_selects_it_in_the_library_and_on_the_circle(qtbot, win) -> None:
    panel = opened(win)
    type_query(qtbot, panel, "ahtisaari")
    QTest.keyClick(panel.line, Qt.Key.Key_Down)
    assert panel.results.hasFocus() or panel.results.currentIndex() == panel.hit_index("actor", CMI)
    assert panel.current_hit() is not None and panel.current_hit().id == CMI
    QTest.keyClick(panel.results, Qt.Key.Key_Return)
    assert win.library.selected_ids() == [CMI]
    assert win.scene.selected_actor_ids() == [CMI]
    assert win.inspector_dock.isVisible()
    assert win.search.dock.isVisible()  # the results stay in sight


def test_double_click_on_an_actor_selects_it(qtbot, win) -> None:
    panel = opened(win)
    type_query(qtbot, panel, "مُحَمَّد")
    index = panel.hit_index("actor", ARABIC)
    rect = panel.results.visualRect(index)
    assert rect.isValid()
    # QTest's double click is the second click only: the view opens what the first one pressed
    qtbot.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.library.selected_ids() == []  # one click only chooses the hit
    qtbot.mouseDClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.library.selected_ids() == [ARABIC]
    assert win.scene.selected_actor_ids() == [ARABIC]


def test_up_from_the_first_hit_goes_back_to_the_line(qtbot, win) -> None:
    panel = opened(win)
    qtbot.waitUntil(panel.line.hasFocus)
    type_query(qtbot, panel, "m")
    QTest.keyClick(panel.line, Qt.Key.Key_Down)
    qtbot.waitUntil(panel.results.hasFocus)
    QTest.keyClick(panel.results, Qt.Key.Key_Down)  # over the "Sessions" heading, onto the session
    assert panel.current_hit().kind == "session"
    QTest.keyClick(panel.results, Qt.Key.Key_Up)
    assert panel.current_hit().kind == "actor"
    QTest.keyClick(panel.results, Qt.Key.Key_Up)
    qtbot.waitUntil(panel.line.hasFocus)


def test_on_a_small_screen_the_dock_is_a_tab_of_its_own_and_stays_in_front(qtbot, win) -> None:
    win.resize(1280, 720)
    qtbot.waitUntil(lambda: win.height() <= 720)
    panel = opened(win)
    qtbot.waitUntil(lambda: win.inspector_dock in win.tabifiedDockWidgets(win.search.dock), timeout=3000)
    # the whole column, not what the docks above leave
    qtbot.waitUntil(lambda: win.search.dock.height() >= 300, timeout=3000)
    qtbot.waitUntil(panel.line.hasFocus)
    type_query(qtbot, panel, "ahtis")
    QTest.keyClick(panel.line, Qt.Key.Key_Return)
    assert win.library.selected_ids() == [CMI]
    assert win.search.dock.isVisible()  # opening an actor did not bring the inspector's tab forward


def test_on_a_large_screen_the_dock_sits_under_the_inspector(qtbot, win) -> None:
    opened(win)
    qtbot.wait(50)
    assert win.tabifiedDockWidgets(win.search.dock) == []
    assert win.search.dock.isVisible() and win.inspector_dock.isVisible()
    assert win.search.dock.y() > win.inspector_dock.y()


class Sessions:
    """Stands in for ``window.sessions``: records what was asked of it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[str, ...]]] = []

    def open_session(self, session_id: str) -> bool:
        self.calls.append(("open_session", (session_id,)))
        return True

    def open_entry(self, session_id: str, entry_id: str) -> bool:
        self.calls.append(("open_entry", (session_id, entry_id)))
        return True

    def open_action(self, action_id: str) -> bool:
        self.calls.append(("open_action", (action_id,)))
        return False  # e.g. deleted meanwhile


def test_sessions_entries_and_actions_open_through_the_sessions_docks(qtbot, win, monkeypatch) -> None:
    sessions = Sessions()
    monkeypatch.setattr(win, "sessions", sessions, raising=False)
    panel = opened(win)
    type_query(qtbot, panel, "réu")
    QTest.keyClick(panel.line, Qt.Key.Key_Return)  # Enter in the line opens the first hit
    type_query(qtbot, panel, "abord")
    assert panel.select_hit("entry", E_FR)
    QTest.keyClick(panel.results, Qt.Key.Key_Enter)
    type_query(qtbot, panel, "monitoring mission")
    assert found(panel) == [("action", ACT)]
    panel.select_hit("action", ACT)
    QTest.keyClick(panel.results, Qt.Key.Key_Return)
    assert sessions.calls == [
        ("open_session", (S1,)),
        ("open_entry", (S1, E_FR)),
        ("open_action", (ACT,)),
    ]
    assert panel.error_label.isVisible()  # the action could not be opened: said in the dock
    assert "could not be opened" in panel.error_label.text()
    monkeypatch.setattr(win, "sessions", None)
    type_query(qtbot, panel, "réu")
    QTest.keyClick(panel.line, Qt.Key.Key_Return)
    assert panel.error_label.text() == "Sessions cannot be opened in this window."


def test_a_session_an_entry_and_an_action_open_in_the_sessions_docks(qtbot, win) -> None:
    sessions = win.sessions
    panel = opened(win)
    type_query(qtbot, panel, "réunion")
    QTest.keyClick(panel.line, Qt.Key.Key_Return)  # Enter in the line opens the first hit
    assert sessions.panel.current_session_id() == S1
    assert sessions.editor.session_id == S1
    assert sessions.capture.session_id == S1
    assert sessions.editor_dock.isVisible()

    type_query(qtbot, panel, "cessez")
    QTest.keyClick(panel.line, Qt.Key.Key_Down)
    QTest.keyClick(panel.results, Qt.Key.Key_Return)
    assert sessions.capture.selected_entry_ids() == [E_FR]
    assert sessions.capture_dock.isVisible()

    type_query(qtbot, panel, "monitoring")
    assert found(panel) == [("action", ACT)]
    QTest.keyClick(panel.line, Qt.Key.Key_Return)
    assert sessions.actions.table.currentIndex() == sessions.actions.index_of(ACT, 0)
    assert sessions.actions_dock.isVisible()
    assert not panel.error_label.isVisible()
    assert win.search.dock.isVisible()  # the results stay in sight


# ----------------------------------------------------------------------------- following the file


def test_an_entry_recorded_is_found_by_the_query_shown(qtbot, win) -> None:
    panel = opened(win)
    type_query(qtbot, panel, "trêve")
    assert found(panel) == []
    change = win.document.service.add_entry(S1, T0 + dt.timedelta(minutes=5), "Une trêve est proposée")
    win.document.refresh(change)
    qtbot.waitUntil(lambda: len(found(panel)) == 1, timeout=3000)
    assert panel.hits()[0].kind == "entry"
    assert panel.count_label.text() == "1 result"


def test_results_follow_an_edit(qtbot, win) -> None:
    panel = opened(win)
    type_query(qtbot, panel, "crisis")
    assert found(panel) == [("actor", CMI)]
    change = win.document.update_actor(CMI, name="Peace Office")
    win.undo_stack.push(AppliedChange(win.document, change, on_error=win.show_undo_error))
    qtbot.waitUntil(lambda: found(panel) == [], timeout=3000)
    assert panel.count_label.text() == "No results for “crisis”"
    type_query(qtbot, panel, "peace off")
    assert found(panel) == [("actor", CMI)]
    # undo puts the old name back, and the query shown runs again by itself
    win.undo_stack.undo()
    qtbot.waitUntil(lambda: found(panel) == [], timeout=3000)
    type_query(qtbot, panel, "crisis")
    assert found(panel) == [("actor", CMI)]


def test_an_edit_while_the_dock_is_hidden_is_searched_when_it_is_shown(qtbot, win) -> None:
    panel = opened(win)
    type_query(qtbot, panel, "crisis")
    win.search.dock.hide()
    win.document.update_actor(CMI, name="Peace Office")
    qtbot.wait(400)
    assert found(panel) == [("actor", CMI)]  # not searched while nobody sees it
    win.search.dock.show()
    qtbot.waitUntil(lambda: found(panel) == [], timeout=3000)


def test_closing_the_workshop_clears_the_dock(qtbot, win) -> None:
    panel = opened(win)
    type_query(qtbot, panel, "crisis")
    win.close_document()
    assert panel.line.text() == ""
    assert panel.model.rowCount() == 0
    assert not panel.line.isEnabled()


def test_a_read_only_workshop_searches_too(qtbot, search_path: Path) -> None:
    win = _window(qtbot, search_path, readonly=True)
    assert win.document.readonly
    panel = opened(win)
    type_query(qtbot, panel, "cmi")
    assert found(panel) == [("actor", CMI)]


def test_a_file_problem_is_a_line_in_the_dock(qtbot, win, monkeypatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> list[object]:
        raise StorageError("The workshop file could not be read.")

    monkeypatch.setattr(search_service, "search", broken)
    panel = opened(win)
    type_query(qtbot, panel, "crisis")
    assert panel.error_label.isVisible()
    assert panel.error_label.text() == "The workshop file could not be read."
    assert panel.model.rowCount() == 0


def test_the_search_goes_through_the_open_documents_file(qtbot, win, monkeypatch) -> None:
    files = []
    real = search_service.search

    def spy(file, query, **kwargs):  # noqa: ANN001, ANN202
        files.append(file)
        return real(file, query, **kwargs)

    monkeypatch.setattr(search_service, "search", spy)
    panel = opened(win)
    type_query(qtbot, panel, "cris")
    assert files and all(f is win.document.file for f in files)
    assert len(files) == 1  # one search for the four keys typed (they came faster than the pause)


def test_the_grey_line_sits_under_the_start_of_the_hit_right_for_arabic_left_for_french(qtbot, win) -> None:
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    panel = opened(win)
    view = panel.results
    delegate = view.itemDelegate()

    def grey_ink_columns(index) -> tuple[int, int]:  # noqa: ANN001
        """Leftmost and rightmost inked column in the grey line's band of one painted hit."""
        option = QStyleOptionViewItem()
        option.initFrom(view.viewport())
        option.rect = QRect(0, 0, 600, delegate.sizeHint(option, index).height())
        option.font = view.font()
        option.fontMetrics = view.fontMetrics()
        image = QImage(option.rect.size(), QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        delegate.paint(painter, option, index)
        painter.end()
        band = range(image.height() - view.fontMetrics().lineSpacing() - 4, image.height())
        inked = [x for x in range(image.width()) for y in band if image.pixelColor(x, y).lightness() < 200]
        assert inked, "the grey line was painted"
        return min(inked), max(inked)

    type_query(qtbot, panel, "مح")
    left, right = grey_ink_columns(panel.hit_index("entry", E_AR))
    assert left > 200 and right > 560  # right-aligned
    type_query(qtbot, panel, "reconc")
    left, right = grey_ink_columns(panel.hit_index("entry", E_FR))
    assert left < 40 and right < 400  # left-aligned
