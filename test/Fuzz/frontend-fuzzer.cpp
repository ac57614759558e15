//===- frontend-fuzzer.cpp - libFuzzer target for the model language ------===//
//
// Feeds arbitrary bytes to the lexer and parser of the model language (and,
// with PCC_FUZZ_MLIRGEN, to MLIRGen). Any crash, sanitizer report or hang is
// a bug: malformed input must only ever produce diagnostics. Built and run
// by scripts/fuzz.sh with clang's -fsanitize=fuzzer,address,undefined.
//
//===----------------------------------------------------------------------===//

#include "pcc/Frontend/Parser.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size),
          "fuzz.nn"),
      llvm::SMLoc());
  // Diagnostics are formatted (exercising the caret printing) and dropped.
  std::string sink;
  llvm::raw_string_ostream os(sink);
  pcc::frontend::Diagnostics diags(sourceMgr, os);
  llvm::StringRef buffer = sourceMgr.getMemoryBuffer(1)->getBuffer();
  pcc::frontend::Module module = pcc::frontend::parseModelFile(buffer, diags);
  (void)module;
  return 0;
}
