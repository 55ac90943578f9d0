// A callback that captures at most two pointers (`[this] { ... }`), stored in place: the core's
// hooks and timer callbacks without std::function's set of compiled functions per lambda
// (copy, destroy, call, target), which the wasm download carries for each one.
#pragma once

#include <new>
#include <type_traits>
#include <utility>

namespace wxs {

template <typename Signature>
class InlineFunction;

template <typename R, typename... Args>
class InlineFunction<R(Args...)> {
 public:
  InlineFunction() = default;
  template <typename F,
            typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, InlineFunction>>>
  InlineFunction(F f)  // NOLINT(google-explicit-constructor): takes a lambda, as std::function
      : call_([](const void* storage, Args... args) -> R {
          return (*static_cast<const F*>(storage))(std::forward<Args>(args)...);
        }) {
    static_assert(sizeof(F) <= sizeof(storage_) && std::is_trivially_copyable_v<F>,
                  "capture two pointers at most");
    new (storage_) F(f);
  }

  R operator()(Args... args) const { return call_(storage_, std::forward<Args>(args)...); }

 private:
  R (*call_)(const void*, Args...) = nullptr;
  alignas(void*) unsigned char storage_[2 * sizeof(void*)] = {};
};

}  // namespace wxs
