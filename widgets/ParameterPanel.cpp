#include "widgets/ParameterPanel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace neuroai::widgets {

int ParameterPanel::sliderPosition(const ParamSpec& spec, double value)
{
    value = std::clamp(value, spec.min, spec.max);
    double fraction = 0.0;
    if (spec.max > spec.min) {
        if (spec.scale == Scale::Log && spec.min > 0)
            fraction = std::log(value / spec.min) / std::log(spec.max / spec.min);
        else
            fraction = (value - spec.min) / (spec.max - spec.min);
    }
    return int(std::lround(fraction * kSliderSteps));
}

double ParameterPanel::sliderValue(const ParamSpec& spec, int position)
{
    const double fraction = std::clamp(double(position) / kSliderSteps, 0.0, 1.0);
    double value = spec.scale == Scale::Log && spec.min > 0
                       ? spec.min * std::pow(spec.max / spec.min, fraction)
                       : spec.min + fraction * (spec.max - spec.min);
    // Round to the displayed precision (never outside the range): what the user sees is what the model gets.
    const double quantum = spec.integer ? 1.0 : std::pow(10.0, -spec.decimals);
    value = std::round(value / quantum) * quantum;
    return std::clamp(value, spec.min, spec.max);
}

ParameterPanel::ParameterPanel(const std::vector<ParamSpec>& specs, QWidget* parent)
    : QWidget(parent)
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(2);
    grid->setColumnStretch(0, 1);
    outer->addLayout(grid);

    m_rows.reserve(specs.size());
    std::string currentGroup;
    int gridRow = 0;
    for (const ParamSpec& spec : specs) {
        if (spec.group != currentGroup) {
            currentGroup = spec.group;
            auto* heading = new QLabel(QString::fromStdString(currentGroup.empty() ? "Model" : currentGroup), this);
            QFont bold = heading->font();
            bold.setBold(true);
            heading->setFont(bold);
            heading->setContentsMargins(0, 10, 0, 0);
            heading->setObjectName(QStringLiteral("heading_") + QString::fromStdString(currentGroup));
            grid->addWidget(heading, gridRow++, 0, 1, 3);
            m_headings.push_back(heading);
        }
        Row row;
        row.spec = spec;
        const QString key = QString::fromStdString(spec.key);
        const QString unit = QString::fromStdString(spec.unit);
        const QString range = QStringLiteral("%1 … %2 %3 (default %4 %3%5)")
                                  .arg(QString::fromStdString(formatValue(spec.min)),
                                       QString::fromStdString(formatValue(spec.max)), unit,
                                       QString::fromStdString(formatValue(spec.defaultValue)),
                                       spec.scale == Scale::Log ? QStringLiteral(", logarithmic slider") : QString());
        const QString tooltip = QStringLiteral("<b>%1</b> <code>%2</code><br>%3<br><i>%4</i>")
                                    .arg(QString::fromStdString(spec.label).toHtmlEscaped(), key,
                                         QString::fromStdString(spec.description).toHtmlEscaped(), range.toHtmlEscaped());

        auto* label = new QLabel(QString::fromStdString(spec.label), this);
        row.label = label;
        label->setWordWrap(true);
        label->setToolTip(tooltip);
        label->setContentsMargins(0, 6, 0, 0);

        row.slider = new QSlider(Qt::Horizontal, this);
        row.slider->setObjectName(QStringLiteral("slider_") + key);
        row.slider->setRange(0, kSliderSteps);
        row.slider->setPageStep(kSliderSteps / 20);
        row.slider->setToolTip(tooltip);
        row.slider->setAccessibleName(QString::fromStdString(spec.label));
        row.slider->setMinimumWidth(90);

        row.box = new QDoubleSpinBox(this);
        row.box->setObjectName(QStringLiteral("box_") + key);
        row.box->setDecimals(spec.integer ? 0 : spec.decimals);  // a whole-number spec takes whole numbers only
        row.box->setRange(spec.min, spec.max);
        row.box->setSuffix(unit.isEmpty() ? QString() : QStringLiteral(" ") + unit);
        row.box->setKeyboardTracking(false);  // emit on Enter / focus-out, not on every keystroke
        row.box->setAccelerated(true);
        row.box->setToolTip(tooltip);
        row.box->setAccessibleName(QString::fromStdString(spec.label));
        row.box->setSingleStep(spec.scale == Scale::Log ? std::pow(10.0, std::floor(std::log10(spec.defaultValue > 0 ? spec.defaultValue : spec.min)) - 1)
                                                        : std::pow(10.0, std::round(std::log10((spec.max - spec.min) / 100.0))));
        if (spec.scale == Scale::Log)
            row.box->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);

        row.reset = new QToolButton(this);
        row.reset->setObjectName(QStringLiteral("reset_") + key);
        row.reset->setText(QStringLiteral("↺"));
        row.reset->setAutoRaise(true);
        row.reset->setToolTip(QStringLiteral("Reset to the default, %1 %2")
                                  .arg(QString::fromStdString(formatValue(spec.defaultValue)), unit));
        row.reset->setAccessibleName(QStringLiteral("Reset %1").arg(QString::fromStdString(spec.label)));

        // Two lines per parameter: the label on its own, then slider | typed box | reset. Labels never wrap into
        // the controls, so the panel stays narrow and the plots get the width.
        const int r = int(m_rows.size());
        grid->addWidget(label, gridRow, 0, 1, 3);
        if (spec.isChoice()) {
            // A combo box replaces slider and box; the (hidden) box still holds the value.
            row.combo = new QComboBox(this);
            row.combo->setObjectName(QStringLiteral("combo_") + key);
            for (const std::string& choice : spec.choices)
                row.combo->addItem(QString::fromStdString(choice));
            row.combo->setToolTip(tooltip);
            row.combo->setAccessibleName(QString::fromStdString(spec.label));
            row.slider->hide();
            row.box->hide();
            grid->addWidget(row.combo, gridRow + 1, 0, 1, 2);
        } else {
            grid->addWidget(row.slider, gridRow + 1, 0);
            grid->addWidget(row.box, gridRow + 1, 1);
        }
        grid->addWidget(row.reset, gridRow + 1, 2);
        row.hint = new QLabel(QString::fromStdString(spec.description), this);
        row.hint->setObjectName(QStringLiteral("hint_") + key);
        row.hint->setWordWrap(true);
        QPalette muted = row.hint->palette();  // a palette, not a style sheet: fonts still follow the app
        muted.setColor(QPalette::WindowText, QColor(85, 85, 85));
        row.hint->setPalette(muted);
        row.hint->hide();
        grid->addWidget(row.hint, gridRow + 2, 0, 1, 3);
        gridRow += 3;
        m_index.insert(key, r);
        m_rows.push_back(row);
    }

    for (int r = 0; r < int(m_rows.size()); ++r) {
        connect(m_rows[std::size_t(r)].slider, &QSlider::valueChanged, this, [this, r](int position) {
            Row& row = m_rows[std::size_t(r)];
            commit(row, sliderValue(row.spec, position), /*fromSlider=*/true);
        });
        connect(m_rows[std::size_t(r)].slider, &QSlider::sliderPressed, this,
                [this, r] { emit dragStarted(QString::fromStdString(m_rows[std::size_t(r)].spec.key)); });
        connect(m_rows[std::size_t(r)].slider, &QSlider::sliderReleased, this,
                [this, r] { emit dragFinished(QString::fromStdString(m_rows[std::size_t(r)].spec.key)); });
        connect(m_rows[std::size_t(r)].box, &QDoubleSpinBox::valueChanged, this, [this, r](double value) {
            commit(m_rows[std::size_t(r)], value);
        });
        if (QComboBox* combo = m_rows[std::size_t(r)].combo)
            connect(combo, &QComboBox::currentIndexChanged, this, [this, r](int index) {
                if (index >= 0)
                    commit(m_rows[std::size_t(r)], double(index));
            });
        connect(m_rows[std::size_t(r)].reset, &QToolButton::clicked, this, [this, r] {
            Row& row = m_rows[std::size_t(r)];
            commit(row, row.spec.defaultValue);
        });
        showValue(m_rows[std::size_t(r)], m_rows[std::size_t(r)].spec.defaultValue);
    }

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("parameterMessage"));
    m_message->setWordWrap(true);
    QPalette warning = m_message->palette();  // a palette, not a style sheet: fonts still follow the app
    warning.setColor(QPalette::WindowText, QColor(178, 24, 43));
    m_message->setPalette(warning);
    m_message->hide();
    outer->addWidget(m_message);
    outer->addStretch(1);
    updateVisibility();
}

QComboBox* ParameterPanel::comboBox(const QString& key) const
{
    const auto it = m_index.find(key);
    return it == m_index.end() ? nullptr : m_rows[std::size_t(*it)].combo;
}

bool ParameterPanel::isRowShown(const QString& key) const
{
    const auto it = m_index.find(key);
    return it != m_index.end() && !m_rows[std::size_t(*it)].label->isHidden();
}

void ParameterPanel::setHiddenKeys(const QStringList& keys)
{
    for (Row& row : m_rows)
        row.hiddenForGood = keys.contains(QString::fromStdString(row.spec.key));
    updateVisibility();
}

void ParameterPanel::setDescriptionsShown(bool shown)
{
    if (shown == m_descriptionsShown)
        return;
    m_descriptionsShown = shown;
    updateVisibility();
}

int ParameterPanel::descriptionsExtraHeight(int width) const
{
    if (m_descriptionsShown)
        return 0;
    int extra = 0;
    for (const Row& row : m_rows)
        if (!row.label->isHidden() && !row.spec.description.empty())
            extra += row.hint->heightForWidth(width) + 2;  // + the grid's vertical spacing
    return extra;
}

void ParameterPanel::updateVisibility()
{
    for (Row& row : m_rows) {
        bool shown = !row.hiddenForGood;
        if (shown && !row.spec.shownWhenKey.empty()) {
            const double controlling = value(QString::fromStdString(row.spec.shownWhenKey));
            shown = std::find(row.spec.shownWhenValues.begin(), row.spec.shownWhenValues.end(), controlling) !=
                    row.spec.shownWhenValues.end();
        }
        row.label->setHidden(!shown);
        row.reset->setHidden(!shown);
        row.hint->setHidden(!shown || !m_descriptionsShown || row.spec.description.empty());
        if (row.combo) {
            row.combo->setHidden(!shown);
        } else {
            row.slider->setHidden(!shown);
            row.box->setHidden(!shown);
        }
    }
    // A heading disappears when none of its rows is shown.
    for (QLabel* heading : m_headings) {
        const std::string group = heading->objectName().mid(8).toStdString();
        bool any = false;
        for (const Row& row : m_rows)
            any = any || (row.spec.group == group && !row.label->isHidden());
        heading->setHidden(!any);
    }
}

QStringList ParameterPanel::keys() const
{
    QStringList keys;
    for (const Row& row : m_rows)
        keys << QString::fromStdString(row.spec.key);
    return keys;
}

const ParamSpec* ParameterPanel::spec(const QString& key) const
{
    const auto it = m_index.find(key);
    return it == m_index.end() ? nullptr : &m_rows[std::size_t(*it)].spec;
}

double ParameterPanel::value(const QString& key) const
{
    const auto it = m_index.find(key);
    return it == m_index.end() ? std::nan("") : m_rows[std::size_t(*it)].box->value();
}

QSlider* ParameterPanel::slider(const QString& key) const
{
    const auto it = m_index.find(key);
    return it == m_index.end() ? nullptr : m_rows[std::size_t(*it)].slider;
}

QDoubleSpinBox* ParameterPanel::spinBox(const QString& key) const
{
    const auto it = m_index.find(key);
    return it == m_index.end() ? nullptr : m_rows[std::size_t(*it)].box;
}

QToolButton* ParameterPanel::resetButton(const QString& key) const
{
    const auto it = m_index.find(key);
    return it == m_index.end() ? nullptr : m_rows[std::size_t(*it)].reset;
}

void ParameterPanel::showValue(Row& row, double value, bool moveSlider)
{
    const QSignalBlocker blockSlider(row.slider);
    const QSignalBlocker blockBox(row.box);
    row.box->setValue(value);
    if (row.combo) {
        const QSignalBlocker blockCombo(row.combo);
        row.combo->setCurrentIndex(int(std::lround(value)));
    }
    if (moveSlider)  // never fight the user's drag: the handle stays where the mouse put it
        row.slider->setValue(sliderPosition(row.spec, value));
    row.reset->setEnabled(row.box->value() != row.spec.defaultValue);
    row.shown = row.box->value();
}

void ParameterPanel::commit(Row& row, double value, bool fromSlider)
{
    if (!std::isfinite(value))
        return;
    value = std::clamp(value, row.spec.min, row.spec.max);
    const double previous = row.shown;
    showValue(row, value, !fromSlider);
    const double shown = row.box->value();  // rounded to the box's decimals
    if (shown != previous) {  // emit the value the box shows, so display and model never disagree
        updateVisibility();
        emit valueChanged(QString::fromStdString(row.spec.key), shown);
    }
}

void ParameterPanel::setValue(const QString& key, double value)
{
    const auto it = m_index.find(key);
    if (it != m_index.end())
        commit(m_rows[std::size_t(*it)], value);
}

void ParameterPanel::setValues(const ParamSet& parameters)
{
    for (Row& row : m_rows)
        if (parameters.contains(row.spec.key))
            showValue(row, parameters[row.spec.key]);
    updateVisibility();
}

void ParameterPanel::setMessage(const QString& text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

QString ParameterPanel::message() const { return m_message->text(); }

}  // namespace neuroai::widgets
