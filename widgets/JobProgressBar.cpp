#include "widgets/JobProgressBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include <algorithm>
#include <cmath>

namespace neuroai::widgets {

namespace {
constexpr int kSteps = 1000;  // resolution of the bar: 0.1 %
}

JobProgressBar::JobProgressBar(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("jobProgressBar"));
    m_bar = new QProgressBar(this);
    m_bar->setRange(0, kSteps);
    m_bar->setTextVisible(true);
    m_bar->setFormat(QStringLiteral("%p%"));
    m_stage = new QLabel(this);
    m_stage->setObjectName(QStringLiteral("jobStage"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("jobCancel"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_stage, 0);
    layout->addWidget(m_bar, 1);
    layout->addWidget(m_cancel, 0);

    m_delay.setSingleShot(true);
    m_delay.setInterval(300);
    connect(&m_delay, &QTimer::timeout, this, [this] {
        if (m_active)
            show();
    });
    connect(m_cancel, &QPushButton::clicked, this, &JobProgressBar::cancelRequested);
    hide();
}

double JobProgressBar::fraction() const { return double(m_bar->value()) / kSteps; }

QString JobProgressBar::stageText() const { return m_stage->text(); }

void JobProgressBar::jobStarted()
{
    m_active = true;
    m_bar->setValue(0);
    m_stage->clear();
    hide();
    m_delay.start();
}

void JobProgressBar::setProgress(double value, const QString& stage)
{
    if (!std::isfinite(value))
        return;
    m_bar->setValue(int(std::lround(std::clamp(value, 0.0, 1.0) * kSteps)));
    m_stage->setText(stage);
}

void JobProgressBar::jobEnded()
{
    m_active = false;
    m_delay.stop();
    hide();
}

}  // namespace neuroai::widgets
