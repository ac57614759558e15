//===- Diagnostics.h - front-end diagnostics with source carets -*- C++ -*-===//
//
// Every error of the model language is reported as
//   file:line:col: error: message
//   <the source line>
//         ^
// through llvm::SourceMgr, which is also what prints MLIR's diagnostics in
// the driver, so both look the same. The engine counts errors and stops
// printing after a limit (a file of garbage gives a screenful, not a flood).
//
//===----------------------------------------------------------------------===//

#ifndef PCC_FRONTEND_DIAGNOSTICS_H
#define PCC_FRONTEND_DIAGNOSTICS_H

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace pcc::frontend {

class Diagnostics {
public:
  Diagnostics(llvm::SourceMgr &sourceMgr, llvm::raw_ostream &os,
              unsigned errorLimit = 20)
      : sourceMgr(sourceMgr), os(os), errorLimit(errorLimit) {}

  void error(llvm::SMLoc loc, const llvm::Twine &message);
  /// A note attached to the last error (printed only if that error was).
  void note(llvm::SMLoc loc, const llvm::Twine &message);

  unsigned numErrors() const { return errors; }
  /// True once the error limit is reached: callers stop early.
  bool atLimit() const { return errors >= errorLimit; }
  llvm::SourceMgr &getSourceMgr() { return sourceMgr; }

private:
  void print(llvm::SMLoc loc, llvm::SourceMgr::DiagKind kind,
             const llvm::Twine &message);

  llvm::SourceMgr &sourceMgr;
  llvm::raw_ostream &os;
  unsigned errorLimit;
  unsigned errors = 0;
  bool lastPrinted = false;
};

} // namespace pcc::frontend

#endif // PCC_FRONTEND_DIAGNOSTICS_H
