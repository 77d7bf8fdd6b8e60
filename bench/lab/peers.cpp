// Which peer libraries this build of the lab has, what they are, and their
// thread counts (the rungs themselves are in peer_*.cpp, built only with the library).
#include "bench/lab/peers.hpp"

#if defined(TUNET_LAB_WITH_ONEDNN)
#include <oneapi/dnnl/dnnl.hpp>
#include <oneapi/dnnl/dnnl_debug.h>
#endif

namespace tunet::lab {

#if defined(TUNET_LAB_WITH_OPENBLAS)
std::string openblas_description();
std::string openblas_symbol_problem();
void openblas_threads(int threads);
#endif
#if defined(TUNET_LAB_WITH_BLIS)
std::string blis_description();
void blis_threads(int threads);
#endif

namespace {

[[maybe_unused]] std::string not_built(const std::string& library, const std::string& package) {
  return library + " not found when the lab was configured (scripts/install_deps.sh --bench installs " + package +
         "; TUNET_LAB_PEERS=OFF leaves it out)";
}

#if defined(TUNET_LAB_WITH_ONEDNN)
std::string onednn_description() {
  const dnnl::version_t* v = dnnl::version();
  return "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch) +
         ", CPU ISA " + dnnl_cpu_isa2str(static_cast<dnnl_cpu_isa_t>(dnnl::get_effective_cpu_isa())) +
         ", threads from OpenMP";
}
#endif

}  // namespace

std::string peer_missing(const std::string& library) {
  if (library == "openblas") {
#if defined(TUNET_LAB_WITH_OPENBLAS)
    return openblas_symbol_problem();
#else
    return not_built("OpenBLAS", "libopenblas-dev");
#endif
  }
  if (library == "blis") {
#if defined(TUNET_LAB_WITH_BLIS)
    return "";
#else
    return not_built("BLIS", "libblis-dev");
#endif
  }
  if (library == "onednn") {
#if defined(TUNET_LAB_WITH_ONEDNN)
    return "";
#else
    return not_built("oneDNN", "libdnnl-dev");
#endif
  }
  return "unknown peer library '" + library + "' (openblas, blis, onednn)";
}

bool is_peer_rung(const std::string& variant) {
  return variant == "openblas" || variant == "blis" || variant.rfind("onednn", 0) == 0;
}

std::vector<std::pair<std::string, std::string>> peer_descriptions() {
  std::vector<std::pair<std::string, std::string>> all;
#if defined(TUNET_LAB_WITH_OPENBLAS)
  all.emplace_back("openblas", openblas_description());
#else
  all.emplace_back("openblas", "skipped: " + peer_missing("openblas"));
#endif
#if defined(TUNET_LAB_WITH_BLIS)
  all.emplace_back("blis", blis_description());
#else
  all.emplace_back("blis", "skipped: " + peer_missing("blis"));
#endif
#if defined(TUNET_LAB_WITH_ONEDNN)
  all.emplace_back("onednn", onednn_description());
#else
  all.emplace_back("onednn", "skipped: " + peer_missing("onednn"));
#endif
  return all;
}

#if !defined(TUNET_LAB_WITH_ONEDNN)
std::vector<std::string> take_onednn_notes() { return {}; }
#endif

void set_peer_threads([[maybe_unused]] int threads) {
#if defined(TUNET_LAB_WITH_OPENBLAS)
  openblas_threads(threads);
#endif
#if defined(TUNET_LAB_WITH_BLIS)
  blis_threads(threads);
#endif
}

}  // namespace tunet::lab
