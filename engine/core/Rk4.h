#pragma once

namespace neuroai {

// One step of the classical fourth-order Runge–Kutta method for dx/dt = f(x) (an autonomous system: the models
// hold their input constant over a step):
//
//   k1 = f(x), k2 = f(x + h/2·k1), k3 = f(x + h/2·k2), k4 = f(x + h·k3),   x ← x + h/6·(k1 + 2k2 + 2k3 + k4)
//
// Header-only and shared by every model that integrates with RK4 (Hodgkin–Huxley, Izhikevich, AdEx), so the
// operation order, and with it every rounding, is the same everywhere (the sum is taken left to right,
// ((k1 + 2k2) + 2k3) + k4). `State` is any value type with
// State + State and Step * State (Eigen arrays, or a struct of them); `Step` is the step length (ms), a double or
// a per-lane array of step lengths (each lane then advances by its own h: elementwise arithmetic keeps lanes
// independent, so a lane's result equals what the scalar code would compute). `derivative` maps a State to its
// time derivative.
template <typename State, typename Step, typename Derivative>
State rk4Step(const State& x, const Step& h, Derivative&& derivative)
{
    const Step half = 0.5 * h;
    const State k1 = derivative(x);
    const State k2 = derivative(State(x + half * k1));
    const State k3 = derivative(State(x + half * k2));
    const State k4 = derivative(State(x + h * k3));
    const Step sixth = h / 6.0;
    return State(x + sixth * State(State(State(k1 + 2.0 * k2) + 2.0 * k3) + k4));
}

}  // namespace neuroai
