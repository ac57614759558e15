//===- Diagnostics.cpp - front-end diagnostics with source carets ---------===//

#include "pcc/Frontend/Diagnostics.h"

using namespace pcc::frontend;

void Diagnostics::error(llvm::SMLoc loc, const llvm::Twine &message) {
  ++errors;
  lastPrinted = errors <= errorLimit;
  if (!lastPrinted)
    return;
  sourceMgr.PrintMessage(os, loc, llvm::SourceMgr::DK_Error, message);
  if (errors == errorLimit)
    os << "note: too many errors; stopping after " << errorLimit << "\n";
}

void Diagnostics::note(llvm::SMLoc loc, const llvm::Twine &message) {
  if (lastPrinted)
    sourceMgr.PrintMessage(os, loc, llvm::SourceMgr::DK_Note, message);
}
