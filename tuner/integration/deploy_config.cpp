#include "tuner/integration/deploy_config.hpp"

#include "tuner/config/json_fields.hpp"

namespace tunet::tuner {

DeploySettings parse_deploy(const Json& deploy) {
  require_object(deploy, "deploy");
  check_fields(deploy, "deploy", {"precision"});
  DeploySettings s;
  const std::string precision = string_or(deploy, "precision", "float32", "deploy");
  if (precision == "int8") s.precision = nn::Precision::Int8;
  else if (precision != "float32") field_error("deploy.precision", "float32 or int8", deploy.at("precision"));
  return s;
}

}  // namespace tunet::tuner
