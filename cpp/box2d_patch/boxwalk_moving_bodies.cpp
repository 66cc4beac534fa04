// Compiled into the patched Box2D (see CMakeLists.txt): a bit-neutral fast path for the walks over the world's body
// list that b2World::Step makes, and that dominate its cost on a terrain of ~200 static bodies.
//
// Every step walks m_bodyList five times: b2World::Solve clears the island flags, seeds islands, and synchronises
// the moved bodies' fixtures; b2World::SolveTOI resets island flags and sweep times; b2World::ClearForces zeroes
// forces. The walker's 5-9 bodies sit among ~200 terrain bodies, and with many worlds per thread the pointer chase
// through the static ones misses cache (perf, 64 BipedalWalker worlds on one thread: ~9 % of all cycles on one load
// in b2World::Solve). The patch keeps a second list, m_movingBodyList, of the non-static bodies in m_bodyList's
// order, and walks it instead where skipping the static bodies provably changes nothing:
//
// - Seeding islands and synchronising fixtures: both loops skip static bodies themselves; the non-static ones are
//   visited in the same order, so the same islands are built in the same order and the same proxies move in the same
//   order.
// - Zeroing forces: a static body's force and torque are zero from its constructor on (ApplyForce / ApplyTorque
//   return early for non-dynamic bodies; SetType zeroes them).
// - Clearing island flags (Solve) and resetting flags and sweeps (SolveTOI): Solve and SolveTOI clear the flag of
//   every static body they add to an island before they return, so a static body's flag is clear at both points --
//   unless SetType made a flagged body static (with continuous collision off, Solve's bodies keep their flags until
//   the next step). SetType sets m_staticIslandFlagsMaybeSet, and the next Solve walks every body once. Every
//   body's sweep time alpha0 is 0 from its constructor and after each reset; SolveTOI moves one only at or after a
//   TOI event (before the first event every alpha0 is 0, so the sweeps agree and none is advanced), and the event
//   sets m_staticSweepsMaybeAdvanced, so the next reset walks every body, as Box2D always does (a body SetType makes
//   static with a non-zero alpha0 got it from such an event). Nothing between two SolveTOI calls reads alpha0.
//
// The list is rebuilt from m_bodyList when a step needs it after CreateBody, DestroyBody or SetType (a reset
// rebuilds it once; the world is locked during a step, so it cannot change while a loop walks it). No float
// operation changes, so trajectories are bit-identical: the golden hashes and the Gymnasium parity tests check it, and
// tests/test_box2d_patches.py compares scenes with type changes, sub-stepping and TOI events against pybox2d.
#include <Box2D/Dynamics/b2Body.h>
#include <Box2D/Dynamics/b2World.h>

b2Body* b2World::MovingBodies() {
  if (m_movingBodyListStale) {
    b2Body** tail = &m_movingBodyList;
    for (b2Body* b = m_bodyList; b; b = b->m_next) {
      if (b->m_type != b2_staticBody) {
        *tail = b;
        tail = &b->m_nextMoving;
      }
    }
    *tail = nullptr;
    m_movingBodyListStale = false;
  }
  return m_movingBodyList;
}
