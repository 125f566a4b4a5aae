#include "engine/core/Stimulus.h"

#include <algorithm>
#include <cmath>

namespace neuroai {

const std::vector<std::string>& stimulusKindNames()
{
    static const std::vector<std::string> names = {"constant", "step", "pulse", "train", "ramp", "noisy", "flash"};
    return names;
}

double Stimulus::effectiveAmplitude() const
{
    if (kind == StimulusKind::Flash)
        return durationMs > 0 ? charge / durationMs : 0.0;
    return amplitude;
}

// Length of the overlap of [a0, a1] with [b0, b1].
static double overlap(double a0, double a1, double b0, double b1)
{
    return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

double Stimulus::valueAt(double t) const
{
    const double a = effectiveAmplitude();
    const double u = t - startMs;
    switch (kind) {
    case StimulusKind::Constant:
        return bias;
    case StimulusKind::Step:
    case StimulusKind::Noisy:
        return bias + (u >= 0 ? a : 0.0);
    case StimulusKind::Pulse:
    case StimulusKind::Flash:
        return bias + (u >= 0 && u < durationMs ? a : 0.0);
    case StimulusKind::Ramp:
        return bias + (u >= 0 && u < durationMs ? a * u / durationMs : 0.0);
    case StimulusKind::Train: {
        if (u < 0 || periodMs <= 0)
            return bias;
        const double k = std::floor(u / periodMs);
        if (count > 0 && k >= count)
            return bias;
        return bias + (u - k * periodMs < durationMs ? a : 0.0);
    }
    }
    return bias;
}

double Stimulus::integral(double t) const
{
    // Only used for the ramp: ∫ from t0 to t of the waveform.
    const double u = std::clamp(t - startMs, 0.0, durationMs);
    return durationMs > 0 ? amplitude * u * u / (2.0 * durationMs) : 0.0;
}

double Stimulus::meanOver(double t0, double t1) const
{
    const double width = t1 - t0;
    if (!(width > 0))
        return valueAt(t0);
    const double a = effectiveAmplitude();
    switch (kind) {
    case StimulusKind::Constant:
        return bias;
    case StimulusKind::Step:
    case StimulusKind::Noisy:
        if (t0 >= startMs)
            return bias + a;
        return bias + a * overlap(t0, t1, startMs, t1) / width;
    case StimulusKind::Pulse:
    case StimulusKind::Flash:
        if (t0 >= startMs && t1 <= startMs + durationMs)
            return bias + a;
        return bias + a * overlap(t0, t1, startMs, startMs + durationMs) / width;
    case StimulusKind::Ramp:
        return bias + (integral(t1) - integral(t0)) / width;
    case StimulusKind::Train: {
        if (periodMs <= 0 || t1 <= startMs)
            return bias;
        long first = std::max(0L, long(std::floor((t0 - startMs) / periodMs)));
        long last = long(std::floor((t1 - startMs) / periodMs));
        if (count > 0)
            last = std::min(last, long(count) - 1);
        double covered = 0;
        for (long k = first; k <= last; ++k) {
            const double on = startMs + double(k) * periodMs;
            covered += overlap(t0, t1, on, on + durationMs);
        }
        return bias + a * covered / width;
    }
    }
    return bias;
}

std::vector<ParamSpec> stimulusSpecs(const StimulusRanges& r)
{
    const std::vector<double> pulseLike = {double(StimulusKind::Pulse), double(StimulusKind::Train),
                                           double(StimulusKind::Ramp), double(StimulusKind::Flash)};
    const std::vector<double> timed = {double(StimulusKind::Step),  double(StimulusKind::Pulse),
                                       double(StimulusKind::Train), double(StimulusKind::Ramp),
                                       double(StimulusKind::Noisy), double(StimulusKind::Flash)};
    const std::vector<double> withAmplitude = {double(StimulusKind::Step), double(StimulusKind::Pulse),
                                               double(StimulusKind::Train), double(StimulusKind::Ramp),
                                               double(StimulusKind::Noisy)};
    const std::vector<double> train = {double(StimulusKind::Train)};
    const std::vector<double> flash = {double(StimulusKind::Flash)};
    const std::vector<double> noisy = {double(StimulusKind::Noisy)};
    std::vector<ParamSpec> specs;
    specs.push_back(choiceSpec("stimulus", "Stimulus protocol", stimulusKindNames(), 0,
                               "Waveform added to the bias current: constant (bias only), step, pulse, pulse train, "
                               "ramp, noisy (step plus Ornstein–Uhlenbeck noise) or flash (a pulse of fixed charge)."));
    specs.back().group = "Stimulus";
    auto add = [&](ParamSpec s, const std::vector<double>& shownFor) {
        s.shownWhenKey = "stimulus";
        s.shownWhenValues = shownFor;
        s.group = "Stimulus";
        specs.push_back(std::move(s));
    };
    add({"stim_amp", "Stimulus amplitude A", r.currentUnit, r.amplitudeMin, r.amplitudeMax, r.amplitudeDefault,
         Scale::Linear, "Height of the step, pulse or train, end value of the ramp, mean of the noisy input.",
         r.decimals},
        withAmplitude);
    add({"stim_start", "Stimulus onset t0", "ms", 0, 10000, 0, Scale::Linear, "When the waveform starts.", 1}, timed);
    add({"stim_duration", "Stimulus duration d", "ms", 0.01, 10000, 100, Scale::Log,
         "Width of a pulse, of each pulse in a train, of the ramp, or of the flash.", 2},
        pulseLike);
    add({"stim_period", "Train period T", "ms", 0.1, 10000, 200, Scale::Log,
         "Time from one pulse onset to the next (1000/T is the stimulation frequency in Hz).", 2},
        train);
    add(ParamSpec{"stim_count", "Pulses in train", "", 0, 1000, 5, Scale::Linear,
                  "Number of pulses in the train; 0 repeats for ever.", 0}
            .asInteger(),
        train);
    add({"stim_charge", "Flash charge Q", r.chargeUnit, 0, r.chargeMax, r.chargeDefault, Scale::Linear,
         "Total charge of the flash, delivered as a pulse of height Q/d: the same charge for every duration.",
         r.decimals},
        flash);
    add({"noise_sigma", "Noise amplitude σ", r.currentUnit, 0, r.noiseMax, 0, Scale::Linear,
         "Standard deviation of the Ornstein–Uhlenbeck noise current (seeded: same seed, same noise).", r.decimals},
        noisy);
    add({"noise_tau", "Noise correlation time τ_noise", "ms", 0.1, 100, 5, Scale::Log,
         "Correlation time of the noise current.", 2},
        noisy);
    return specs;
}

Stimulus stimulusFromParameters(const ParamSet& p)
{
    Stimulus s;
    s.kind = StimulusKind(int(p["stimulus"]));
    s.bias = p["i_ext"];
    s.amplitude = p["stim_amp"];
    s.startMs = p["stim_start"];
    s.durationMs = p["stim_duration"];
    s.periodMs = p["stim_period"];
    s.count = int(std::lround(p["stim_count"]));
    s.charge = p["stim_charge"];
    s.noiseSigma = p["noise_sigma"];
    s.noiseTauMs = p["noise_tau"];
    return s;
}

std::string checkStimulusConstraints(const ParamSet& p)
{
    if (StimulusKind(int(p["stimulus"])) == StimulusKind::Train && p["stim_duration"] > p["stim_period"])
        return "parameter 'stim_duration' (" + formatValue(p["stim_duration"]) +
               " ms) must not exceed 'stim_period' (" + formatValue(p["stim_period"]) +
               " ms): the pulses of a train would overlap";
    if (p["stim_count"] != std::floor(p["stim_count"]))
        return "parameter 'stim_count' must be a whole number (got " + formatValue(p["stim_count"]) + ")";
    return {};
}

}  // namespace neuroai
