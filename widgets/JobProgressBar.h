#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QProgressBar;
class QPushButton;
QT_END_NAMESPACE

namespace neuroai::widgets {

// A progress bar with a Cancel button for a background job. It stays hidden for short jobs: it appears only once
// a job has been running for showDelayMs() (0.3 s by default), and hides as soon as the job ends. Knows nothing of
// the engine: the owner calls jobStarted() / setProgress() / jobEnded() (JobController::attach does this).
class JobProgressBar : public QWidget {
    Q_OBJECT
public:
    explicit JobProgressBar(QWidget* parent = nullptr);

    void setShowDelayMs(int ms) { m_delay.setInterval(ms); }
    int showDelayMs() const { return m_delay.interval(); }
    // True between jobStarted() and jobEnded().
    bool isActive() const { return m_active; }
    // True while the bar is waiting for the delay to pass (active and not yet shown).
    bool isPending() const { return m_delay.isActive(); }
    double fraction() const;
    QString stageText() const;
    QPushButton* cancelButton() const { return m_cancel; }

public slots:
    void jobStarted();
    // fraction in [0, 1]; stage may be empty.
    void setProgress(double fraction, const QString& stage);
    void jobEnded();

signals:
    void cancelRequested();

private:
    QProgressBar* m_bar = nullptr;
    QLabel* m_stage = nullptr;
    QPushButton* m_cancel = nullptr;
    QTimer m_delay;
    bool m_active = false;
};

}  // namespace neuroai::widgets
