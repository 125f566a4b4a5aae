#include "chapters/casestudies/LatentDynamicsPanel.h"

#include "engine/core/Job.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QChart>
#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <array>
#include <cmath>

namespace neuroai::chapters {

using widgets::XYPlot;
namespace palette = widgets::palette;

namespace {

const char* const kPsthTitle = QT_TRANSLATE_NOOP("LatentDynamicsPanel", "PSTHs, neuron %1");
const char* const kEigenTitle = QT_TRANSLATE_NOOP("LatentDynamicsPanel", "LDS eigenvalues");
const char* const kPcTitle = QT_TRANSLATE_NOOP("LatentDynamicsPanel", "Top two PCs");
const char* const kJpcaTitle = QT_TRANSLATE_NOOP("LatentDynamicsPanel", "jPCA plane");
const char* const kShuffledTitle = QT_TRANSLATE_NOOP("LatentDynamicsPanel", "jPCA, shuffled");

// The largest |value| of columns 0 and 1 of a [(sample)·stride + j] array.
double extent(const std::vector<double>& values, int samples, int stride)
{
    double top = 0;
    for (int i = 0; i < samples; ++i)
        for (int j = 0; j < 2; ++j)
            top = std::max(top, std::abs(values[std::size_t(i) * std::size_t(stride) + std::size_t(j)]));
    return top;
}

// Condition c's trajectory (T points) from a [(c·T + t)·stride + j] array.
QList<QPointF> trajectory(const std::vector<double>& values, int c, int timeBins, int stride)
{
    QList<QPointF> points;
    for (int t = 0; t < timeBins; ++t) {
        const std::size_t i = (std::size_t(c) * std::size_t(timeBins) + std::size_t(t)) * std::size_t(stride);
        points.append({values[i], values[i + 1]});
    }
    return points;
}

QString signedPercent(double v)
{
    return (v < 0 ? QStringLiteral("−") : QStringLiteral("+")) + QString::number(std::abs(v), 'f', 1) +
           QStringLiteral("&nbsp;%");
}

}  // namespace

QColor LatentDynamicsPanel::conditionColour(int c, int conditions)
{
    const int count = std::max(conditions, 1);
    return QColor::fromHslF(float(c % count) / float(count), 0.8f, 0.42f);
}

LatentDynamicsPanel::LatentDynamicsPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("latent-dynamics"), QStringLiteral("case-studies/latent-dynamics"),
                 latent::latentDynamicsSpecs(), &LatentDynamicsPanel::compute, parent,
                 networkReadouts(latent::latentDynamicsOutputs()))
{
    setObjectName(QStringLiteral("latentDynamicsPanel"));
    figureWidget()->setObjectName(QStringLiteral("latentDynamicsFigure"));
    m_readout = makeReadout(QStringLiteral("latentDynamicsReadout"));

    const auto makePlot = [this](const char* name, const QString& title) {
        auto* plot = new XYPlot(false, figureWidget());
        plot->setObjectName(QLatin1String(name));
        plot->setTitle(title);
        plot->setMinimumSize(150, 130);
        return plot;
    };
    m_psthPlot = makePlot("latentPsth", tr(kPsthTitle).arg(1));
    m_psthPlot->setAxisTitles(tr("Time after onset t (ms)"), tr("Firing rate (Hz)"));
    m_eigenPlot = makePlot("latentEigen", tr(kEigenTitle));
    m_eigenPlot->setAxisTitles(tr("Decay rate (1/s)"), tr("Frequency (Hz)"));
    m_pcPlot = makePlot("latentPc", tr(kPcTitle));
    m_jpcaPlot = makePlot("latentJpca", tr(kJpcaTitle));
    m_shuffledPlot = makePlot("latentShuffled", tr(kShuffledTitle));

    // Two legend-only entries explain the PSTH line styles; the conditions' colours are explained in the text.
    m_psthLegendObserved = m_psthPlot->addSeries(tr("trial average"), XYPlot::Style::Line, palette::muted);
    m_psthLegendTrue = m_psthPlot->addSeries(tr("noiseless rate"), XYPlot::Style::Dashed, palette::muted);
    for (int c = 0; c < kMaxConditions; ++c) {
        const QColor colour = conditionColour(c, 8);
        m_psthTrue.push_back(m_psthPlot->addSeries(QString(), XYPlot::Style::Dashed, colour));
        m_psth.push_back(m_psthPlot->addSeries(QString(), XYPlot::Style::Line, colour));
        m_pc.push_back(m_pcPlot->addSeries(QString(), XYPlot::Style::Line, colour));
        m_jpca.push_back(m_jpcaPlot->addSeries(QString(), XYPlot::Style::Line, colour));
        m_shuffled.push_back(m_shuffledPlot->addSeries(QString(), XYPlot::Style::Line, colour));
    }
    m_pcStart = m_pcPlot->addSeries(tr("start (t = 0)"), XYPlot::Style::Markers, palette::black);
    m_jpcaStart = m_jpcaPlot->addSeries(tr("start (t = 0)"), XYPlot::Style::Markers, palette::black);
    m_shuffledStart = m_shuffledPlot->addSeries(tr("first shuffled bin"), XYPlot::Style::Markers, palette::black);

    m_trueDecaying = m_eigenPlot->addSeries(tr("true decay"), XYPlot::Style::Diamond, palette::bluishGreen);
    m_trueRotation = m_eigenPlot->addSeries(tr("true rotation"), XYPlot::Style::Diamond, palette::vermillion);
    m_jpcaMode = m_eigenPlot->addSeries(tr("jPCA"), XYPlot::Style::Diamond, palette::orange);
    m_eigen = m_eigenPlot->addSeries(tr("LDS"), XYPlot::Style::Markers, palette::blue);
    for (QXYSeries* s : {m_trueDecaying, m_trueRotation, m_jpcaMode, m_pcStart, m_jpcaStart, m_shuffledStart,
                         m_psthLegendObserved, m_psthLegendTrue})
        widgets::PlotView::excludeFromPins(s);
    m_eigenLegend = new LegendCard(m_eigenPlot, Qt::TopRightCorner);  // fast decay at high frequency: no modes

    // Keep the trajectory plots' scales equal on both axes whenever their plot area changes (a circle stays round).
    for (int i = 0; i < 3; ++i) {
        XYPlot* plot = std::array{m_pcPlot, m_jpcaPlot, m_shuffledPlot}[std::size_t(i)];
        connect(plot->chart(), &QChart::plotAreaChanged, this, [this, i] {
            if (!m_fitting)
                fitSquare(i);
        });
    }

    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_psthPlot, 0, 0, 1, 3);
    grid->addWidget(m_eigenPlot, 0, 3, 1, 3);
    grid->addWidget(m_pcPlot, 1, 0, 1, 2);
    grid->addWidget(m_jpcaPlot, 1, 2, 1, 2);
    grid->addWidget(m_shuffledPlot, 1, 4, 1, 2);
    for (int column = 0; column < 6; ++column)
        grid->setColumnStretch(column, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    for (XYPlot* plot : {m_psthPlot, m_eigenPlot, m_pcPlot, m_jpcaPlot, m_shuffledPlot})
        widgets::FigureExporter::installContextMenu(plot, [this] { return metadata(); });
    finishSetup();
}

void LatentDynamicsPanel::fitSquare(int index)
{
    XYPlot* plot = std::array{m_pcPlot, m_jpcaPlot, m_shuffledPlot}[std::size_t(index)];
    const double half = m_halfRange[std::size_t(index)];
    const QRectF area = plot->chart()->plotArea();
    double hx = half, hy = half;
    if (area.width() > 20 && area.height() > 20) {
        // Equal data units per pixel on both axes; the shorter side keeps ±half.
        if (area.width() > area.height())
            hx = half * area.width() / area.height();
        else
            hy = half * area.height() / area.width();
    }
    m_fitting = true;  // the new ranges may move the plot area again (labels of another width): no recursion
    plot->setXRange(-hx, hx);
    plot->setYRange(-hy, hy);
    m_fitting = false;
}

std::shared_ptr<IntroResult> LatentDynamicsPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                          Progress& progress)
{
    auto result = std::make_shared<LatentDynamicsResult>();
    result->figure = latent::computeLatentDynamicsFigure(parameters, seed, progress);
    result->experiment = result->figure.result;
    return result;
}

void LatentDynamicsPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const LatentDynamicsResult&>(shown);
    const latent::LatentDynamicsFigure& f = r.figure;
    const latent::RotationalPopulation& pop = f.population;
    const latent::ConditionRates& rates = pop.observed;
    const int C = rates.conditions, T = rates.timeBins, n = f.shownNeuron;
    const double tEnd = pop.timeMs.empty() ? 1.0 : pop.timeMs.back();

    // --- PSTHs of the shown neuron ---
    double rateTop = 1;
    for (int c = 0; c < kMaxConditions; ++c) {
        QList<QPointF> observed, expected;
        if (c < C)
            for (int t = 0; t < T; ++t) {
                const double time = pop.timeMs[std::size_t(t)];
                observed.append({time, rates.at(c, t, n)});
                expected.append({time, pop.expected.at(c, t, n)});
                rateTop = std::max({rateTop, rates.at(c, t, n), pop.expected.at(c, t, n)});
            }
        const QColor colour = conditionColour(c, C);
        m_psthPlot->setSeriesColour(m_psth[std::size_t(c)], colour);
        m_psthPlot->setSeriesColour(m_psthTrue[std::size_t(c)], colour.lighter(135));
        m_pcPlot->setSeriesColour(m_pc[std::size_t(c)], colour);
        m_jpcaPlot->setSeriesColour(m_jpca[std::size_t(c)], colour);
        m_shuffledPlot->setSeriesColour(m_shuffled[std::size_t(c)], colour);
        m_psthPlot->setPoints(m_psth[std::size_t(c)], observed);
        m_psthPlot->setPoints(m_psthTrue[std::size_t(c)], expected);
    }
    m_psthPlot->setTitle(tr(kPsthTitle).arg(n + 1));
    m_psthPlot->setXRange(0, tEnd);
    m_psthPlot->setYRange(0, XYPlot::niceTop(rateTop));

    // --- trajectories: PC plane, jPC plane, the control's jPC plane ---
    const bool normalised = f.analysisConfig.normalize;
    const QString unit = normalised ? tr("a.u.") : tr("Hz");
    m_pcPlot->setAxisTitles(tr("PC1 (%1)").arg(unit), tr("PC2 (%1)").arg(unit));
    m_jpcaPlot->setAxisTitles(tr("jPC1 (%1)").arg(unit), tr("jPC2 (%1)").arg(unit));
    m_shuffledPlot->setAxisTitles(tr("jPC1 (%1)").arg(unit), tr("jPC2 (%1)").arg(unit));
    const int k = f.real.pca.dimensions, samples = C * T;
    QList<QPointF> pcStarts, jpcaStarts, shuffledStarts;
    for (int c = 0; c < kMaxConditions; ++c) {
        QList<QPointF> pc, jp, sh;
        if (c < C) {
            pc = trajectory(f.real.pca.scores, c, T, k);
            jp = trajectory(f.real.jpca.projection, c, T, 2);
            sh = trajectory(f.shuffled.jpca.projection, c, T, 2);
            pcStarts.append(pc.first());
            jpcaStarts.append(jp.first());
            shuffledStarts.append(sh.first());
        }
        m_pcPlot->setPoints(m_pc[std::size_t(c)], pc);
        m_jpcaPlot->setPoints(m_jpca[std::size_t(c)], jp);
        m_shuffledPlot->setPoints(m_shuffled[std::size_t(c)], sh);
    }
    m_pcPlot->setPoints(m_pcStart, pcStarts);
    m_jpcaPlot->setPoints(m_jpcaStart, jpcaStarts);
    m_shuffledPlot->setPoints(m_shuffledStart, shuffledStarts);
    // Square, centred ranges (a circle looks like one); both jPC plots on the same scale for the comparison.
    const double pcTop = XYPlot::niceTop(1.08 * std::max(1e-9, extent(f.real.pca.scores, samples, k)));
    const double jTop = XYPlot::niceTop(1.08 * std::max({1e-9, extent(f.real.jpca.projection, samples, 2),
                                                         extent(f.shuffled.jpca.projection, samples, 2)}));
    m_halfRange[0] = pcTop;
    m_halfRange[1] = m_halfRange[2] = jTop;
    for (int i = 0; i < 3; ++i)
        fitSquare(i);

    // --- LDS eigenvalues ---
    QList<QPointF> modes;
    double decayLow = 0, decayHigh = f.trueDecayPerS, freqTop = f.trueHz;
    for (const latent::EigenMode& m : f.real.lds.modes) {
        modes.append({m.decayPerS, m.frequencyHz});
        decayLow = std::min(decayLow, m.decayPerS);
        decayHigh = std::max(decayHigh, m.decayPerS);
        freqTop = std::max(freqTop, m.frequencyHz);
    }
    m_eigenPlot->setPoints(m_eigen, modes);
    m_eigenPlot->setPoints(m_trueRotation, {{f.trueDecayPerS, f.trueHz}});
    const int decaying = pop.config.decayingModes;
    const double tauDecay = 1000.0 / pop.config.decayingTauMs;
    m_eigenPlot->setPoints(m_trueDecaying, decaying > 0 ? QList<QPointF>{{tauDecay, 0.0}} : QList<QPointF>{});
    m_eigenPlot->setInLegend(m_trueDecaying, decaying > 0);
    if (decaying > 0)
        decayHigh = std::max(decayHigh, tauDecay);
    m_eigenPlot->setPoints(m_jpcaMode, {{0.0, f.real.jpca.rotationHz}});
    freqTop = std::max(freqTop, f.real.jpca.rotationHz);
    const double span = std::max(1.0, decayHigh - decayLow);
    m_eigenPlot->setXRange(decayLow - 0.08 * span, decayHigh + 0.08 * span);
    m_eigenPlot->setYRange(-0.04 * freqTop, XYPlot::niceTop(1.12 * freqTop));
    m_eigenLegend->place();

    // --- readout (short: it shares the height with the plots, also in presentation mode) ---
    const latent::JpcaResult& s = f.shuffled.jpca;
    QString text = tr("ω/2π = <b>%1&nbsp;Hz</b>: jPCA <b>%2&nbsp;Hz</b> (%3), LDS <b>%4&nbsp;Hz</b> (%5); jPC plane "
                      "<b>%6°</b> off (top PCs %7°); skew&nbsp;R² <b>%8</b> of %9.")
                       .arg(f.trueHz, 0, 'f', 2)
                       .arg(f.real.jpca.rotationHz, 0, 'f', 3)
                       .arg(signedPercent(r.scalar("jpca_error_pct")))
                       .arg(r.scalar("lds_hz"), 0, 'f', 3)
                       .arg(signedPercent(r.scalar("lds_error_pct")))
                       .arg(f.jpcaPlaneDeg, 0, 'f', 1)
                       .arg(f.pcPlaneDeg, 0, 'f', 1)
                       .arg(f.real.jpca.r2Skew, 0, 'f', 3)
                       .arg(f.real.jpca.r2Full, 0, 'f', 3);
    text += tr("<br>Shuffled in time: skew&nbsp;R² <b>%1</b> of %2, plane %3° off: %4")
                .arg(s.r2Skew, 0, 'f', 3)
                .arg(s.r2Full, 0, 'f', 3)
                .arg(f.shuffledPlaneDeg, 0, 'f', 1)
                .arg(s.r2Skew < 0.05 ? tr("no rotation, as it must be.") : tr("<b>a rotation without time order!</b>"));
    m_readout->setText(text);
}

std::optional<double> LatentDynamicsPanel::readout(const QString& key) const
{
    if (!readoutNames().contains(key))
        return std::nullopt;
    return lastResult().scalar(key.toStdString().c_str());
}

QString LatentDynamicsPanel::extraMetadata() const { return notesOf(lastResult().experiment); }

QList<widgets::DataSeries> LatentDynamicsPanel::dataSeries()
{
    const LatentDynamicsResult& r = lastResult();
    const int C = r.figure.population.observed.conditions;
    const QString unit = r.figure.analysisConfig.normalize ? tr("a.u.") : tr("Hz");
    QList<widgets::DataSeries> out;
    const QString psth = tr(kPsthTitle).arg(r.figure.shownNeuron + 1);
    for (int c = 0; c < C; ++c)
        out.append({psth, tr("condition %1").arg(c + 1), tr("t (ms)"), tr("rate (Hz)"),
                    m_psth[std::size_t(c)]->points()});
    out.append({tr(kEigenTitle), tr("eigenvalues of A"), tr("decay rate (1/s)"), tr("frequency (Hz)"),
                m_eigen->points()});
    const struct {
        QString plot, x, y;
        const std::vector<QXYSeries*>* series;
    } planes[] = {{tr(kPcTitle), tr("PC1 (%1)").arg(unit), tr("PC2 (%1)").arg(unit), &m_pc},
                  {tr(kJpcaTitle), tr("jPC1 (%1)").arg(unit), tr("jPC2 (%1)").arg(unit), &m_jpca},
                  {tr(kShuffledTitle), tr("jPC1 (%1)").arg(unit), tr("jPC2 (%1)").arg(unit), &m_shuffled}};
    for (const auto& plane : planes)
        for (int c = 0; c < C; ++c)
            out.append({plane.plot, tr("condition %1").arg(c + 1), plane.x, plane.y,
                        (*plane.series)[std::size_t(c)]->points()});
    return out;
}

}  // namespace neuroai::chapters
