#include "web/playground_calls.hpp"

#include <chrono>

#include "core/build_info.hpp"
#include "core/error.hpp"

namespace tunet::web {

namespace {

// r[key] as T, or `fallback` when absent; Error naming the field otherwise.
template <class T>
T field(const Json& r, const char* key, T fallback) {
  if (!r.contains(key) || r[key].is_null()) return fallback;
  try {
    return r[key].get<T>();
  } catch (const std::exception&) {
    throw Error(std::string(key) + ": unexpected value " + r[key].dump());
  }
}

template <class Session>
Session& session(std::map<int, std::unique_ptr<Session>>& sessions, const Json& r) {
  const auto it = sessions.find(field(r, "id", 0));
  check(it != sessions.end(), "id: no such session " + field(r, "id", Json()).dump());
  return *it->second;
}

nn::OptimizerSettings optimizer_settings(const Json& r) {
  nn::OptimizerSettings settings;
  if (!r.contains("settings")) return settings;
  check(r["settings"].is_object(), "settings: expected an object of NAME: number");
  for (const auto& [name, value] : r["settings"].items()) {
    check(value.is_number(), "settings." + name + ": expected a number, got " + value.dump());
    settings[name] = value.get<double>();
  }
  return settings;
}

NetworkOptions network_options(const Json& r) {
  NetworkOptions d;
  return {.dataset = field(r, "dataset", d.dataset), .samples_per_class = field(r, "samples", d.samples_per_class),
          .noise = field(r, "noise", d.noise), .layers = field(r, "layers", d.layers),
          .units = field(r, "units", d.units), .activation = field(r, "activation", d.activation),
          .optimizer = field(r, "optimizer", d.optimizer), .learning_rate = field(r, "learning_rate", d.learning_rate),
          .dropout = field(r, "dropout", d.dropout), .batch_size = field(r, "batch_size", d.batch_size),
          .validation_split = field(r, "validation_split", d.validation_split), .seed = field(r, "seed", d.seed)};
}

}  // namespace

Json Playground::dispatch(const std::string& call, const Json& r) {
  if (call == "build_info") return {{"build", build_info_str()}};
  if (call == "surfaces") return surfaces_json(field(r, "grid", 81));
  if (call == "optimizers") return optimizer_names_json();
  if (call == "optimizer_path") {
    const std::array<double, 2> start = field(r, "start", std::array<double, 2>{NAN, NAN});
    std::array<double, 2> from = start;
    const std::string surface = field(r, "surface", std::string("rosenbrock"));
    if (!std::isfinite(from[0]) || !std::isfinite(from[1])) {
      const Json all = surfaces_json(2);
      for (const Json& s : all)
        if (s["name"] == surface) from = s["start"].get<std::array<double, 2>>();
    }
    return optimizer_path(surface, field(r, "optimizer", std::string("adam")), optimizer_settings(r), from,
                          field(r, "steps", 300));
  }
  if (call == "gp_new") {
    GpSessionOptions d;
    auto gp = std::make_unique<GpSession>(GpSessionOptions{
        .acq_func = field(r, "acq", d.acq_func), .n_initial_points = field(r, "initial", d.n_initial_points),
        .xi = field(r, "xi", d.xi), .kappa = field(r, "kappa", d.kappa), .seed = field(r, "seed", d.seed),
        .grid = field(r, "grid", d.grid)});
    gps_[next_id_] = std::move(gp);
    return {{"id", next_id_++}};
  }
  if (call == "gp_observe") session(gps_, r).observe(field(r, "x", NAN));
  if (call == "gp_next") session(gps_, r).next();
  if (call == "gp_observe" || call == "gp_next" || call == "gp_state") return session(gps_, r).state();
  if (call == "hyperband_schedule") return hyperband_schedule_json(field(r, "R", 81), field(r, "eta", 3));
  if (call == "hyperband_run") return hyperband_run(field(r, "R", 81), field(r, "eta", 3), field(r, "seed", 1));
  if (call == "net_new") {
    networks_[next_id_] = std::make_unique<NetworkSession>(network_options(r));
    return {{"id", next_id_++}};
  }
  if (call == "net_bench") {
    // `epochs` epochs of a fresh network timed in blocks of `block`: each block's
    // wall time / block, in ms (a block long against the browser's 0.1 ms clock).
    NetworkSession network(network_options(r));
    const int block = field(r, "block", 10);
    check(block >= 1, "block: expected at least 1 epoch per timed block, got " + std::to_string(block));
    Json ms = Json::array();
    for (int e = field(r, "epochs", 100); e >= block; e -= block) {
      const auto start = std::chrono::steady_clock::now();
      for (int b = 0; b < block; ++b) network.epoch();
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / block);
    }
    return {{"epoch_ms", ms}};
  }
  if (call == "net_data") return session(networks_, r).data();
  if (call == "net_epoch") return session(networks_, r).epoch();
  if (call == "net_boundary") return session(networks_, r).boundary(field(r, "n", 60));
  if (call == "delete") {
    const int id = field(r, "id", 0);
    gps_.erase(id);
    networks_.erase(id);
    return Json::object();
  }
  throw Error("call: unknown '" + call + "'");
}

Json Playground::handle(const Json& request) {
  try {
    check(request.is_object(), "expected a JSON object");
    return dispatch(field(request, "call", std::string()), request);
  } catch (const std::exception& e) {
    return {{"error", e.what()}};
  }
}

std::string Playground::handle_text(const std::string& request) {
  const Json r = Json::parse(request, nullptr, /*allow_exceptions=*/false);
  return handle(r.is_discarded() ? Json("not JSON") : r).dump();
}

}  // namespace tunet::web
