//===- Diagnostics.cpp - front-end diagnostics with source carets ---------===//

#include "pcc/Frontend/Diagnostics.h"

#include "llvm/Support/MemoryBuffer.h"

using namespace pcc::frontend;

namespace {
/// The length of the UTF-8 sequence at `s` (1 to 4), or 0 if it is not one.
unsigned utf8Length(llvm::StringRef s, uint32_t &codePoint) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char lead = byte(0);
  unsigned n = lead >= 0xF0 && lead <= 0xF4   ? 4
               : lead >= 0xE0 && lead <= 0xEF ? 3
               : lead >= 0xC2 && lead <= 0xDF ? 2
                                              : 0;
  if (n == 0 || s.size() < n)
    return 0;
  codePoint = lead & (0x7F >> n);
  for (unsigned i = 1; i < n; ++i) {
    if ((byte(i) & 0xC0) != 0x80)
      return 0;
    codePoint = (codePoint << 6) | (byte(i) & 0x3F);
  }
  return n;
}
} // namespace

void Diagnostics::print(llvm::SMLoc loc, llvm::SourceMgr::DiagKind kind,
                        const llvm::Twine &message) {
  llvm::SMDiagnostic d = sourceMgr.GetMessage(loc, kind, message);
  llvm::StringRef line = d.getLineContents();
  if (d.getColumnNo() < 0 ||
      llvm::all_of(line, [](char c) { return !(c & 0x80); })) {
    sourceMgr.PrintMessage(os, d);
    return;
  }
  // SourceMgr prints a line with non-ASCII bytes without a caret. Show each
  // such character as <U+XXXX> (a stray byte as <XX>) and put the caret
  // under the display column; the column in the header stays the byte
  // column, as in every other diagnostic.
  std::string shown, caret;
  size_t column = static_cast<size_t>(d.getColumnNo());
  for (size_t i = 0; i <= line.size();) {
    if (i == column)
      caret.assign(shown.size(), ' ');
    if (i == line.size())
      break;
    char c = line[i];
    if (c == '\t') {
      do
        shown += ' ';
      while (shown.size() % 8);
      ++i;
      continue;
    }
    if (!(c & 0x80)) {
      shown += c;
      ++i;
      continue;
    }
    uint32_t cp = 0;
    unsigned n = utf8Length(line.substr(i), cp);
    char buf[16];
    if (n) {
      snprintf(buf, sizeof buf, "<U+%04X>", cp);
      i += n;
    } else {
      snprintf(buf, sizeof buf, "<%02X>", static_cast<unsigned char>(c));
      ++i;
    }
    shown += buf;
  }
  const char *label = kind == llvm::SourceMgr::DK_Error  ? "error"
                      : kind == llvm::SourceMgr::DK_Note ? "note"
                                                         : "warning";
  os << d.getFilename() << ":" << d.getLineNo() << ":" << column + 1 << ": "
     << label << ": " << d.getMessage() << "\n"
     << shown << "\n"
     << caret << "^\n";
}

void Diagnostics::error(llvm::SMLoc loc, const llvm::Twine &message) {
  ++errors;
  lastPrinted = errors <= errorLimit;
  if (!lastPrinted)
    return;
  print(loc, llvm::SourceMgr::DK_Error, message);
  if (errors == errorLimit)
    os << "note: too many errors; stopping after " << errorLimit << "\n";
}

void Diagnostics::note(llvm::SMLoc loc, const llvm::Twine &message) {
  if (lastPrinted)
    print(loc, llvm::SourceMgr::DK_Note, message);
}
