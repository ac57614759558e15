//===- Lexer.h - tokens of the pcc model language ---------------*- C++ -*-===//
//
// A hand-written lexer over one source buffer. Tokens keep a pointer into
// the buffer (llvm::SMLoc), so every diagnostic can show the line and a
// caret. Comments run from `//` or `#` to the end of the line.
//
//===----------------------------------------------------------------------===//

#ifndef PCC_FRONTEND_LEXER_H
#define PCC_FRONTEND_LEXER_H

#include "pcc/Frontend/Diagnostics.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace pcc::frontend {

enum class Tok {
  Eof,
  Error, // a malformed token (already reported)
  Ident,
  Int,
  Float,
  String,
  // Keywords.
  KwInput,
  KwTarget,
  KwParam,
  KwBlock,
  KwLet,
  KwFor,
  KwIn,
  KwLoss,
  KwReturn,
  KwOption,
  KwSeed,
  // Punctuation.
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Semi,
  Colon,
  Equal,
  Plus,
  Minus,
  Star,
  Slash,
  At,
  DotDot,
};

/// How a token kind reads in a message: `';'`, `an identifier`, ...
const char *describe(Tok kind);

struct Token {
  Tok kind = Tok::Eof;
  llvm::StringRef text; // the spelling in the buffer
  int64_t intValue = 0;
  double floatValue = 0;
  std::string stringValue; // String: the contents without quotes

  llvm::SMLoc loc() const { return llvm::SMLoc::getFromPointer(text.data()); }
  bool is(Tok k) const { return kind == k; }
};

class Lexer {
public:
  Lexer(llvm::StringRef buffer, Diagnostics &diags)
      : buffer(buffer), cur(buffer.begin()), diags(diags) {}

  /// The next token; Eof forever at the end.
  Token next();

private:
  Token make(Tok kind, const char *start);
  Token lexNumber(const char *start);
  Token lexString(const char *start);
  void skipSpaceAndComments();

  llvm::StringRef buffer;
  const char *cur;
  Diagnostics &diags;
};

} // namespace pcc::frontend

#endif // PCC_FRONTEND_LEXER_H
