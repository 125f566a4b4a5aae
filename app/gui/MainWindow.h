#pragma once

#include "widgets/FigureExporter.h"

#include <QIcon>
#include <QMainWindow>

QT_BEGIN_NAMESPACE
class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QSplitter;
class QStackedWidget;
class QTreeWidget;
class QUndoGroup;
QT_END_NAMESPACE

namespace neuroai::chapters {
class Chapter;
class ExperimentPanel;
class SimulationController;
}  // namespace neuroai::chapters

namespace neuroai::app {

// The main window: chapter navigator (grouped by the handbook's parts), the stacked chapter pages (built lazily),
// the toolbar (run/pause, step, reset, speed) and the menus. It holds no simulation logic: everything acts on the
// current chapter's current ExperimentPanel.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Shows the chapter `id`; false if there is no such chapter.
    bool showChapter(const QString& id);
    // Shows the panel "<chapter>/<panel>"; false if there is no such panel.
    bool showPanel(const QString& panelId);
    chapters::ExperimentPanel* findPanel(const QString& panelId) const;

    // Scenarios. openScenario() checks the whole file against its panel before anything changes: on error the
    // message names the file, the key and the reason, and every panel keeps its state. On success the panel is
    // shown with the scenario's state (one undo step) and `warnings` lists ignored unknown keys.
    QString openScenario(const QString& path, QStringList* warnings = nullptr);
    QString saveScenario(const QString& path);
    QStringList recentScenarios() const;
    QUndoGroup* undoGroup() const { return m_undoGroup; }
    QAction* undoAction() const { return m_undo; }
    QAction* redoAction() const { return m_redo; }
    QLineEdit* seedBox() const { return m_seed; }
    chapters::Chapter* currentChapter() const;
    chapters::ExperimentPanel* currentPanel() const;

    // Geometry and the last chapter are remembered in QSettings unless this is off (headless runs and tests).
    void setPersistent(bool persistent) { m_persistent = persistent; }
    void restoreState();

    // Interactive exports (a file dialog first) and their non-interactive cores.
    // At `figureSizeMm` (default: FigureExporter's publication size); an empty size exports the on-screen size.
    QString exportFigure(const QString& path, double scale,
                         QSizeF figureSizeMm = widgets::FigureExporter::defaultFigureSizeMm());
    QString exportData(const QString& path);

    // Presentation mode (F11; Esc leaves it): full screen, the experiment alone (navigator and chapter text step
    // aside), body text of at least 20 px (about 1/45 of the screen height), plots with type and lines to match.
    void setPresentationMode(bool on);
    // The factor applied to the type of the whole window (widgets and plots) at its current size: 1 up to
    // 1280×800, growing to 1.5 on large windows; in presentation mode whatever gives the body text its size.
    double typeScale() const { return m_typeScale; }
    bool presentationMode() const { return m_presentation; }
    QAction* presentationAction() const { return m_presentationAction; }

    QAction* runAction() const { return m_run; }
    QAction* stepAction() const { return m_step; }
    QAction* resetAction() const { return m_reset; }
    // Simulation ▸ Presets: entries named after the current panel's presets (keys 1–9).
    QMenu* presetMenu() const { return m_presetMenu; }
    QLabel* statusLabel() const { return m_status; }
    QComboBox* speedBox() const { return m_speed; }
    QTreeWidget* navigator() const { return m_navigator; }

    // Speeds offered in the toolbar (simulated ms per wall-clock ms); infinity = as fast as possible.
    static QList<double> speedChoices();

protected:
    void closeEvent(QCloseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void buildActions();
    void buildNavigator();
    void onChapterSelected();
    void onPanelChanged();
    void syncRunState();
    void applySpeed();
    void exportFigureInteractive();
    void exportDataInteractive();
    void openScenarioInteractive();
    void saveScenarioInteractive();
    void rememberScenario(const QString& path);
    void rebuildRecentMenu();
    void syncStateControls();
    void syncPresetMenu();
    void applySeedBox();
    void showAbout();
    void applyTypeScale();
    void fitNavigator();
    chapters::SimulationController* controller() const;

    QTreeWidget* m_navigator = nullptr;
    QStackedWidget* m_pages = nullptr;
    QList<chapters::Chapter*> m_chapters;
    QAction* m_run = nullptr;
    QIcon m_playIcon, m_pauseIcon;
    QAction* m_step = nullptr;
    QAction* m_reset = nullptr;
    QMenu* m_presetMenu = nullptr;
    QList<QAction*> m_presetActions;  // keys 1–9: the current panel's first nine presets, by name
    QAction* m_presentationAction = nullptr;
    bool m_presentation = false;
    QFont m_normalFont;
    double m_typeScale = 1.0;
    QSplitter* m_splitter = nullptr;
    QComboBox* m_speed = nullptr;
    QLabel* m_status = nullptr;
    QMetaObject::Connection m_runConnection;
    QMetaObject::Connection m_frameConnection;
    QMetaObject::Connection m_stateConnection;
    QUndoGroup* m_undoGroup = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    QMenu* m_recentMenu = nullptr;
    QLineEdit* m_seed = nullptr;
    QString m_lastScenarioFolder;
    bool m_persistent = true;
    QString m_lastExportFolder;
};

}  // namespace neuroai::app
