// What every model folder's params.hpp needs (engine/src/models/<name>/params.hpp): the key
// type of its parameter table and the types its hot function takes, declared only, so that the
// parameters can be part of the public Scenario without exposing the engine's internals.
#pragma once

#include <cstdint>

namespace stroom {

/// One parameter of model parameters P: its scenario key (`model: {<key>: value}`) and field.
template <class P>
struct ParamKey {
  const char* key;
  double P::*field;
};

namespace models {
struct ModelInput;                   // engine/src/models/model.hpp
struct ModelOutput;                  // engine/src/models/model.hpp
enum class KernelIsa : std::int8_t;  // engine/src/models/isa.hpp
}  // namespace models

}  // namespace stroom
