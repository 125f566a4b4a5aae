#pragma once

#include "engine/core/Random.h"
#include "engine/rl/GridMaze.h"
#include "engine/rl/HippocampalReplay.h"

#include <vector>

namespace neuroai::rl {

// Hippocampal replay on a 2-D maze (issue 11: "as a raster and as a path on the maze"): the linear-track model of
// HippocampalReplay.h carried to the squares of a GridMaze.
//
// Geometry. Square (row, col) of the maze covers [col·s, (col+1)·s) × [row·s, (row+1)·s) in cm, s = squareCm, with
// y growing downwards like the rows. Every open square holds k² place cells (k = cellsPerSide), their fields centred
// on a k × k lattice inside the square (at (j + ½)·s/k from its corner):
//     f_i(p) = r_bg + r_peak · exp(−|p − c_i|² / (2σ²)).
// Walls carry no cell (the animal never stands there). Fields are plain Gaussians in the plane and ignore walls: at
// the centre of a neighbouring square, wall between or not, a cell fires at e^(−1/(2·0.6²)) ≈ 0.25 of its peak.
//
// A replayed route is a list of maze states visited in order (a path of neighbouring open squares); the virtual
// position moves through the square centres at runSpeed · compression, linearly along each step, so a step takes
// s / (v·c) (with 20 cm, 25 cm/s and 20×: 40 ms). Spikes are Poisson in steps of dtMs; the decoder is the same
// Bayesian one (uniform prior over the open part of the maze, Poisson likelihood), on a grid of gridPerSquare ×
// gridPerSquare points inside every open square; a bin with no spike is not decoded.
struct MazeReplayConfig {
    double squareCm = 20;
    double fieldSigmaCm = 12;
    double peakRateHz = 60;
    double backgroundHz = 1;
    double runSpeedCmS = 25;
    double compression = 20;
    double binMs = 10;
    double dtMs = 1;
    int gridPerSquare = 3;
    int cellsPerSide = 2;  // place cells per square: cellsPerSide², their fields centred on a lattice in the square

    // Throws std::invalid_argument naming the field and the value.
    void validate() const;
    double stepMs() const { return 1000.0 * squareCm / (runSpeedCmS * compression); }
};

struct MazePoint {
    double x = 0, y = 0;  // cm
};

// A decoded maze event. Besides the 2-D MAP positions, the event is linearised along the replayed route (as papers
// on W- and T-mazes linearise theirs): every decoder grid point is projected onto the route's polyline through the
// square centres, so `alongRoute` holds, in cm from the route's first square, the projected MAP position
// (decodedCm), the replayed one (trueCm) and the posterior summed into route bins of routeBinCm (the decoder's grid
// step), scored like the track's events (slope in cm/s along the route, R², weighted r).
struct MazeDecoding {
    std::vector<MazePoint> decoded;  // MAP position per bin (NaN for bins without spikes)
    std::vector<MazePoint> truth;    // the replayed position at the bin centre
    ReplayDecoding alongRoute;
    double routeBinCm = 0;
    double meanErrorCm = 0;  // |decoded − true| in the plane, averaged over decoded bins
    int decodedBins = 0;
};

struct MazeReplayEvent {
    std::vector<int> route;                    // maze states in replay order
    double durationMs = 0;
    std::vector<std::vector<double>> spikeMs;  // per place cell
    long spikeCount = 0;
    MazeDecoding decoding;
};

class MazeReplay {
public:
    // Throws std::invalid_argument for a bad config or a maze without open squares.
    MazeReplay(const GridMaze& maze, const MazeReplayConfig& config);

    const GridMaze& maze() const { return m_maze; }
    const MazeReplayConfig& config() const { return m_config; }
    int cellCount() const { return int(m_cellState.size()); }
    int cellState(int cell) const { return m_cellState[std::size_t(cell)]; }  // the square of place cell `cell`
    MazePoint fieldCentre(int cell) const { return m_fieldCentre[std::size_t(cell)]; }
    MazePoint centre(int state) const;                                       // of a maze square
    double rateHz(int cell, MazePoint p) const;

    // A shortest route from `from` to `to` (breadth first over the maze's moves; ties resolved by the order of the
    // moves Up, Down, Left, Right), both ends included. Empty when `to` cannot be reached.
    std::vector<int> shortestRoute(int from, int to) const;
    // Throws std::invalid_argument for fewer than two states, a wall, or two consecutive states that are not
    // neighbours.
    void checkRoute(const std::vector<int>& route) const;
    double durationMs(const std::vector<int>& route) const;  // (size − 1) · stepMs
    double lengthCm(const std::vector<int>& route) const;    // (size − 1) · squareCm
    // Where p lies along the route, in cm from its first square: the nearest point of the polyline through the
    // squares' centres (the earliest, on a tie).
    double alongRouteCm(const std::vector<int>& route, MazePoint p) const;
    MazePoint at(const std::vector<int>& route, double tMs) const;  // clamped to the route's ends

    // One event replaying `route`, its spikes Poisson, decoded and linearised along `reference` (along `route` itself
    // when empty). A model that replays parts of one route in either direction passes that whole route as the
    // reference, so that every event is measured from the same start.
    MazeReplayEvent generate(const std::vector<int>& route, Random& rng, const std::vector<int>& reference = {}) const;
    // Decodes counts[bin][cell] of an event replaying `route` (non-integer counts allowed: expectedCounts gives the
    // noiseless event), linearised along `reference` (`route` when empty).
    MazeDecoding decode(const std::vector<std::vector<double>>& counts, const std::vector<int>& route,
                        const std::vector<int>& reference = {}) const;
    std::vector<std::vector<double>> expectedCounts(const std::vector<int>& route) const;
    int binCount(const std::vector<int>& route) const;

    // The decoder's grid (for drawing a posterior).
    const std::vector<MazePoint>& gridPoints() const { return m_grid; }

private:
    void checkState(int state) const;

    GridMaze m_maze;
    MazeReplayConfig m_config;
    std::vector<int> m_cellState;
    std::vector<MazePoint> m_fieldCentre;
    std::vector<MazePoint> m_grid;
    std::vector<std::vector<double>> m_logRate;  // [grid point][cell]
    std::vector<double> m_rateSum;               // Σ_i f_i at each grid point (Hz)
};

}  // namespace neuroai::rl
