// Fuzz target: journal replay, as `tunet results` and a resumed search do it:
// the lines and their checksums, the events, the trials they describe, and
// the results table built from them.
#include <sstream>

#include "fuzz_target.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/study/results.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return tunet::fuzzing::guarded(data, size, [&] {
    namespace tu = tunet::tuner;
    const tu::JournalText text = tu::parse_journal(tunet::fuzzing::text_of(data, size), "fuzz/journal.jsonl");
    const tu::Results results = tu::Results::from_events(text.events, "fuzz");
    std::ostringstream table;
    results.print(table);
    table << results.csv();
    if (results.has_best()) table << results.best().id;
  });
}
