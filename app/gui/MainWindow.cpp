#include "app/gui/MainWindow.h"

#include "app/gui/Recorder.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/Classroom.h"
#include "chapters/framework/ExperimentPanel.h"
#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/Scenario.h"
#include "chapters/framework/SimulationController.h"
#include "engine/core/Version.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"
#include "widgets/PlotView.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QRegularExpressionValidator>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QFontInfo>
#include <QFontMetrics>
#include <QUndoGroup>

#include <algorithm>
#include <cmath>
#include <limits>

namespace neuroai::app {

using chapters::Chapter;
using chapters::ExperimentPanel;
using chapters::SimulationController;

QList<double> MainWindow::speedChoices()
{
    return {0.01, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 100.0, std::numeric_limits<double>::infinity()};
}

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("%1 %2").arg(QString::fromLatin1(kApplicationName), QString::fromLatin1(kVersion)));
    setWindowIcon(QIcon(QStringLiteral(":/icons/neuroai-explorer.svg")));
    setObjectName(QStringLiteral("mainWindow"));

    m_normalFont = QApplication::font();
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter = splitter;
    m_navigator = new QTreeWidget(splitter);
    m_navigator->setObjectName(QStringLiteral("navigator"));
    m_navigator->setHeaderHidden(true);
    m_navigator->setMinimumWidth(150);
    m_navigator->setRootIsDecorated(false);
    m_pages = new QStackedWidget(splitter);
    splitter->addWidget(m_navigator);
    splitter->addWidget(m_pages);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({170, 1110});
    setCentralWidget(splitter);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("simulationStatus"));
    statusBar()->addPermanentWidget(m_status);

    buildActions();
    buildNavigator();
    resize(1280, 800);
    fitNavigator();
}

MainWindow::~MainWindow()
{
    // QWidget's destructor closes the window after this one has run, and the seed box losing focus then would
    // call applySeedBox() on a MainWindow that no longer exists (UBSan caught it in tst_layout).
    disconnect(m_seed, nullptr, this, nullptr);
    // The type scale is application-wide: give the next window (tests open many) the type it started from.
    if (m_typeScale != 1.0) {
        QApplication::setFont(m_normalFont);
        widgets::PlotStyle::setPresentationScale(1.0);
    }
}

void MainWindow::buildActions()
{
    m_undoGroup = new QUndoGroup(this);
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open scenario…"), this, &MainWindow::openScenarioInteractive);
    open->setObjectName(QStringLiteral("actionOpenScenario"));
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Restore a panel exactly as it was saved: model, parameters, seed and speed"));
    m_recentMenu = file->addMenu(tr("Open &recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentScenarios"));
    QAction* save = file->addAction(tr("&Save scenario…"), this, &MainWindow::saveScenarioInteractive);
    save->setObjectName(QStringLiteral("actionSaveScenario"));
    save->setShortcut(QKeySequence::Save);
    save->setStatusTip(tr("Save the current panel's whole state as a scenario file (JSON) to reopen or share"));
    file->addSeparator();
    QAction* exportFigure = file->addAction(tr("Export &figure…"), this, &MainWindow::exportFigureInteractive);
    exportFigure->setShortcut(QKeySequence(tr("Ctrl+E")));
    exportFigure->setStatusTip(tr("Save the plots of the current panel as PNG, SVG or PDF"));
    QAction* exportData = file->addAction(tr("Export &data…"), this, &MainWindow::exportDataInteractive);
    exportData->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
    exportData->setStatusTip(tr("Save the plotted data of the current panel as CSV"));
    QAction* record = file->addAction(tr("Record &animation…"), this, [this] { recordAnimationInteractive(*this); });
    record->setObjectName(QStringLiteral("actionRecordAnimation"));
    record->setStatusTip(tr("Record a run of the current panel as an animated GIF or numbered PNG frames"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    m_undo = m_undoGroup->createUndoAction(this, tr("&Undo"));
    m_undo->setObjectName(QStringLiteral("actionUndo"));
    m_undo->setShortcut(QKeySequence(tr("Ctrl+Z")));
    m_redo = m_undoGroup->createRedoAction(this, tr("&Redo"));
    m_redo->setObjectName(QStringLiteral("actionRedo"));
    m_redo->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence(tr("Ctrl+Y"))});
    edit->addAction(m_undo);
    edit->addAction(m_redo);

    QMenu* simulation = menuBar()->addMenu(tr("&Simulation"));
    m_run = simulation->addAction(tr("Run"));
    m_run->setObjectName(QStringLiteral("actionRun"));
    m_run->setCheckable(true);
    m_run->setShortcut(QKeySequence(Qt::Key_Space));
    m_run->setToolTip(tr("Run or pause the simulation (Space)"));
    // Built once: a QIcon made per press has a new cache key, so every repaint of the toolbar would add its pixmaps
    // to QPixmapCache again (3 KB per press of Reset, up to the cache's 10 MB: the key-storm "leak" of issue 8).
    m_playIcon = style()->standardIcon(QStyle::SP_MediaPlay);
    m_pauseIcon = style()->standardIcon(QStyle::SP_MediaPause);
    m_run->setIcon(m_playIcon);
    connect(m_run, &QAction::triggered, this, [this](bool checked) {
        if (SimulationController* c = controller())
            c->setRunning(checked);
        syncRunState();
    });
    m_step = simulation->addAction(tr("Step"));
    m_step->setObjectName(QStringLiteral("actionStep"));
    m_step->setShortcut(QKeySequence(Qt::Key_Right));
    m_step->setToolTip(tr("Advance 1 ms of simulated time (→)"));
    m_step->setIcon(style()->standardIcon(QStyle::SP_MediaSeekForward));
    connect(m_step, &QAction::triggered, this, [this] {
        if (SimulationController* c = controller())
            c->step(1.0);
        syncRunState();
    });
    m_reset = simulation->addAction(tr("Reset"));
    m_reset->setObjectName(QStringLiteral("actionReset"));
    m_reset->setShortcut(QKeySequence(Qt::Key_R));
    m_reset->setToolTip(tr("Back to t = 0 with the same parameters and seed (R)"));
    m_reset->setIcon(style()->standardIcon(QStyle::SP_MediaSkipBackward));
    connect(m_reset, &QAction::triggered, this, [this] {
        if (SimulationController* c = controller())
            c->reset();
        syncRunState();
    });
    simulation->addSeparator();
    // Pinned runs (chapters/framework/Classroom.h): grey ghosts of the current traces to compare with the next run.
    QAction* pin = simulation->addAction(tr("Pin run"));
    pin->setObjectName(QStringLiteral("actionPin"));
    pin->setShortcut(QKeySequence(Qt::Key_P));
    pin->setToolTip(tr("Keep the current traces as grey ghosts, then change a parameter and compare (P; at most %1)")
                        .arg(widgets::PlotView::kMaxPins));
    connect(pin, &QAction::triggered, this, [this] {
        if (ExperimentPanel* panel = currentPanel())
            statusBar()->showMessage(panel->pins().pin(), 5000);
    });
    QAction* clearPins = simulation->addAction(tr("Clear pins"));
    clearPins->setObjectName(QStringLiteral("actionClearPins"));
    clearPins->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_P));
    clearPins->setToolTip(tr("Remove every pinned run of this panel (Shift+P)"));
    connect(clearPins, &QAction::triggered, this, [this] {
        ExperimentPanel* panel = currentPanel();
        if (!panel)
            return;
        const int count = panel->pins().count();
        panel->pins().clear();
        statusBar()->showMessage(count ? tr("%n pinned run(s) removed", nullptr, count) : tr("No pinned runs on this panel"),
                                 4000);
    });
    simulation->addSeparator();
    QMenu* presets = simulation->addMenu(tr("Presets"));
    presets->setObjectName(QStringLiteral("menuPresets"));
    m_presetMenu = presets;
    connect(presets, &QMenu::aboutToShow, this, &MainWindow::syncPresetMenu);
    for (int i = 1; i <= 9; ++i) {
        QAction* preset = presets->addAction(tr("Preset %1").arg(i));
        m_presetActions << preset;
        preset->setShortcut(QKeySequence(Qt::Key_0 + i));
        connect(preset, &QAction::triggered, this, [this, i] {
            ExperimentPanel* panel = currentPanel();
            if (!panel || i > panel->presets().size())
                return;
            const QString name = panel->presets()[i - 1].name;
            const QString error = panel->applyPreset(name);
            statusBar()->showMessage(error.isEmpty() ? tr("Preset %1: %2").arg(i).arg(panel->presets()[i - 1].title) : error,
                                     4000);
        });
    }

    QMenu* view = menuBar()->addMenu(tr("&View"));
    m_presentationAction = view->addAction(tr("&Presentation mode"));
    m_presentationAction->setObjectName(QStringLiteral("actionPresentation"));
    m_presentationAction->setCheckable(true);
    m_presentationAction->setShortcut(QKeySequence(Qt::Key_F11));
    m_presentationAction->setToolTip(tr("Full screen with large type and thick lines, for a projector (F11, Esc leaves)"));
    connect(m_presentationAction, &QAction::toggled, this, &MainWindow::setPresentationMode);
    addAction(m_presentationAction);  // F11 works while the menu bar is hidden
    auto* leave = new QAction(this);
    leave->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(leave, &QAction::triggered, this, [this] { setPresentationMode(false); });
    addAction(leave);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About NeuroAI Explorer"), this, &MainWindow::showAbout);

    QToolBar* toolbar = addToolBar(tr("Simulation"));
    toolbar->setObjectName(QStringLiteral("simulationToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_run);
    toolbar->addAction(m_step);
    toolbar->addAction(m_reset);
    toolbar->addSeparator();
    toolbar->addAction(pin);
    toolbar->addAction(clearPins);
    toolbar->addSeparator();
    toolbar->addWidget(new QLabel(tr(" Speed "), toolbar));
    m_speed = new QComboBox(toolbar);
    m_speed->setObjectName(QStringLiteral("speedBox"));
    m_speed->setToolTip(tr("Simulated time per wall-clock time"));
    for (const double s : speedChoices())
        m_speed->addItem(std::isinf(s) ? tr("As fast as possible") : tr("%1× real time").arg(s), s);
    m_speed->setCurrentIndex(int(speedChoices().indexOf(1.0)));
    connect(m_speed, &QComboBox::currentIndexChanged, this, &MainWindow::applySpeed);
    toolbar->addWidget(m_speed);
    toolbar->addSeparator();
    toolbar->addWidget(new QLabel(tr(" Seed "), toolbar));
    m_seed = new QLineEdit(toolbar);
    m_seed->setObjectName(QStringLiteral("seedBox"));
    m_seed->setToolTip(tr("Seed of the random source: the same seed gives the same run (Enter applies; undoable)"));
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{1,20}")), m_seed));
    m_seed->setMaximumWidth(m_seed->fontMetrics().horizontalAdvance(QStringLiteral("0000000000")) + 16);  // longer seeds scroll
    connect(m_seed, &QLineEdit::editingFinished, this, &MainWindow::applySeedBox);
    toolbar->addWidget(m_seed);
    rebuildRecentMenu();
}

void MainWindow::buildNavigator()
{
    QHash<QString, QTreeWidgetItem*> parts;
    for (const chapters::ChapterInfo& info : chapters::chapterRegistry()) {
        const QString part = QString::fromUtf8(info.part);
        QTreeWidgetItem* partItem = parts.value(part);
        if (!partItem) {
            partItem = new QTreeWidgetItem(m_navigator, {part});
            partItem->setFlags(Qt::ItemIsEnabled);
            QFont bold = partItem->font(0);
            bold.setBold(true);
            partItem->setFont(0, bold);
            partItem->setExpanded(true);
            parts.insert(part, partItem);
        }
        auto* item = new QTreeWidgetItem(partItem, {QStringLiteral("%1 · %2").arg(info.number).arg(QString::fromUtf8(info.title))});
        item->setData(0, Qt::UserRole, QString::fromLatin1(info.id));
        item->setToolTip(0, QString::fromUtf8(info.title));
        auto* chapter = new Chapter(info, m_pages);
        m_pages->addWidget(chapter);
        m_chapters.append(chapter);
        connect(chapter, &Chapter::currentPanelChanged, this, &MainWindow::onPanelChanged);
        connect(chapter, &Chapter::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, 4000); });
    }
    m_navigator->expandAll();
    int widest = 0;  // wide enough for every title, so none is cut off
    for (QTreeWidgetItemIterator it(m_navigator); *it; ++it) {
        QFontMetrics metrics((*it)->font(0));
        widest = std::max(widest, metrics.horizontalAdvance((*it)->text(0)) + ((*it)->parent() ? m_navigator->indentation() : 0));
    }
    m_navigator->setMinimumWidth(std::clamp(widest + 24, 150, 260));
    connect(m_navigator, &QTreeWidget::currentItemChanged, this, &MainWindow::onChapterSelected);
    if (!m_chapters.isEmpty())
        showChapter(m_chapters.first()->id());
}

bool MainWindow::showChapter(const QString& id)
{
    if (id.isEmpty())  // the part headings carry an empty id: they are not chapters
        return false;
    for (QTreeWidgetItemIterator it(m_navigator); *it; ++it) {
        if ((*it)->data(0, Qt::UserRole).toString() == id) {
            m_navigator->setCurrentItem(*it);
            onChapterSelected();
            return true;
        }
    }
    return false;
}

ExperimentPanel* MainWindow::findPanel(const QString& panelId) const
{
    for (Chapter* chapter : m_chapters)
        if (chapter->id() == chapters::chapterOfPanel(panelId))
            return chapter->panel(panelId);
    return nullptr;
}

bool MainWindow::showPanel(const QString& panelId)
{
    ExperimentPanel* panel = findPanel(panelId);
    if (!panel || !showChapter(chapters::chapterOfPanel(panelId)))
        return false;
    return currentChapter()->showPanel(panel);
}

QString MainWindow::openScenario(const QString& path, QStringList* warnings)
{
    QString error;
    const auto document = chapters::readScenarioFile(path, error);
    if (!document)
        return error;
    ExperimentPanel* panel = findPanel(document->panel);
    if (!panel)
        return tr("scenario '%1': panel: there is no panel '%2' in this version (known: %3)")
            .arg(path, document->panel, chapters::allPanelIds().join(QStringLiteral(", ")));
    QStringList notes = document->warnings;
    const auto state = chapters::stateFromJson(*document, panel->schema(), error, &notes);
    if (!state)
        return tr("scenario '%1': %2").arg(path, error);
    showPanel(document->panel);
    if (const QString applied = panel->binding().restoreState(*state, tr("Open scenario %1").arg(QFileInfo(path).fileName()));
        !applied.isEmpty())
        return tr("scenario '%1': %2").arg(path, applied);
    syncStateControls();
    if (warnings)
        *warnings = notes;
    rememberScenario(path);
    return {};
}

QString MainWindow::saveScenario(const QString& path)
{
    ExperimentPanel* panel = currentPanel();
    if (!panel)
        return tr("there is no experiment on this page to save");
    if (const QString error = chapters::writeScenarioFile(path, panel->captureState()); !error.isEmpty())
        return error;
    rememberScenario(path);
    return {};
}

QStringList MainWindow::recentScenarios() const
{
    return QSettings().value(QStringLiteral("scenarios/recent")).toStringList();
}

void MainWindow::rememberScenario(const QString& path)
{
    if (!m_persistent)
        return;
    QStringList recent = recentScenarios();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > 8)
        recent.removeLast();
    QSettings().setValue(QStringLiteral("scenarios/recent"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = m_persistent ? recentScenarios() : QStringList{};
    for (const QString& path : recent) {
        QAction* action = m_recentMenu->addAction(QFileInfo(path).fileName());
        action->setToolTip(path);
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this, [this, path] {
            QStringList warnings;
            if (const QString error = openScenario(path, &warnings); !error.isEmpty())
                QMessageBox::warning(this, tr("Open scenario"), error);
            else
                statusBar()->showMessage(warnings.isEmpty() ? tr("Opened %1").arg(path) : warnings.join(QStringLiteral("; ")), 6000);
        });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::openScenarioInteractive()
{
    const QString folder = m_lastScenarioFolder.isEmpty()
                               ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                               : m_lastScenarioFolder;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), folder,
                                                      tr("Scenarios (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    m_lastScenarioFolder = QFileInfo(path).absolutePath();
    QStringList warnings;
    if (const QString error = openScenario(path, &warnings); !error.isEmpty()) {
        QMessageBox::warning(this, tr("Open scenario"), error);
        return;
    }
    if (!warnings.isEmpty())
        QMessageBox::information(this, tr("Open scenario"),
                                 tr("The scenario was opened; some of it was not understood and was ignored:\n\n%1")
                                     .arg(warnings.join(QLatin1Char('\n'))));
    else
        statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::saveScenarioInteractive()
{
    ExperimentPanel* panel = currentPanel();
    if (!panel)
        return;
    const QString folder = m_lastScenarioFolder.isEmpty()
                               ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                               : m_lastScenarioFolder;
    const QString suggested = panel->panelId().replace(QLatin1Char('/'), QLatin1Char('-')) + QStringLiteral(".json");
    QString path = QFileDialog::getSaveFileName(this, tr("Save scenario"), QDir(folder).filePath(suggested),
                                                tr("Scenarios (*.json)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
        path += QStringLiteral(".json");
    m_lastScenarioFolder = QFileInfo(path).absolutePath();
    if (const QString error = saveScenario(path); !error.isEmpty())
        QMessageBox::warning(this, tr("Save scenario"), error);
    else
        statusBar()->showMessage(tr("Scenario saved to %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::onChapterSelected()
{
    QTreeWidgetItem* item = m_navigator->currentItem();
    if (!item)
        return;
    const QString id = item->data(0, Qt::UserRole).toString();
    for (Chapter* chapter : m_chapters) {
        if (chapter->id() != id)
            continue;
        if (Chapter* previous = currentChapter(); previous && previous != chapter)
            if (ExperimentPanel* panel = previous->currentPanel(); panel && panel->controller())
                panel->controller()->setRunning(false);  // only the visible experiment runs
        chapter->ensureBuilt();
        m_pages->setCurrentWidget(chapter);
        onPanelChanged();
        return;
    }
}

Chapter* MainWindow::currentChapter() const { return qobject_cast<Chapter*>(m_pages->currentWidget()); }

ExperimentPanel* MainWindow::currentPanel() const
{
    Chapter* chapter = currentChapter();
    return chapter ? chapter->currentPanel() : nullptr;
}

SimulationController* MainWindow::controller() const
{
    ExperimentPanel* panel = currentPanel();
    return panel ? panel->controller() : nullptr;
}

void MainWindow::onPanelChanged()
{
    disconnect(m_runConnection);
    disconnect(m_frameConnection);
    disconnect(m_stateConnection);
    if (ExperimentPanel* panel = currentPanel()) {
        QUndoStack* stack = panel->binding().undoStack();
        if (!m_undoGroup->stacks().contains(stack))
            m_undoGroup->addStack(stack);
        m_undoGroup->setActiveStack(stack);
        m_stateConnection = connect(&panel->binding(), &chapters::PanelBinding::stateChanged, this,
                                    &MainWindow::syncStateControls);
    } else {
        m_undoGroup->setActiveStack(nullptr);
    }
    m_seed->setEnabled(currentPanel() != nullptr);
    SimulationController* c = controller();
    for (QAction* a : {m_run, m_step, m_reset})
        a->setEnabled(c != nullptr);
    if (c) {
        m_run->setToolTip(tr("Run or pause the simulation (Space)"));
        m_reset->setToolTip(tr("Back to t = 0 with the same parameters and seed (R)"));
    } else {
        // Say why the buttons are grey: these panels are not a clock-driven simulation.
        const QString why = tr("This panel has no running simulation: it computes its whole result in the "
                               "background each time a parameter, preset or the seed changes. Change one to "
                               "recompute.");
        for (QAction* a : {m_run, m_step, m_reset})
            a->setToolTip(why);
        if (currentPanel())
            m_status->setText(tr("Computed in the background when a parameter changes (Run, Step and Reset do "
                                 "not apply)"));
    }
    m_speed->setEnabled(c != nullptr);
    if (c) {
        m_runConnection = connect(c, &SimulationController::runningChanged, this, &MainWindow::syncRunState);
        m_step->setToolTip(tr("Advance 1 %1 of %2 (→)")
                               .arg(QString::fromStdString(c->clock().unit), QString::fromStdString(c->clock().label)));
        m_frameConnection = connect(c, &SimulationController::frameReady, this, [this, c](const Frame& frame) {
            const double speed = m_speed->currentData().toDouble();
            m_status->setText(
                tr("t = %1 %2  ·  %3").arg(frame.timeMs, 0, 'f', 1).arg(QString::fromStdString(c->clock().unit))
                    .arg(frame.running ? tr("running at %1× (%2)")
                                             .arg(frame.achievedSpeed, 0, 'g', 3)
                                             .arg(std::isinf(speed) ? tr("as fast as possible")
                                                                    : tr("set to %1×").arg(speed))
                                       : tr("paused")));
        });
    }
    syncStateControls();
    syncRunState();
}

void MainWindow::syncPresetMenu()
{
    // The entries name the presets they apply, in the panel's order (keys 1–9); the others are hidden.
    ExperimentPanel* panel = currentPanel();
    const QList<chapters::Preset> list = panel ? panel->presets() : QList<chapters::Preset>{};
    for (int i = 0; i < m_presetActions.size(); ++i) {
        QAction* action = m_presetActions[i];
        const bool exists = i < list.size();
        action->setText(exists ? tr("&%1  %2").arg(i + 1).arg(list[i].title) : tr("Preset %1").arg(i + 1));
        action->setToolTip(exists ? list[i].description : QString());
        action->setVisible(exists);
    }
    m_presetMenu->setEnabled(!list.isEmpty());
}

void MainWindow::syncStateControls()
{
    syncPresetMenu();
    ExperimentPanel* panel = currentPanel();
    if (!panel)
        return;
    m_seed->setText(QString::number(panel->currentSeed()));
    const double speed = panel->currentSpeed();
    const QSignalBlocker quiet(m_speed);  // showing the panel's speed is not a change of it
    int index = -1;
    for (int i = 0; i < m_speed->count(); ++i)
        if (m_speed->itemData(i).toDouble() == speed || (std::isinf(speed) && std::isinf(m_speed->itemData(i).toDouble())))
            index = i;
    if (index < 0) {  // a speed from a scenario that the list does not offer: add it, in order
        index = 0;
        while (index < m_speed->count() && m_speed->itemData(index).toDouble() < speed)
            ++index;
        m_speed->insertItem(index, tr("%1× real time").arg(speed), speed);
    }
    m_speed->setCurrentIndex(index);
}

void MainWindow::applySeedBox()
{
    ExperimentPanel* panel = currentPanel();
    if (!panel)
        return;
    bool ok = false;
    const quint64 seed = m_seed->text().toULongLong(&ok);
    if (!ok) {
        statusBar()->showMessage(tr("The seed must be a whole number from 0 to 18446744073709551615"), 5000);
        m_seed->setText(QString::number(panel->currentSeed()));
        return;
    }
    if (seed == panel->currentSeed())
        return;
    if (const QString error = panel->setSeed(seed); !error.isEmpty())
        statusBar()->showMessage(error, 5000);
    else
        statusBar()->showMessage(tr("Seed %1: the run restarts from t = 0").arg(seed), 4000);
}

void MainWindow::syncRunState()
{
    SimulationController* c = controller();
    const bool running = c && c->isRunning();
    m_run->setChecked(running);
    m_run->setText(running ? tr("Pause") : tr("Run"));
    const QIcon& icon = running ? m_pauseIcon : m_playIcon;
    if (m_run->icon().cacheKey() != icon.cacheKey())
        m_run->setIcon(icon);
}

void MainWindow::applySpeed()
{
    if (SimulationController* c = controller())
        c->setSpeed(m_speed->currentData().toDouble());
}

void MainWindow::setPresentationMode(bool on)
{
    if (on == m_presentation)
        return;
    m_presentation = on;
    // On a projector the experiment gets the whole screen: navigator, chapter text, menu bar and status bar step
    // aside (F11 and Esc still work); the toolbar keeps run/pause, step, reset, speed and seed in reach.
    m_navigator->setVisible(!on);
    menuBar()->setVisible(!on);
    statusBar()->setVisible(!on);
    for (Chapter* chapter : m_chapters)
        chapter->setTextVisible(!on);
    m_presentationAction->setChecked(on);
    if (on)
        showFullScreen();
    else if (isFullScreen())
        showNormal();
    applyTypeScale();
}

void MainWindow::resizeEvent(QResizeEvent* event)
{
    QMainWindow::resizeEvent(event);
    applyTypeScale();
}

void MainWindow::applyTypeScale()
{
    double scale = 1.0;
    if (m_presentation) {
        // Legible from the back of a lecture room: body text 1/45 of the screen height, never below 20 px.
        const double normalPx = std::max(1, QFontInfo(m_normalFont).pixelSize());
        const double px = std::clamp(std::round(height() / 45.0), 20.0, 36.0);
        scale = px / normalPx;
    } else {
        // A large window gets larger type, so side columns and labels keep their proportion to the plots; in
        // eighths, so dragging the window's edge does not restyle every plot on each pixel.
        const double ratio = std::min(width() / 1280.0, height() / 800.0);
        scale = std::round(std::clamp(1.0 + 0.4 * (ratio - 1.0), 1.0, 1.5) * 8.0) / 8.0;
    }
    // Plots grow less than the body text when projected: their axis titles run along the plot's height, and at
    // twice the type a stacked plot's title no longer fits beside it (on a 800 px high projector 1.05, 1.42 at 1080 px, at most 1.5).
    const double plotScale = m_presentation ? std::min(scale, std::clamp(height() / 760.0, 1.0, 1.5)) : scale;
    if (scale == m_typeScale && plotScale == widgets::PlotStyle::presentationScale())
        return;
    m_typeScale = scale;
    QFont font = m_normalFont;
    if (m_normalFont.pixelSize() > 0)
        font.setPixelSize(int(std::lround(m_normalFont.pixelSize() * scale)));
    else
        font.setPointSizeF(m_normalFont.pointSizeF() * scale);
    widgets::PlotStyle::setPresentationScale(plotScale);  // first: widgets that size plots read it on FontChange
    QApplication::setFont(font);
    widgets::PlotView::restyleAll(this);
    fitNavigator();
}

void MainWindow::fitNavigator()
{
    if (m_navigator->isHidden())
        return;
    // As wide as its longest entry at the current type, so no chapter title is cut.
    const QFontMetrics metrics(QApplication::font());
    int widest = 0;
    for (QTreeWidgetItemIterator it(m_navigator); *it; ++it) {
        QFont f = QApplication::font();
        f.setBold((*it)->font(0).bold());
        widest = std::max(widest, QFontMetrics(f).horizontalAdvance((*it)->text(0)));
    }
    const int wanted = widest + m_navigator->indentation() + metrics.height() + 12;  // frame and item padding
    const QList<int> sizes = m_splitter->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    if (total > wanted)
        m_splitter->setSizes({wanted, total - wanted});
    m_navigator->setMinimumWidth(std::min(wanted, 320));
}

QString MainWindow::exportFigure(const QString& path, double scale, QSizeF figureSizeMm)
{
    ExperimentPanel* panel = currentPanel();
    if (!panel)
        return tr("there is no experiment on this page to export");
    return widgets::FigureExporter::exportWidget(panel->figureWidget(), path, scale, panel->metadata(), figureSizeMm);
}

QString MainWindow::exportData(const QString& path)
{
    ExperimentPanel* panel = currentPanel();
    if (!panel)
        return tr("there is no experiment on this page to export");
    return widgets::FigureExporter::writeFile(path, widgets::toTidyCsv(panel->metadata(), panel->exportSeries()));
}

void MainWindow::exportFigureInteractive()
{
    if (!currentPanel())
        return;
    const QString folder = m_lastExportFolder.isEmpty()
                               ? QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)
                               : m_lastExportFolder;
    QString filter;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export figure"), QDir(folder).filePath(currentChapter()->id() + QStringLiteral(".png")),
        tr("PNG image (*.png);;SVG vector drawing (*.svg);;PDF document (*.pdf)"), &filter);
    if (path.isEmpty())
        return;
    double scale = 1.0;
    if (widgets::FigureExporter::formatForPath(path) == widgets::FigureExporter::Format::Png) {
        const QStringList choices{tr("1× (96 dpi)"), tr("2× (192 dpi)"), tr("3× (288 dpi)"), tr("4× (384 dpi)")};
        bool ok = false;
        const QString choice = QInputDialog::getItem(this, tr("PNG resolution"), tr("Scale"), choices, 1, false, &ok);
        if (!ok)
            return;
        scale = choices.indexOf(choice) + 1;
    }
    m_lastExportFolder = QFileInfo(path).absolutePath();
    if (const QString error = exportFigure(path, scale); !error.isEmpty())
        QMessageBox::warning(this, tr("Export figure"), error);
    else
        statusBar()->showMessage(tr("Figure saved to %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::exportDataInteractive()
{
    if (!currentPanel())
        return;
    const QString folder = m_lastExportFolder.isEmpty()
                               ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                               : m_lastExportFolder;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export data"),
                                                      QDir(folder).filePath(currentChapter()->id() + QStringLiteral(".csv")),
                                                      tr("CSV table (*.csv)"));
    if (path.isEmpty())
        return;
    m_lastExportFolder = QFileInfo(path).absolutePath();
    if (const QString error = exportData(path); !error.isEmpty())
        QMessageBox::warning(this, tr("Export data"), error);
    else
        statusBar()->showMessage(tr("Data saved to %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About NeuroAI Explorer"),
        tr("<h3>%1 %2</h3>"
           "<p>Live experiments for the handbook <i>The Neuroscience of AI</i>.</p>"
           "<p>Code: MIT licence (LICENSE-code). Chapter texts, presets and figures: "
           "Creative Commons Attribution 4.0 (LICENSE-content).</p>"
           "<p>Built with Qt %3, Eigen and spdlog.</p>")
            .arg(QString::fromLatin1(kApplicationName), QString::fromLatin1(kVersion), QString::fromLatin1(qVersion())));
}

void MainWindow::restoreState()
{
    QSettings settings;
    if (const QByteArray geometry = settings.value(QStringLiteral("window/geometry")).toByteArray(); !geometry.isEmpty())
        restoreGeometry(geometry);
    if (const QString chapter = settings.value(QStringLiteral("window/chapter")).toString(); !chapter.isEmpty())
        showChapter(chapter);
    m_lastExportFolder = settings.value(QStringLiteral("export/folder")).toString();
    m_lastScenarioFolder = settings.value(QStringLiteral("scenarios/folder")).toString();
    rebuildRecentMenu();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_persistent) {
        QSettings settings;
        settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
        if (Chapter* chapter = currentChapter())
            settings.setValue(QStringLiteral("window/chapter"), chapter->id());
        settings.setValue(QStringLiteral("export/folder"), m_lastExportFolder);
        settings.setValue(QStringLiteral("scenarios/folder"), m_lastScenarioFolder);
    }
    for (Chapter* chapter : m_chapters)
        for (ExperimentPanel* panel : chapter->panels())
            if (panel->controller())
                panel->controller()->setRunning(false);
    event->accept();
}

}  // namespace neuroai::app
