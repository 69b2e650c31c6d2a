// stroom: the command-line tool (contract: docs/cli.md). Thin: parses the command line with
// CLI11, hands the work to the engine, prints, and maps the outcome to the contract's exit
// codes. Every command-line error exits with 2 (not CLI11's own codes).
#include <cstdio>
#include <exception>
#include <iostream>
#include <new>

#include "batch/cmd_batch.hpp"
#include "commands.hpp"
#include "import/cmd_import.hpp"
#include "verify/cmd_verify.hpp"

namespace stroom::cli {

void print_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics)
    std::cerr << d.format() << '\n';
  std::cerr.flush();
}

}  // namespace stroom::cli

int main(int argc, char** argv) {
  using namespace stroom::cli;
  CLI::App app{"Stroom: crowd-flow and event-safety simulation for permit review", "stroom"};
  app.set_version_flag("--version", "stroom " STROOM_VERSION);
  app.require_subcommand(1, 1);
  app.fallthrough(false);

  const Command validate = add_validate(app);
  const Command capacity = add_capacity(app);
  const Command run = add_run(app);
  const Command verify = add_verify(app);
  const Command batch = add_batch(app);
  const Command import_plan = add_import(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, version or the error message
    return code == 0 ? kExitOk : kExitRefused;
  }

  try {
    if (app.got_subcommand("validate")) return validate();
    if (app.got_subcommand("capacity")) return capacity();
    if (app.got_subcommand("run")) return run();
    if (app.got_subcommand("verify")) return verify();
    if (app.got_subcommand("batch")) return batch();
    if (app.got_subcommand("import")) return import_plan();
  } catch (const stroom::ScenarioError& e) {
    print_diagnostics(e.diagnostics());
    return kExitRefused;
  } catch (const stroom::SimulationError& e) {
    std::cerr << "stroom: error: " << e.what() << '\n';
    return kExitInternal;
  } catch (const std::bad_alloc&) {
    std::cerr << "stroom: internal error: out of memory\n";
    return kExitInternal;
  } catch (const std::exception& e) {
    std::cerr << "stroom: internal error: " << e.what() << '\n';
    return kExitInternal;
  }
  return kExitRefused;
}
