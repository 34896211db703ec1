"""Workshop › Export PDF…: choose an audience, sessions and sections, see what will be withheld, export.

The workshop is read once, on the UI thread, when the dialog opens (SQLite connections never cross threads);
the worker thread gets that immutable document and calls ``export_pdf``, which asks the audience function what
may be shown: the dialog only chooses and reports. The PDF is written atomically by the exporter, so Cancel or a
failure leaves no file. "Save a copy for…" writes the redacted workshop as an exchange file (spec: Audiences).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..domain import model as m
from ..domain.audience import Redaction, redact
from ..exchange import write_document
from ..export.pdf import SECTIONS, ExportCancelled, export_pdf, withheld_sentence
from ..services.files import refuse_same_file, write_bytes_atomically
from ..storage.errors import StorageError

if TYPE_CHECKING:
    from ..document import OpenWorkshop
    from ..storage.database import WorkshopFile


def tr(text: str) -> str:
    return QCoreApplication.translate("ExportDialog", text)


AUDIENCES = (m.Visibility.SHAREABLE, m.Visibility.TEAM, m.Visibility.PRIVATE)


def audience_names() -> dict[m.Visibility, str]:
    return {
        m.Visibility.SHAREABLE: tr("S&hareable"),
        m.Visibility.TEAM: tr("&Team"),
        m.Visibility.PRIVATE: tr("&Private"),
    }


def audience_explanations() -> dict[m.Visibility, str]:
    """One plain line each: who the copy is for and what it leaves out."""
    return {
        m.Visibility.SHAREABLE: tr(
            "For participants and partners: team and private records are left out, anonymised actors "
            "appear by their alias, Chatham House sessions name no one."
        ),
        m.Visibility.TEAM: tr(
            "For the facilitation team: private records and contact details are left out, off-the-record "
            "sessions show only their title and dates."
        ),
        m.Visibility.PRIVATE: tr("For yourself only: everything, including private records and contacts."),
    }


def section_names() -> dict[str, str]:
    return {
        "map": tr("The nine-track &map"),
        "actors": tr("&Actors by track"),
        "relationships": tr("&Relationships"),
        "sessions": tr("&Session records"),
        "open_actions": tr("&Open actions"),
    }


def safe_file_stem(title: str) -> str:
    """A file name from a workshop title: no separators or characters file systems refuse."""
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title).strip(" .")
    return re.sub(r"\s+", " ", stem)[:80] or tr("Workshop")


def with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def internal_error_sentence(exc: BaseException, what: str) -> str:
    """A bug in the export: one sentence for the user, the details in a log file (as the command line does)."""
    from ..cli import log_dir

    where = ""
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / f"error-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}-export.log"
        log.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        where = " " + tr("Details are in {log}.").format(log=log)
    except OSError:
        pass
    return tr("{what} could not be written because of an internal error (a bug).").format(what=what) + where


# ------------------------------------------------------------------------------------------- the worker

Work = Callable[[Callable[[float], None], Callable[[], bool]], object]
"""A job for the worker: called with (progress, cancelled), returns its result."""


class ExportJob(QThread):
    """Runs one export off the UI thread; never touches a database connection or a widget.

    Exactly one of ``succeeded``, ``was_cancelled`` or ``failed`` is emitted, then QThread's ``finished``.
    """

    progressed = Signal(float)
    succeeded = Signal(object)
    was_cancelled = Signal()
    failed = Signal(str)

    def __init__(self, work: Work, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._what = what
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self._work(self.progressed.emit, self._cancel.is_set)
        except ExportCancelled:
            self.was_cancelled.emit()
        except StorageError as exc:  # a sentence already (disk full, folder not writable…)
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug: one sentence, details in a log file
            self.failed.emit(internal_error_sentence(exc, self._what))
        else:
            self.succeeded.emit(result)  # finished before a late cancel was seen: the file is whole


# ------------------------------------------------------------------------------------------- the dialog


class ExportDialog(QDialog):
    """Export a PDF summary, or save a redacted copy, of the open workshop for one audience."""

    #: emitted with the written path when an export or a copy is done
    exported = Signal(Path)

    def __init__(
        self,
        document: m.WorkshopDocument,
        *,
        source: Path,
        encrypted: bool = False,
        start_folder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ExportDialog")
        self.setWindowTitle(tr("Export"))
        self.document = document
        self.source = source
        self.encrypted = encrypted
        self.start_folder = start_folder or str(source.parent)
        self.job: ExportJob | None = None
        self.result_path: Path | None = None
        self._redactions: dict[m.Visibility, Redaction] = {}
        self._close_when_done = False
        self._build()
        self._show_audience()

    # building ------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        title = self.document.workshop.title or tr("Untitled workshop")
        heading = QLabel(tr("Export “{title}”").format(title=title), self)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        layout.addWidget(heading)

        self.encryption_note = QLabel(
            tr(
                "This workshop is encrypted, but what you export here is not: the PDF and the copy are "
                "plain files that anyone who gets them can read."
            ),
            self,
        )
        self.encryption_note.setObjectName("EncryptionNote")
        self.encryption_note.setWordWrap(True)
        self.encryption_note.setStyleSheet("QLabel { color: #8a4b00; font-weight: bold; }")
        self.encryption_note.setVisible(self.encrypted)
        layout.addWidget(self.encryption_note)

        # audience
        box = QGroupBox(tr("Who is it for?"), self)
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        self.audience_group = QButtonGroup(self)
        self.audience_buttons: dict[m.Visibility, QRadioButton] = {}
        explanations = audience_explanations()
        for row, (audience, name) in enumerate(audience_names().items()):
            button = QRadioButton(name, box)
            button.setObjectName(f"audience-{audience.value}")
            self.audience_buttons[audience] = button
            self.audience_group.addButton(button, row)
            label = QLabel(explanations[audience], box)
            label.setWordWrap(True)
            label.setBuddy(button)
            grid.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, 1)
        self.audience_buttons[m.Visibility.SHAREABLE].setChecked(True)
        self.audience_group.idToggled.connect(lambda _id, on: on and self._show_audience())
        layout.addWidget(box)

        self.withheld_label = QLabel(self)
        self.withheld_label.setObjectName("WithheldPreview")
        self.withheld_label.setWordWrap(True)
        self.withheld_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.withheld_label)

        # sessions and sections, side by side
        row = QHBoxLayout()
        sessions_box = QGroupBox(tr("Sessions"), self)
        sessions_layout = QVBoxLayout(sessions_box)
        self.sessions_list = QListWidget(sessions_box)
        self.sessions_list.setObjectName("SessionsList")
        for s in sorted(self.document.sessions, key=lambda s: (s.starts_at.astimezone(dt.UTC), s.id)):
            item = QListWidgetItem(self.sessions_list)
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            item.setData(
                Qt.ItemDataRole.UserRole + 1, f"{s.starts_at:%Y-%m-%d} · {s.title or tr('Untitled')}"
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        if not self.document.sessions:
            self.sessions_list.addItem(tr("This workshop has no sessions yet."))
            self.sessions_list.setEnabled(False)
        self.sessions_list.itemChanged.connect(lambda _item: self._show_choice())
        sessions_layout.addWidget(self.sessions_list)
        buttons = QHBoxLayout()
        self.all_sessions_button = QPushButton(tr("All"), sessions_box)
        self.all_sessions_button.clicked.connect(lambda: self.check_all_sessions(True))
        self.no_sessions_button = QPushButton(tr("None"), sessions_box)
        self.no_sessions_button.clicked.connect(lambda: self.check_all_sessions(False))
        buttons.addWidget(self.all_sessions_button)
        buttons.addWidget(self.no_sessions_button)
        buttons.addStretch(1)
        sessions_layout.addLayout(buttons)
        row.addWidget(sessions_box, 3)

        sections_box = QGroupBox(tr("Sections"), self)
        sections_layout = QVBoxLayout(sections_box)
        cover = QCheckBox(tr("Cover (always)"), sections_box)
        cover.setChecked(True)
        cover.setEnabled(False)
        sections_layout.addWidget(cover)
        self.section_boxes: dict[str, QCheckBox] = {}
        for name, label in section_names().items():
            check = QCheckBox(label, sections_box)
            check.setObjectName(f"section-{name}")
            check.setChecked(True)
            check.toggled.connect(lambda _on: self._show_choice())
            self.section_boxes[name] = check
            sections_layout.addWidget(check)
        sections_layout.addStretch(1)
        row.addWidget(sections_box, 2)
        layout.addLayout(row, 1)

        # progress and result
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status = QLabel(self)
        self.status.setObjectName("ExportStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        done_row = QHBoxLayout()
        self.open_button = QPushButton(tr("Open &it"), self)
        self.open_button.clicked.connect(self.open_result)
        self.folder_button = QPushButton(tr("Show in &folder"), self)
        self.folder_button.clicked.connect(self.show_folder)
        done_row.addWidget(self.open_button)
        done_row.addWidget(self.folder_button)
        done_row.addStretch(1)
        layout.addLayout(done_row)
        self._show_result_buttons(False)

        # actions
        actions = QHBoxLayout()
        self.copy_button = QPushButton(tr("Save a copy for this audience…"), self)
        self.copy_button.setToolTip(
            tr(
                "The whole workshop as this audience may see it (every session it may see), as an exchange "
                "file (.json) that Multitrack Desktop can import."
            )
        )
        self.copy_button.clicked.connect(self.save_copy_dialog)
        actions.addWidget(self.copy_button)
        actions.addStretch(1)
        self.export_button = QPushButton(tr("&Export PDF…"), self)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export_dialog)
        self.close_button = QPushButton(tr("Close"), self)
        self.close_button.clicked.connect(self._close_or_cancel)
        actions.addWidget(self.export_button)
        actions.addWidget(self.close_button)
        layout.addLayout(actions)
        self.resize(640, 620)

    # choices -------------------------------------------------------------------------------------
    def audience(self) -> m.Visibility:
        for audience, button in self.audience_buttons.items():
            if button.isChecked():
                return audience
        return m.Visibility.SHAREABLE

    def set_audience(self, audience: m.Visibility) -> None:
        self.audience_buttons[m.Visibility(audience)].setChecked(True)

    def redaction(self, audience: m.Visibility | None = None) -> Redaction:
        """What ``audience`` may see, from the audience function (computed once per audience)."""
        audience = m.Visibility(audience or self.audience())
        if audience not in self._redactions:
            # a fraction of a second on 20,000 entries (benchmarks/pdf.py: *_redact_s)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self._redactions[audience] = redact(self.document, audience)
            finally:
                QApplication.restoreOverrideCursor()
        return self._redactions[audience]

    def session_items(self) -> list[QListWidgetItem]:
        items = [self.sessions_list.item(i) for i in range(self.sessions_list.count())]
        return [it for it in items if it.data(Qt.ItemDataRole.UserRole)]

    def chosen_sessions(self) -> set[str]:
        return {
            it.data(Qt.ItemDataRole.UserRole)
            for it in self.session_items()
            if it.checkState() == Qt.CheckState.Checked
        }

    def set_session_checked(self, session_id: str, checked: bool) -> None:
        for it in self.session_items():
            if it.data(Qt.ItemDataRole.UserRole) == session_id:
                it.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def check_all_sessions(self, checked: bool) -> None:
        for it in self.session_items():
            it.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen_sections(self) -> list[str]:
        return [name for name in SECTIONS if self.section_boxes[name].isChecked()]

    def _show_audience(self) -> None:
        """Mark the sessions this audience may not see and say what it will not get."""
        r = self.redaction()
        self.sessions_list.blockSignals(True)
        for it in self.session_items():
            sid = it.data(Qt.ItemDataRole.UserRole)
            label = it.data(Qt.ItemDataRole.UserRole + 1)
            flags = it.flags() | Qt.ItemFlag.ItemIsEnabled
            if not r.session_shown(sid):
                label += " — " + tr("withheld for this audience")
                flags &= ~Qt.ItemFlag.ItemIsEnabled
            elif r.hidden_by_rule3(sid):
                label += " — " + tr("off the record: title and dates only")
            it.setText(label)
            it.setToolTip(label)
            it.setFlags(flags)
        self.sessions_list.blockSignals(False)
        self._show_choice()

    def _show_choice(self) -> None:
        r = self.redaction()
        shown = [it for it in self.session_items() if r.session_shown(it.data(Qt.ItemDataRole.UserRole))]
        chosen = [it for it in shown if it.checkState() == Qt.CheckState.Checked]
        text = withheld_sentence(r.withheld)
        if len(chosen) < len(shown):
            text += " " + tr("You left out {n} of the {total} sessions this audience may see.").format(
                n=len(shown) - len(chosen), total=len(shown)
            )
        self.withheld_label.setText(text)

    # running -------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.job is not None

    def default_name(self, suffix: str) -> str:
        stem = safe_file_stem(self.document.workshop.title)
        return str(Path(self.start_folder) / f"{stem} - {self.audience().value}{suffix}")

    def export_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, tr("Export a PDF summary"), self.default_name(".pdf"), tr("PDF documents (*.pdf)")
        )
        if name:
            self.export_to(with_suffix(Path(name), ".pdf"))

    def export_to(self, dest: Path) -> None:
        """Start writing the PDF to ``dest`` in the worker thread."""
        if self.running:
            return
        doc, audience = self.document, self.audience()
        sections, sessions = self.chosen_sections(), self.chosen_sessions()

        source = self.source

        def work(progress: Callable[[float], None], cancelled: Callable[[], bool]) -> object:
            refuse_same_file(source, dest)
            export_pdf(
                doc,
                dest,
                audience=audience,
                progress=progress,
                cancelled=cancelled,
                sections=sections,
                sessions=sessions,
            )
            return dest

        self._start(work, tr("The PDF"), tr("Making the PDF for the {audience} audience…"))

    def save_copy_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            tr("Save a copy for the {audience} audience").format(audience=self.audience().value),
            self.default_name(".json"),
            tr("Workshop exchange files (*.json)"),
        )
        if name:
            self.save_copy_to(with_suffix(Path(name), ".json"))

    def save_copy_to(self, dest: Path) -> None:
        """Write the redacted workshop (exchange format with its ``audience`` envelope) in the worker."""
        if self.running:
            return
        r = self.redaction()
        source = self.source

        def work(progress: Callable[[float], None], cancelled: Callable[[], bool]) -> object:
            refuse_same_file(source, dest)
            data = write_document(r.document, audience=(r.audience.value, r.withheld.total))
            if cancelled():
                raise ExportCancelled
            progress(0.5)
            write_bytes_atomically(dest, data)
            return dest

        self._start(work, tr("The copy"), tr("Saving a copy for the {audience} audience…"))

    def _start(self, work: Work, what: str, doing: str) -> None:
        self._show_result_buttons(False)
        self.result_path = None
        self.progress.setRange(0, 0)  # busy until the exporter reports its first step
        self.progress.setVisible(True)
        self.status.setText(doing.format(audience=self.audience().value))
        self._set_choosing(False)
        job = ExportJob(work, what, self)
        job.progressed.connect(self._on_progress)
        job.succeeded.connect(self._on_succeeded)
        job.was_cancelled.connect(self._on_cancelled)
        job.failed.connect(self._on_failed)
        job.finished.connect(self._on_finished)
        self.job = job
        job.start()

    def _close_or_cancel(self) -> None:
        if self.running:
            self.cancel()  # the dialog stays, to say that nothing was written
        else:
            self.reject()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText(tr("Cancelling…"))
            self.close_button.setEnabled(False)

    def _set_choosing(self, enabled: bool) -> None:
        for w in (*self.audience_buttons.values(), self.sessions_list, *self.section_boxes.values()):
            w.setEnabled(enabled and (w is not self.sessions_list or bool(self.session_items())))
        self.all_sessions_button.setEnabled(enabled)
        self.no_sessions_button.setEnabled(enabled)
        self.export_button.setEnabled(enabled)
        self.copy_button.setEnabled(enabled)
        self.close_button.setEnabled(True)
        self.close_button.setText(tr("Close") if enabled else tr("Cancel"))

    def _on_progress(self, fraction: float) -> None:
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1000)
        self.progress.setValue(round(fraction * 1000))

    def _on_succeeded(self, path: object) -> None:
        self.result_path = Path(str(path))
        self.progress.setRange(0, 1000)
        self.progress.setValue(1000)
        self.status.setText(tr("Saved as {path}").format(path=self.result_path))
        self._show_result_buttons(True)
        self.exported.emit(self.result_path)

    def _on_cancelled(self) -> None:
        self.progress.setVisible(False)
        self.status.setText(tr("Cancelled; no file was written."))

    def _on_failed(self, message: str) -> None:
        self.progress.setVisible(False)
        self.status.setText(tr("Nothing was written."))
        if not self._close_when_done:
            self.show_error(message)

    def _on_finished(self) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.wait()
            job.deleteLater()
        self._set_choosing(True)
        if self._close_when_done:
            super().reject()

    def wait_for_job(self, ms: int = 60_000) -> None:
        """Block until the worker is done (for closing the window, and for tests)."""
        if self.job is not None:
            self.job.wait(ms)

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, tr("Export"), message)

    def _show_result_buttons(self, visible: bool) -> None:
        self.open_button.setVisible(visible)
        self.folder_button.setVisible(visible)
        if visible and self.result_path is not None:
            is_pdf = self.result_path.suffix.lower() == ".pdf"
            self.open_button.setVisible(is_pdf)

    def open_result(self) -> None:
        if self.result_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_path)))

    def show_folder(self) -> None:
        if self.result_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_path.parent)))

    def reject(self) -> None:
        """Close, or during an export cancel it first (the dialog closes once nothing is left behind)."""
        if self.job is not None:
            self._close_when_done = True
            self.cancel()
            return
        super().reject()


def open_export_dialog(document: OpenWorkshop, parent: QWidget, start_folder: str = "") -> ExportDialog:
    """Read the whole workshop on this (the UI) thread and show the dialog for it."""
    file: WorkshopFile = document.file
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        doc = document.service.document()
    finally:
        QApplication.restoreOverrideCursor()
    dialog = ExportDialog(
        doc, source=document.path, encrypted=file.encrypted, start_folder=start_folder, parent=parent
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    return dialog
