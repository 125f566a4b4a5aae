#include "chapters/intro/IntroPanel.h"

#include "chapters/framework/PanelSupport.h"

#include "engine/core/Version.h"
#include "widgets/ParameterPanel.h"

#include <spdlog/spdlog.h>

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace neuroai::chapters {

IntroPanel::IntroPanel(const QString& model, const QString& presetFolder, std::vector<ParamSpec> specs,
                       QWidget* parent)
    : ExperimentPanel(parent)
    , m_model(model)
    , m_parameters(specs)
{
    QStringList presetErrors;
    m_presets = loadPresets(QStringLiteral("intro/") + presetFolder, specs, model, &presetErrors);
    for (const QString& error : presetErrors)
        spdlog::error("{}", error.toStdString());

    auto* controls = new QWidget;
    auto* controlsLayout = new QVBoxLayout(controls);
    controlsLayout->setContentsMargins(6, 6, 6, 6);
    const PresetRow presetRow = addPresetRow(controlsLayout, m_presets);
    m_presetBox = presetRow.box;
    m_presetDescription = presetRow.description;
    m_panel = new widgets::ParameterPanel(specs, controls);
    controlsLayout->addWidget(m_panel, 1);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(controls);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(280);
    scroll->setMaximumWidth(380);

    m_figure = new QWidget(this);
    m_figure->setAutoFillBackground(true);
    QPalette white = m_figure->palette();
    white.setColor(QPalette::Window, Qt::white);
    m_figure->setPalette(white);
    m_figureLayout = new QVBoxLayout(m_figure);
    m_figureLayout->setContentsMargins(4, 4, 4, 4);
    m_figureLayout->setSpacing(2);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 0);
    layout->addWidget(m_figure, 1);

    connect(m_panel, &widgets::ParameterPanel::valueChanged, this, &IntroPanel::onPanelChanged);
    connect(m_presetBox, &QComboBox::activated, this, [this](int index) {
        if (index >= 0)
            applyPreset(m_presetBox->itemData(index).toString());
    });
}

void IntroPanel::finishSetup()
{
    m_panel->setValues(m_parameters);
    refresh();
}

QLabel* IntroPanel::makeReadout(const QString& objectName)
{
    auto* label = new QLabel(m_figure);
    label->setObjectName(objectName);
    label->setAlignment(Qt::AlignCenter);
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    return label;
}

QString IntroPanel::tryParameters(const ParamSet& candidate)
{
    if (const QString error = checkParameters(candidate); !error.isEmpty())
        return error;
    m_parameters = candidate;
    return {};
}

void IntroPanel::onPanelChanged(const QString& key, double value)
{
    ParamSet candidate = m_parameters;
    QString error;
    try {
        candidate.set(key.toStdString(), value);
        error = tryParameters(candidate);
    } catch (const ParameterError& e) {
        error = QString::fromStdString(e.what());
    }
    if (!error.isEmpty()) {
        m_panel->setMessage(error);
        m_panel->setValues(m_parameters);  // show what the experiment really uses
        return;
    }
    m_panel->setMessage(QString());
    refresh();
}

QString IntroPanel::setParameter(const QString& key, double value)
{
    const ParamSpec* spec = m_parameters.spec(key.toStdString());
    QString error;
    if (!spec) {
        error = tr("unknown parameter '%1' (known: %2)").arg(key, m_panel->keys().join(QStringLiteral(", ")));
    } else if (const std::string rangeError = spec->check(value); !rangeError.empty()) {
        error = QString::fromStdString(rangeError);
    } else {
        ParamSet candidate = m_parameters;
        candidate.set(key.toStdString(), value);
        error = tryParameters(candidate);
    }
    if (!error.isEmpty()) {
        m_panel->setMessage(error);
        return error;
    }
    m_panel->setValues(m_parameters);
    m_panel->setMessage(QString());
    refresh();
    return {};
}

QString IntroPanel::applyPreset(const QString& name)
{
    for (const Preset& preset : m_presets) {
        if (preset.name != name)
            continue;
        if (const QString error = tryParameters(preset.parameters); !error.isEmpty())
            return error;
        m_panel->setValues(m_parameters);
        m_panel->setMessage(QString());
        refresh();
        return {};
    }
    QStringList names;
    for (const Preset& p : m_presets)
        names << p.name;
    return tr("unknown preset '%1' (known: %2)").arg(name, names.join(QStringLiteral(", ")));
}

bool IntroPanel::runHeadless(double /*ms*/, int /*timeoutMs*/)
{
    // The experiment is computed in full whenever a parameter changes; nothing runs in time.
    refresh();
    return true;
}

void IntroPanel::refresh()
{
    recompute();
    syncPresetBox();
    ++m_updates;
    emit updated();
}

void IntroPanel::syncPresetBox()
{
    for (int i = 0; i < m_presets.size(); ++i) {
        if (m_presets[i].parameters.values() == m_parameters.values()) {
            m_presetBox->setCurrentIndex(i);
            m_presetDescription->setText(m_presets[i].description);
            return;
        }
    }
    m_presetBox->setCurrentIndex(-1);
    m_presetDescription->clear();
}

QString IntroPanel::metadata() const
{
    QString text = QStringLiteral("%1 %2 | chapter intro | panel %3\nmodel %4 | seed %5\nparameters: %6")
                       .arg(QString::fromLatin1(kApplicationName), QString::fromLatin1(kVersion), title(), m_model)
                       .arg(m_seed)
                       .arg(parameterSummary(m_parameters));
    if (const QString extra = extraMetadata(); !extra.isEmpty())
        text += QLatin1Char('\n') + extra;
    return text;
}

}  // namespace neuroai::chapters
