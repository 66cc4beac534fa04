// Included by the build-time patched Box2D/Dynamics/Joints/b2RevoluteJoint.h (see CMakeLists.txt): a bit-neutral
// fast path for the revolute joint's velocity solver, the hottest function of a walker step.
//
// b2RevoluteJoint::SolveVelocityConstraints runs once per joint per velocity iteration (180 per step for the
// BipedalWalker family) and solves with its effective-mass matrix m_mass through b2Mat33::Solve33 / Solve22 -- out
// of line in b2Math.cpp, and each recomputing the matrix's determinant and the cross product of its last two
// columns. m_mass is assigned only in InitVelocityConstraints, so those values are the same in every iteration of
// a step. RevoluteMassSolve computes them there, once, with the very expressions Solve33 and Solve22 use, and the
// solves below are those functions' remaining expressions, inline. Every float operation is the one Box2D performs
// on the same operands (IEEE single precision, no contraction: -ffp-contract=off), so every result is bit-identical;
// only the repeated work and the calls go.
#pragma once

#include <Box2D/Common/b2Math.h>

namespace boxwalk {

class RevoluteMassSolve {
 public:
  // Call whenever the matrix changes (b2RevoluteJoint::InitVelocityConstraints).
  void Set(const b2Mat33& m) {
    cross_yz_ = b2Cross(m.ey, m.ez);
    inv_det33_ = b2Dot(m.ex, cross_yz_);
    if (inv_det33_ != 0.0f) inv_det33_ = 1.0f / inv_det33_;
    inv_det22_ = m.ex.x * m.ey.y - m.ey.x * m.ex.y;
    if (inv_det22_ != 0.0f) inv_det22_ = 1.0f / inv_det22_;
  }

  // m.Solve33(b), for the m last passed to Set.
  b2Vec3 Solve33(const b2Mat33& m, const b2Vec3& b) const {
    b2Vec3 x;
    x.x = inv_det33_ * b2Dot(b, cross_yz_);
    x.y = inv_det33_ * b2Dot(m.ex, b2Cross(b, m.ez));
    x.z = inv_det33_ * b2Dot(m.ex, b2Cross(m.ey, b));
    return x;
  }

  // m.Solve22(b), for the m last passed to Set.
  b2Vec2 Solve22(const b2Mat33& m, const b2Vec2& b) const {
    b2Vec2 x;
    x.x = inv_det22_ * (m.ey.y * b.x - m.ey.x * b.y);
    x.y = inv_det22_ * (m.ex.x * b.y - m.ex.y * b.x);
    return x;
  }

 private:
  b2Vec3 cross_yz_;
  float32 inv_det33_ = 0.0f;
  float32 inv_det22_ = 0.0f;
};

}  // namespace boxwalk
