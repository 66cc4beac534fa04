// What TeachMyAgent's profile chimpanzees share: sizes, colours, the head and chest, the legs.
#pragma once
#include "bodies/parts.h"

namespace boxwalk::chimpanzee {

inline const double kLegDown = 12 / gym::SCALE, kArmUp = 22 / gym::SCALE;
inline const double kLimbW = 8 / gym::SCALE, kLimbH = 28 / gym::SCALE;
inline const double kHandW = 4 / gym::SCALE, kHandH = 8 / gym::SCALE;
constexpr uint16 kMask = 0x1;

// The common BodySpec fields (name, torque 100, penalty per limb group, spawn height, no head-angle term).
BodySpec spec(const char* name);
// A part with the reference's colours: shade 0 for head and chest, +1 for legs, -1 for arms.
PartSpec part(const char* name, FixtureSpec fixture, Placement position, double shade);
inline FixtureSpec upper_limb() { return parts::box(kLimbW / 2, kLimbH / 2, 1.0f, kMask); }
inline FixtureSpec lower_limb() { return parts::box(0.8 * kLimbW / 2, kLimbH / 2, 1.0f, kMask); }
// Parts 0 and 1: head (gets the spawn force) and chest, both critical, joined by a passive neck.
void add_head_and_chest(BodySpec& spec);
// Two legs (both drawn on the same side) hanging from the chest; lower legs report contact.
void add_legs(BodySpec& spec, bool lower_critical);

}  // namespace boxwalk::chimpanzee
