#pragma once

// Digital filters for chapter 8's pipeline: second-order Butterworth sections (biquads) designed by the bilinear
// transform with the cutoff pre-warped, so each section is exactly −3 dB at its cutoff, and the zero-phase
// band-pass a spike sorter applies to a wide-band extracellular recording.

#include <vector>

namespace neuroai::pipeline {

// y[n] = b0·x[n] + b1·x[n−1] + b2·x[n−2] − a1·y[n−1] − a2·y[n−2]
struct Biquad {
    double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;

    // Require 0 < cutoff < sampleRate/2 (std::invalid_argument naming the value otherwise).
    static Biquad butterworthLowPass(double cutoffHz, double sampleRateHz);
    static Biquad butterworthHighPass(double cutoffHz, double sampleRateHz);

    // |H(e^{iω})| at ω = 2π·f/fs.
    double gain(double frequencyHz, double sampleRateHz) const;
    // Filters in place from rest (zero initial state), front to back or back to front.
    void apply(std::vector<double>& x) const;
    void applyBackward(std::vector<double>& x) const;
};

// A high-pass at lowHz and a low-pass at highHz, each run forward and then backward: no phase shift (a spike's
// trough stays where it was) and a gain of |H_hp(f)|²·|H_lp(f)|², i.e. −6 dB at each cutoff. Requires
// 0 < lowHz < highHz < sampleRate/2.
std::vector<double> zeroPhaseBandPass(std::vector<double> x, double sampleRateHz, double lowHz, double highHz);
// The gain of zeroPhaseBandPass at a frequency.
double zeroPhaseBandPassGain(double frequencyHz, double sampleRateHz, double lowHz, double highHz);

}  // namespace neuroai::pipeline
