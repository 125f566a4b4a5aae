#include "engine/networks/Haemodynamics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace neuroai::networks {

namespace {

void require(bool ok, const char* name, double value, const char* what)
{
    if (!ok)
        throw std::invalid_argument(std::string("Haemodynamics: ") + name + " = " + std::to_string(value) + " " +
                                    what);
}

void checkDt(double dtS, double lengthS)
{
    require(std::isfinite(dtS) && dtS > 0 && dtS <= lengthS, "dtS", dtS, "must be > 0 and <= the kernel length");
}

}  // namespace

void HrfParams::validate() const
{
    require(std::isfinite(responseShape) && responseShape > 1 && responseShape <= 100, "responseShape",
            responseShape, "must be in (1, 100]");
    require(std::isfinite(undershootShape) && undershootShape > responseShape && undershootShape <= 100,
            "undershootShape", undershootShape, "must be > responseShape and <= 100");
    require(std::isfinite(scaleS) && scaleS > 0 && scaleS <= 100, "scaleS", scaleS, "must be in (0, 100]");
    require(std::isfinite(ratio) && ratio > 1 && ratio <= 1e6, "ratio", ratio, "must be in (1, 1e6]");
    require(std::isfinite(lengthS) && lengthS > 0 && lengthS <= 1000, "lengthS", lengthS, "must be in (0, 1000]");
}

Haemodynamics::Haemodynamics(const HrfParams& params) : m_p(params)
{
    m_p.validate();
    const double unit = 1.0 / (1.0 - 1.0 / m_p.ratio);
    m_norm1 = unit * std::exp(-std::lgamma(m_p.responseShape) - m_p.responseShape * std::log(m_p.scaleS));
    m_norm2 = unit / m_p.ratio *
              std::exp(-std::lgamma(m_p.undershootShape) - m_p.undershootShape * std::log(m_p.scaleS));
}

double Haemodynamics::hrf(double tS) const
{
    if (!(tS > 0))
        return 0;
    const double lt = std::log(tS), decay = tS / m_p.scaleS;
    return m_norm1 * std::exp((m_p.responseShape - 1) * lt - decay) -
           m_norm2 * std::exp((m_p.undershootShape - 1) * lt - decay);
}

double Haemodynamics::hrfDerivative(double tS) const
{
    if (!(tS > 0))
        return 0;
    const double lt = std::log(tS), decay = tS / m_p.scaleS;
    const double g1 = m_norm1 * std::exp((m_p.responseShape - 1) * lt - decay);
    const double g2 = m_norm2 * std::exp((m_p.undershootShape - 1) * lt - decay);
    return g1 * ((m_p.responseShape - 1) / tS - 1 / m_p.scaleS) -
           g2 * ((m_p.undershootShape - 1) / tS - 1 / m_p.scaleS);
}

std::vector<double> Haemodynamics::sampledHrf(double dtS) const
{
    checkDt(dtS, m_p.lengthS);
    const long n = long(std::floor(m_p.lengthS / dtS + 1e-9));
    std::vector<double> h(std::size_t(n) + 1);
    for (long k = 0; k <= n; ++k)
        h[std::size_t(k)] = hrf(double(k) * dtS);
    return h;
}

double Haemodynamics::sampledArea(double dtS) const
{
    double sum = 0;
    for (const double v : sampledHrf(dtS))
        sum += v;
    return sum * dtS;
}

namespace {

// The first t in (from, to] where f changes sign in the direction given (falling: + to −), bisected to 1e-12 s;
// NaN when there is none on a 0.01 s grid.
template <typename F>
double signChange(const F& f, double from, double to, bool falling)
{
    const double step = 0.01;
    double a = from, fa = f(a);
    for (double b = from + step; b <= to; b += step) {
        const double fb = f(b);
        if (falling ? (fa > 0 && fb <= 0) : (fa < 0 && fb >= 0)) {
            while (b - a > 1e-12) {
                const double m = 0.5 * (a + b);
                const double fm = f(m);
                if (falling ? fm > 0 : fm < 0)
                    a = m;
                else
                    b = m;
            }
            return 0.5 * (a + b);
        }
        a = b;
        fa = fb;
    }
    return std::nan("");
}

}  // namespace

double Haemodynamics::peakTimeS() const
{
    return signChange([this](double t) { return hrfDerivative(t); }, 1e-3, 10 * m_p.lengthS, true);
}

double Haemodynamics::troughTimeS() const
{
    return signChange([this](double t) { return hrfDerivative(t); }, peakTimeS() + 1e-3, 10 * m_p.lengthS, false);
}

std::vector<double> Haemodynamics::convolve(const std::vector<double>& x, double dtS, double before) const
{
    checkDt(dtS, m_p.lengthS);
    require(std::isfinite(before), "before", before, "must be finite");
    for (std::size_t i = 0; i < x.size(); ++i)
        if (!std::isfinite(x[i]))
            throw std::invalid_argument("Haemodynamics: activity sample " + std::to_string(i) + " = " +
                                        std::to_string(x[i]) + " is not finite");
    const std::vector<double> h = sampledHrf(dtS);
    // The kernel's part that reaches before the start multiplies the constant `before`: precompute its tail sums.
    std::vector<double> tail(h.size() + 1, 0.0);  // tail[k] = Σ_{m ≥ k} h[m]
    for (std::size_t k = h.size(); k-- > 0;)
        tail[k] = tail[k + 1] + h[k];
    std::vector<double> y(x.size());
    for (std::size_t n = 0; n < x.size(); ++n) {
        const std::size_t reach = std::min(n, h.size() - 1);
        double sum = 0;
        for (std::size_t k = 0; k <= reach; ++k)
            sum += h[k] * x[n - k];
        if (reach + 1 < h.size())
            sum += before * tail[reach + 1];
        y[n] = sum * dtS;
    }
    return y;
}

BoldSeries Haemodynamics::sampleAtTr(const std::vector<double>& fine, double dtS, double trS)
{
    require(std::isfinite(dtS) && dtS > 0, "dtS", dtS, "must be > 0");
    require(std::isfinite(trS) && trS >= dtS && trS <= 1e4, "trS", trS, "must be >= dtS and <= 1e4");
    BoldSeries out;
    out.trS = trS;
    if (fine.empty())
        return out;
    const double last = double(fine.size() - 1);
    for (long j = 0;; ++j) {
        const double idx = double(j) * trS / dtS;
        if (idx > last + 1e-9)
            break;
        const double i0 = std::floor(idx + 1e-9);
        const double frac = idx - i0;
        const std::size_t i = std::size_t(i0);
        const double v = (frac < 1e-9 || i + 1 >= fine.size()) ? fine[i] : fine[i] + frac * (fine[i + 1] - fine[i]);
        out.tS.push_back(double(j) * trS);
        out.bold.push_back(v);
    }
    return out;
}

BoldSeries Haemodynamics::bold(const std::vector<double>& x, double dtS, double trS, double before) const
{
    return sampleAtTr(convolve(x, dtS, before), dtS, trS);
}

}  // namespace neuroai::networks
