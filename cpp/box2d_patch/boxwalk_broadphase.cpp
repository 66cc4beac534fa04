#include "boxwalk_broadphase.h"

#include <algorithm>
#include <vector>

namespace boxwalk {

bool every_proxy_moved(const int* move_buffer, int move_count, int proxy_count) {
  if (proxy_count == 0 || move_count < proxy_count) return false;  // an ordinary step: a few proxies moved
  const int max_id = *std::max_element(move_buffer, move_buffer + move_count);
  if (max_id < 0) return false;
  thread_local std::vector<unsigned char> seen;
  seen.assign(static_cast<std::size_t>(max_id) + 1, 0);
  int distinct = 0;
  for (int i = 0; i < move_count; ++i) {
    const int id = move_buffer[i];
    if (id >= 0 && !seen[id]) {
      seen[id] = 1;
      ++distinct;
    }
  }
  return distinct == proxy_count;
}

}  // namespace boxwalk
