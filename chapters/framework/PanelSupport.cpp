#include "chapters/framework/PanelSupport.h"

#include "chapters/framework/Classroom.h"
#include "chapters/framework/ExperimentPanel.h"
#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/Scenario.h"
#include "chapters/framework/SimulationController.h"
#include "widgets/ParameterPanel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QEvent>
#include <QFontInfo>
#include <QScrollArea>
#include <QScrollBar>
#include <QStringList>
#include <QVBoxLayout>

#include <algorithm>

namespace neuroai::chapters {

namespace {

// The controls column: its width follows the type (a column laid out for 12 px text is too narrow for 20 px text)
// and never drops below what its content needs, so no control is cut at the right edge; at most about a third of
// the panel, so the plots keep most of the width.
class ControlsColumn : public QScrollArea {
public:
    ControlsColumn(QWidget* panel, int minWidth, int maxWidth)
        : QScrollArea(panel)
        , m_min(minWidth)
        , m_max(maxWidth)
    {
        panel->installEventFilter(this);
    }

    void fit()
    {
        const double type = std::max(1.0, QFontInfo(font()).pixelSize() / 12.0);
        int low = int(m_min * type);
        int high = int(m_max * type);
        // Large type (a projector) makes every label longer but the plots need the width even more: 30% there.
        if (const int panel = parentWidget()->width(); panel > 0)
            high = std::min(high, int((type > 1.4 ? 0.30 : 0.36) * panel));
        const int content = widget() ? widget()->minimumSizeHint().width() + verticalScrollBar()->sizeHint().width() : 0;
        low = std::max(std::min(low, high), content);
        high = std::max(high, low);
        if (minimumWidth() != low || maximumWidth() != high) {
            setMinimumWidth(low);
            setMaximumWidth(high);
        }
    }

    // In a tall column the parameters' descriptions (otherwise tooltips) are shown under their controls when all
    // of them fit without scrolling: at 2560×1600 chapter 1's controls used to end a third of the way down an empty
    // column. Where they do not all fit they are all hidden: the controls themselves come first.
    void updateDescriptions()
    {
        if (m_updating || !widget() || !widget()->layout())
            return;
        const QList<widgets::ParameterPanel*> panels = widget()->findChildren<widgets::ParameterPanel*>();
        if (panels.isEmpty())
            return;
        m_updating = true;
        // Measured without toggling anything (a toggle posts a layout request, which would come back here).
        QLayout* layout = widget()->layout();
        const int width = viewport()->width();
        int needed = layout->hasHeightForWidth() ? layout->totalHeightForWidth(width) : layout->totalSizeHint().height();
        for (const widgets::ParameterPanel* panel : panels)
            needed += panel->descriptionsExtraHeight(panel->contentsRect().width());
        const bool show = needed <= viewport()->height();
        for (widgets::ParameterPanel* panel : panels)
            panel->setDescriptionsShown(show);
        m_updating = false;
    }

protected:
    void resizeEvent(QResizeEvent* event) override
    {
        QScrollArea::resizeEvent(event);
        updateDescriptions();
    }
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == parentWidget() && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
            fit();
        else if (watched == widget() && event->type() == QEvent::LayoutRequest) {
            fit();  // the content changed (a parameter panel rebuilt for another model)
            updateDescriptions();
        }
        return QScrollArea::eventFilter(watched, event);
    }
    void changeEvent(QEvent* event) override
    {
        QScrollArea::changeEvent(event);
        if (event->type() == QEvent::FontChange)
            fit();
    }

private:
    int m_min;
    int m_max;
    bool m_updating = false;
};

// The preset box: never narrower than its longest title. QComboBox's minimum size hint is narrower than its
// entries, and a combo box clips its text instead of eliding it ("1  Depressing synapse, 20 H" in presentation mode
// at 1280×800); with this the controls column makes room for the title.
class WholeTitleComboBox final : public QComboBox {
public:
    using QComboBox::QComboBox;
    QSize minimumSizeHint() const override
    {
        return {sizeHint().width(), QComboBox::minimumSizeHint().height()};
    }
};

}  // namespace

PresetRow addPresetRow(QVBoxLayout* layout, const QList<Preset>& presets)
{
    QWidget* parent = layout->parentWidget();
    PresetRow row;
    auto* form = new QFormLayout;
    row.box = new WholeTitleComboBox(parent);
    row.box->setObjectName(QStringLiteral("presetBox"));
    row.box->setPlaceholderText(QObject::tr("Custom"));
    for (int i = 0; i < presets.size(); ++i) {
        const QString label = i < 9 ? QStringLiteral("%1  %2").arg(i + 1).arg(presets[i].title) : presets[i].title;
        row.box->addItem(label, presets[i].name);
        row.box->setItemData(i, presets[i].description, Qt::ToolTipRole);
    }
    row.box->setToolTip(QObject::tr("Ready-made parameter sets (keys 1–9)"));
    row.box->setSizeAdjustPolicy(QComboBox::AdjustToContents);  // the size hint follows the longest title
    form->addRow(QObject::tr("Preset"), row.box);
    layout->addLayout(form);
    row.description = new QLabel(parent);
    row.description->setWordWrap(true);
    QPalette muted = row.description->palette();  // a palette, not a style sheet: fonts still follow the app
    muted.setColor(QPalette::WindowText, QColor(85, 85, 85));
    row.description->setPalette(muted);
    layout->addWidget(row.description);
    return row;
}

PanelFrame buildPanelFrame(QWidget& panel, int minControlsWidth, int maxControlsWidth)
{
    auto* controls = new QWidget;
    PanelFrame frame;
    frame.controls = new QVBoxLayout(controls);
    frame.controls->setContentsMargins(6, 6, 6, 6);
    if (auto* experiment = qobject_cast<ExperimentPanel*>(&panel))
        experiment->exercise().installCard(frame.controls);  // hidden until a "Try this" asks for a prediction
    auto* scroll = new ControlsColumn(&panel, minControlsWidth, maxControlsWidth);
    scroll->setObjectName(QStringLiteral("controlsColumn"));
    scroll->setWidget(controls);
    controls->installEventFilter(scroll);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->fit();

    frame.figure = new QWidget(&panel);
    frame.figure->setAutoFillBackground(true);
    QPalette white = frame.figure->palette();
    white.setColor(QPalette::Window, Qt::white);
    frame.figure->setPalette(white);

    auto* layout = new QHBoxLayout(&panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 0);
    layout->addWidget(frame.figure, 1);
    return frame;
}

QString parameterSummary(const ParamSet& p)
{
    QStringList values;
    for (const ParamSpec& s : p.specs()) {
        const std::string value = s.isChoice() ? s.display(p[s.key]) : formatValue(p[s.key], 12);
        const QString unit =
            s.unit.empty() || s.isChoice() ? QString() : QStringLiteral(" ") + QString::fromStdString(s.unit);
        values << QStringLiteral("%1=%2%3").arg(QString::fromStdString(s.key), QString::fromStdString(value), unit);
    }
    return values.join(QStringLiteral(", "));
}

void applyToController(SimulationController& controller, const PanelState& target, bool restart)
{
    controller.setParameters(target.parameters);  // checked by the binding: cannot be refused
    if (target.seed != controller.seed()) {
        controller.setSeed(target.seed);
        restart = true;
    }
    controller.setSpeed(target.speed);
    if (restart) {
        const bool wasRunning = controller.isRunning();
        controller.reset();
        controller.setRunning(wasRunning);
    }
}

void connectParameterPanel(PanelBinding& binding, widgets::ParameterPanel& panel, std::function<ParamSet()> current)
{
    QObject::connect(&panel, &widgets::ParameterPanel::valueChanged, &binding,
                     [&binding](const QString& key, double value) { binding.setParameter(key, value); });
    QObject::connect(&panel, &widgets::ParameterPanel::dragStarted, &binding, &PanelBinding::beginGesture);
    QObject::connect(&panel, &widgets::ParameterPanel::dragFinished, &binding, &PanelBinding::endGesture);
    QObject::connect(&binding, &PanelBinding::rejected, &panel,
                     [&panel, current = std::move(current)](const QString& message) {
                         panel.setMessage(message);
                         panel.setValues(current());  // show what the experiment really uses
                     });
}

void syncPresetRow(QComboBox* box, QLabel* description, const QList<Preset>& presets, const ParamSet& current)
{
    for (int i = 0; i < presets.size(); ++i) {
        if (presets[i].parameters.values() == current.values()) {
            box->setCurrentIndex(i);
            description->setText(presets[i].description);
            return;
        }
    }
    box->setCurrentIndex(-1);
    description->clear();
}

}  // namespace neuroai::chapters
