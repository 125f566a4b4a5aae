#pragma once

#include "chapters/framework/Preset.h"
#include "chapters/framework/SimulationController.h"
#include "widgets/FigureExporter.h"

#include <QWidget>

namespace neuroai::chapters {

// One live experiment inside a chapter (a tab of the chapter page): controls, plots and readouts. The main window
// drives the panel it shows through this interface (toolbar, presets, export) and so does the headless command line.
class ExperimentPanel : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    virtual QString title() const = 0;
    // The simulation the toolbar's run/pause/step/reset/speed act on; nullptr for a panel without one.
    virtual SimulationController* controller() = 0;

    // The widget exported by File → Export figure (plots and readouts, without the controls).
    virtual QWidget* figureWidget() = 0;
    // The plotted data, at full resolution, for File → Export data.
    virtual QList<widgets::DataSeries> dataSeries() = 0;
    // Parameters, seed and app version, embedded in exported files.
    virtual QString metadata() const = 0;

    virtual QList<Preset> presets() const = 0;
    // Applies a preset by name; empty on success, otherwise the message.
    virtual QString applyPreset(const QString& name) = 0;
    // Sets one parameter as if the user had typed it; empty on success, otherwise the message.
    virtual QString setParameter(const QString& key, double value) = 0;
    // The specs of the parameters setParameter() accepts (used to resolve choice names such as "stimulus=step");
    // the default asks the controller's model.
    virtual std::vector<ParamSpec> parameterSpecs() { return controller() ? controller()->specs() : std::vector<ParamSpec>{}; }

    // Runs `ms` of simulated time from the current state and waits until the plots show it, including background
    // analyses (e.g. the f-I sweep). For headless export and tests; false on timeout.
    virtual bool runHeadless(double ms, int timeoutMs = 120000) = 0;
};

}  // namespace neuroai::chapters
