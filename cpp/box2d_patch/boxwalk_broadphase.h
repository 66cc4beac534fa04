// Included by the build-time patched Box2D/Collision/b2BroadPhase.h (see CMakeLists.txt): a bit-neutral fast path
// for the first step of a freshly built world.
//
// b2BroadPhase::UpdatePairs queries the tree once per proxy in the move buffer; every overlap becomes a pair (the
// overlap test is symmetric, so a pair is found by the query of either of its proxies), the pairs are sorted and
// deduplicated, and b2ContactManager::AddPair rejects, with no side effect, every pair without a dynamic body. When
// every proxy is in the move buffer -- a reset that has just created the terrain and the walker -- the queries of
// the non-dynamic proxies (the ~200 terrain bodies) can only add pairs the dynamic proxies' own queries find, or pairs
// AddPair rejects; skipping them leaves the same pairs, in the same sorted order, reaching AddPair.
#pragma once

namespace boxwalk {

// True when the move buffer (ids, e_nullProxy = -1 for removed entries, repeats allowed) holds every one of the
// broad phase's proxy_count proxies.
bool every_proxy_moved(const int* move_buffer, int move_count, int proxy_count);

}  // namespace boxwalk
