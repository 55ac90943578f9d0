#include "browser_timers.h"

#include <emscripten/emscripten.h>
#include <emscripten/eventloop.h>

namespace wxs {

double BrowserClock::NowMs() const { return emscripten_get_now(); }

double BrowserRandom::Next01() { return emscripten_random(); }

BrowserTimers::~BrowserTimers() {
  for (const auto& entry : pending_) emscripten_clear_timeout(entry.second.js_timeout_id);
}

TimerId BrowserTimers::Schedule(double delay_ms, InlineFunction<void()> fire) {
  const TimerId id = next_id_++;
  Pending& pending = pending_.emplace(id, Pending{this, id, 0, fire}).first->second;
  pending.js_timeout_id = emscripten_set_timeout(&BrowserTimers::Fire, delay_ms, &pending);
  return id;
}

void BrowserTimers::Cancel(TimerId id) {
  auto found = pending_.find(id);
  if (found == pending_.end()) return;
  emscripten_clear_timeout(found->second.js_timeout_id);
  pending_.erase(found);
}

void BrowserTimers::Fire(void* data) {
  auto* pending = static_cast<Pending*>(data);
  // Take the callback out first: it may cancel or schedule timers while it runs.
  const InlineFunction<void()> fire = pending->fire;
  pending->owner->pending_.erase(pending->id);
  fire();
}

}  // namespace wxs
