#pragma once
// One entry for the page and its native twin: a request as JSON, its answer
// as JSON. The sessions (a GP, a network) live here between requests, by id.
//
//   Playground p;
//   p.handle({{"call", "optimizer_path"}, {"surface", "beale"}, {"optimizer", "adam"}});
//   p.handle({{"call", "gp_new"}, {"acq", "EI"}, {"seed", 1}});      // {"id": 1}
//   p.handle({{"call", "gp_next"}, {"id", 1}});                      // the GP's state after the step
// A bad request answers {"error": "<one line naming the field>"}.
#include <map>
#include <memory>
#include <string>

#include "web/playground.hpp"

namespace tunet::web {

class Playground {
 public:
  Json handle(const Json& request);
  std::string handle_text(const std::string& request);  // JSON in, JSON out (the bindings' form)

 private:
  Json dispatch(const std::string& call, const Json& r);
  int next_id_ = 1;
  std::map<int, std::unique_ptr<GpSession>> gps_;
  std::map<int, std::unique_ptr<NetworkSession>> networks_;
};

}  // namespace tunet::web
