// Included by the build-time patched Box2D/Dynamics/b2Island.cpp (see CMakeLists.txt): the velocity iterations of a
// continuous-collision (TOI) sub-step stop as soon as they provably cannot change anything any more.
//
// b2Island::SolveTOI runs the contact solver's velocity sweep step.velocityIterations times -- 180 for the
// BipedalWalker family -- on a small island (the two bodies of the time-of-impact event and what touches them). A
// sweep, b2ContactSolver::SolveVelocityConstraints, reads and writes exactly this state: the island's velocities and
// each contact point's normal and tangent impulse; everything else it reads (masses, anchors, normals, biases,
// friction) was fixed by InitializeVelocityConstraints. So the sweeps are iterations of one deterministic function of
// that state, and floats give the same bits for the same bits. If the state after sweep k equals, bit for bit, the
// state after sweep k - p, the sequence repeats with period p from there on, and the state after all N sweeps is the
// state after sweep k + (N - k) mod p: running those few sweeps and stopping ends in exactly the state the full loop
// ends in -- the same velocities for the integration that follows and the same impulses for the contact listener.
// Periods 1 and 2 are checked. Measured: in random BipedalWalker-v3 steps ~73 % of TOI solves reach a fixed point,
// after ~15 sweeps on average, and ~11 % a two-cycle (longer cycles are rare); in the hidden step of Stump Tracks
// resets 62 %, but of classic resets only 7 %. The main solve (b2Island::Solve), with joints and motors, reached a
// repeat in only ~12 % of steps, after ~98 sweeps: too few and too late to pay for the checks there.
#pragma once

#include <Box2D/Dynamics/Contacts/b2ContactSolver.h>
#include <Box2D/Dynamics/b2TimeStep.h>

#include <cstring>

namespace boxwalk {

class ContactSolverState {
 public:
  // A TOI island has at most 2 * b2_maxTOIContacts bodies and b2_maxTOIContacts contacts; one that does not fit
  // (none in Box2D 2.3.8) is solved without the check.
  static constexpr int kCapacity = 3 * 2 * b2_maxTOIContacts + 2 * b2_maxManifoldPoints * b2_maxTOIContacts;

  // Copies the state a sweep reads and writes; false when it does not fit.
  bool Read(const b2ContactSolver& solver, const b2Velocity* velocities, int32 bodyCount) {
    size_ = 0;
    if (3 * bodyCount > kCapacity) return false;
    for (int32 i = 0; i < bodyCount; ++i) {
      values_[size_++] = velocities[i].v.x;
      values_[size_++] = velocities[i].v.y;
      values_[size_++] = velocities[i].w;
    }
    for (int32 i = 0; i < solver.m_count; ++i) {
      const b2ContactVelocityConstraint& constraint = solver.m_velocityConstraints[i];
      if (size_ + 2 * constraint.pointCount > kCapacity) return false;
      for (int32 j = 0; j < constraint.pointCount; ++j) {
        values_[size_++] = constraint.points[j].normalImpulse;
        values_[size_++] = constraint.points[j].tangentImpulse;
      }
    }
    return true;
  }

  // Bitwise, so that -0.0 and 0.0 differ and a NaN equals the same NaN: the sweep's result depends on bits.
  bool SameBits(const ContactSolverState& other) const {
    return size_ == other.size_ && std::memcmp(values_, other.values_, sizeof(float32) * size_) == 0;
  }

 private:
  float32 values_[kCapacity];
  int size_ = 0;
};

// `iterations` sweeps of solver.SolveVelocityConstraints(), or fewer with the same final state (see above). The state
// is copied and compared only after the first two sweeps of every kWindow, so a repeat is found up to kWindow sweeps
// late: with a comparison after every sweep, the TOI islands that never repeat (most of those in a classic reset's
// hidden step) made a reset 5 % more instructions; with kWindow 16, 0.3 %, and steps save as much as before.
inline void SolveTOIVelocities(b2ContactSolver& solver, const b2Velocity* velocities, int32 bodyCount,
                               int32 iterations) {
  constexpr int32 kWindow = 16;
  ContactSolverState window_start, after_one, after_two;  // the states after sweeps kWindow * m, + 1, + 2
  if (!window_start.Read(solver, velocities, bodyCount)) {
    for (int32 k = 0; k < iterations; ++k) solver.SolveVelocityConstraints();
    return;
  }
  for (int32 k = 1; k <= iterations; ++k) {
    solver.SolveVelocityConstraints();
    int32 period = 0;
    switch (k % kWindow) {
      case 0:
        window_start.Read(solver, velocities, bodyCount);
        break;
      case 1:
        after_one.Read(solver, velocities, bodyCount);
        if (after_one.SameBits(window_start)) period = 1;
        break;
      case 2:
        after_two.Read(solver, velocities, bodyCount);
        if (after_two.SameBits(after_one)) {
          period = 1;
        } else if (after_two.SameBits(window_start)) {
          period = 2;
        }
        break;
    }
    if (period != 0) {
      for (int32 rest = (iterations - k) % period; rest > 0; --rest) solver.SolveVelocityConstraints();
      return;
    }
  }
}

}  // namespace boxwalk
