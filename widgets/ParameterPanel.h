#pragma once

#include "engine/core/ParamSpec.h"

#include <QHash>
#include <QWidget>

#include <vector>

QT_BEGIN_NAMESPACE
class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QSlider;
class QToolButton;
QT_END_NAMESPACE

namespace neuroai::widgets {

// A parameter panel generated from parameter specs: one row per spec with the label (description in the tooltip),
// a slider (logarithmic where the spec says so), a typed box with the unit, and a reset-to-default button that is
// enabled only while the value differs from the default.
//
// Every user change (drag, typing + Enter, arrow keys, reset) emits valueChanged(key, value) with a value inside the
// spec's range: typed values are clamped by the box, slider positions map into the range. setValues() updates the
// display without emitting.
//
// A choice spec (e.g. the stimulus protocol) gets a combo box instead of slider and box. Specs with a group get a
// heading when the group starts. A row whose spec says it is only meaningful for some values of another parameter
// (shownWhenKey) is hidden while that parameter holds another value; setHiddenKeys() hides rows for good (a panel
// that drives those parameters itself).
class ParameterPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kSliderSteps = 1000;

    explicit ParameterPanel(const std::vector<ParamSpec>& specs, QWidget* parent = nullptr);

    QStringList keys() const;
    double value(const QString& key) const;
    const ParamSpec* spec(const QString& key) const;

    // Programmatic change as if the user had typed it: clamped, emits valueChanged if the value changed.
    void setValue(const QString& key, double value);
    // Shows the values of `parameters` (keys the panel does not know are ignored) without emitting anything.
    void setValues(const ParamSet& parameters);

    // A message shown below the rows (e.g. a rejected combination of values); empty hides it.
    void setMessage(const QString& text);
    QString message() const;

    QSlider* slider(const QString& key) const;
    QDoubleSpinBox* spinBox(const QString& key) const;
    QToolButton* resetButton(const QString& key) const;
    QComboBox* comboBox(const QString& key) const;  // choice specs only
    // True when the row of `key` is shown (its dependency holds and it is not hidden for good).
    bool isRowShown(const QString& key) const;
    void setHiddenKeys(const QStringList& keys);

    // Each parameter's description as a muted line under its control, for a column with room to spare (a tall
    // window); otherwise it is only in the tooltip. Off by default; the controls column decides (PanelSupport).
    void setDescriptionsShown(bool shown);
    bool descriptionsShown() const { return m_descriptionsShown; }
    // The height the descriptions would add at `width` (0 while they are shown).
    int descriptionsExtraHeight(int width) const;

    static int sliderPosition(const ParamSpec& spec, double value);
    static double sliderValue(const ParamSpec& spec, int position);

signals:
    void valueChanged(const QString& key, double value);
    // The user pressed / released the slider of `key`: the valueChanged() signals in between are one gesture
    // (an undo stack merges them into one step).
    void dragStarted(const QString& key);
    void dragFinished(const QString& key);

private:
    struct Row {
        ParamSpec spec;
        QSlider* slider = nullptr;
        QDoubleSpinBox* box = nullptr;
        QToolButton* reset = nullptr;
        QComboBox* combo = nullptr;
        QLabel* label = nullptr;
        QLabel* hint = nullptr;  // the description, shown with setDescriptionsShown(true)
        bool hiddenForGood = false;
        double shown = 0;  // the value last shown (and emitted): a typed box already holds the new value
                           // when it reports it, so the box cannot tell what the value was before
    };
    void updateVisibility();
    void showValue(Row& row, double value, bool moveSlider = true);
    void commit(Row& row, double value, bool fromSlider = false);

    std::vector<Row> m_rows;
    QHash<QString, int> m_index;
    QLabel* m_message = nullptr;
    std::vector<QLabel*> m_headings;
    bool m_descriptionsShown = false;
};

}  // namespace neuroai::widgets
