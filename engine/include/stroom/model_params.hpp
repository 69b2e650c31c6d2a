// The operational models of a scenario (`model: {type: ..., <key>: value}`): ModelType,
// ModelDesc and the table of models, all built from the list in
// engine/src/models/model_table.hpp and the model folders' params.hpp, which name the symbol of
// their source paper for each parameter; docs/models.md gives the equations and references.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include "stroom/error.hpp"
// Generated (engine/src/models/CMakeLists.txt): every engine/src/models/<name>/params.hpp and
// engine/src/models/model_table.hpp (STROOM_MODELS).
#include "stroom_model_folders.hpp"

namespace stroom {

// [SECTION] The table of models
//
// engine/src/models/model_table.hpp lists the models, one line each; every model's folder
// engine/src/models/<name>/ holds its parameters (params.hpp, included through the generated
// stroom_model_folders.hpp) and its hot function. From that line come the enumerator, the ModelDesc
// member, the row of kModels (name, parameter table, cut-off) that the loader, model_name()
// and `verify --model` read, and the dispatch in engine/src/models/registry.cpp.

enum class ModelType {
#define STROOM_MODEL_ENUMERATOR(id, name, Params) id,
  STROOM_MODELS(STROOM_MODEL_ENUMERATOR)
#undef STROOM_MODEL_ENUMERATOR
};

/// The operational model of a scenario: its type and the parameters of every model (only
/// those of `type` are read).
struct ModelDesc {
  ModelType type{};      ///< the first model of the table unless the scenario says otherwise
  SourceLocation where;  ///< of `model.type` (messages)
#define STROOM_MODEL_MEMBER(id, name, Params) Params id;
  STROOM_MODELS(STROOM_MODEL_MEMBER)
#undef STROOM_MODEL_MEMBER
};

/// A model parameter: the key under `model:` and the field of ModelDesc it sets.
struct ModelParamKey {
  const char* key;
  double& (*field)(ModelDesc&);
};

struct ModelInfo {
  ModelType type;
  const char* name;                       ///< `model.type`, `--model`
  std::span<const ModelParamKey> params;  ///< every key the model takes
  double (*cutoff)(const ModelDesc&);     ///< neighbour search radius of the model, m
  /// nullptr for a model that passes the verification suite; otherwise why it is experimental
  /// (`validate` and `run` warn, the report says so).
  const char* experimental;
};

namespace model_table_detail {

/// The parameters of ModelDesc member `Member` (a pointer to member).
template <auto Member>
using ParamsOf = std::remove_cvref_t<decltype(std::declval<ModelDesc&>().*Member)>;

/// Field I of the parameter table of ModelDesc member `Member`.
template <auto Member, std::size_t I>
double& param_field(ModelDesc& model) {
  return (model.*Member).*(ParamsOf<Member>::keys()[I].field);
}

template <auto Member, std::size_t... I>
constexpr auto param_keys(std::index_sequence<I...>) {
  return std::array<ModelParamKey, sizeof...(I)>{
      ModelParamKey{ParamsOf<Member>::keys()[I].key, &param_field<Member, I>}...};
}

/// The parameter table of ModelDesc member `Member`, as ModelParamKeys.
template <auto Member>
inline constexpr auto kParamKeys =
    param_keys<Member>(std::make_index_sequence<ParamsOf<Member>::keys().size()>{});

/// The neighbour search radius of ModelDesc member `Member` (every model has a `cutoff`).
template <auto Member>
double cutoff_of(const ModelDesc& model) {
  return (model.*Member).cutoff;
}

}  // namespace model_table_detail

/// Every operational model, in the order `verify --model all` runs them (the first is the
/// default of a scenario without `model.type`).
inline constexpr ModelInfo kModels[] = {
#define STROOM_MODEL_ROW(id, name, Params)                              \
  {ModelType::id, name, model_table_detail::kParamKeys<&ModelDesc::id>, \
   &model_table_detail::cutoff_of<&ModelDesc::id>, Params::experimental},
    STROOM_MODELS(STROOM_MODEL_ROW)
#undef STROOM_MODEL_ROW
};

/// The row of model type t.
inline const ModelInfo& model_info(ModelType t) {
  for (const ModelInfo& m : kModels)
    if (m.type == t) return m;
  STROOM_ASSERT(false && "a ModelType without a row in kModels");
  return kModels[0];
}

/// The row of the model named `name` (`model.type`), or nullptr.
inline const ModelInfo* find_model(std::string_view name) {
  for (const ModelInfo& m : kModels)
    if (name == m.name) return &m;
  return nullptr;
}

inline const char* model_name(ModelType t) {
  return model_info(t).name;
}

}  // namespace stroom
