//===- Lexer.cpp - tokens of the pcc model language -----------------------===//

#include "pcc/Frontend/Lexer.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

using namespace pcc::frontend;

const char *pcc::frontend::describe(Tok kind) {
  switch (kind) {
  case Tok::Eof: return "the end of the file";
  case Tok::Error: return "an invalid token";
  case Tok::Ident: return "an identifier";
  case Tok::Int: return "an integer";
  case Tok::Float: return "a number";
  case Tok::String: return "a string";
  case Tok::KwInput: return "'input'";
  case Tok::KwTarget: return "'target'";
  case Tok::KwParam: return "'param'";
  case Tok::KwBlock: return "'block'";
  case Tok::KwLet: return "'let'";
  case Tok::KwFor: return "'for'";
  case Tok::KwIn: return "'in'";
  case Tok::KwLoss: return "'loss'";
  case Tok::KwReturn: return "'return'";
  case Tok::KwOption: return "'option'";
  case Tok::KwSeed: return "'seed'";
  case Tok::LParen: return "'('";
  case Tok::RParen: return "')'";
  case Tok::LBracket: return "'['";
  case Tok::RBracket: return "']'";
  case Tok::LBrace: return "'{'";
  case Tok::RBrace: return "'}'";
  case Tok::Comma: return "','";
  case Tok::Semi: return "';'";
  case Tok::Colon: return "':'";
  case Tok::Equal: return "'='";
  case Tok::Plus: return "'+'";
  case Tok::Minus: return "'-'";
  case Tok::Star: return "'*'";
  case Tok::Slash: return "'/'";
  case Tok::At: return "'@'";
  case Tok::DotDot: return "'..'";
  }
  return "a token";
}

static bool isIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool isDigit(char c) { return c >= '0' && c <= '9'; }

Token Lexer::make(Tok kind, const char *start) {
  Token t;
  t.kind = kind;
  t.text = llvm::StringRef(start, cur - start);
  return t;
}

void Lexer::skipSpaceAndComments() {
  const char *end = buffer.end();
  while (cur < end) {
    char c = *cur;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        c == '\v') {
      ++cur;
    } else if (c == '#' || (c == '/' && cur + 1 < end && cur[1] == '/')) {
      while (cur < end && *cur != '\n')
        ++cur;
    } else {
      return;
    }
  }
}

Token Lexer::next() {
  skipSpaceAndComments();
  const char *end = buffer.end();
  const char *start = cur;
  if (cur >= end) {
    // The Eof token points at the last character so that a caret under it
    // lands on the last line (SourceMgr needs a location inside the buffer).
    Token t;
    t.kind = Tok::Eof;
    t.text = llvm::StringRef(buffer.empty() ? buffer.begin() : end, 0);
    return t;
  }
  char c = *cur++;
  if (isIdentStart(c)) {
    while (cur < end && (isIdentStart(*cur) || isDigit(*cur)))
      ++cur;
    Token t = make(Tok::Ident, start);
    t.kind = llvm::StringSwitch<Tok>(t.text)
                 .Case("input", Tok::KwInput)
                 .Case("target", Tok::KwTarget)
                 .Case("param", Tok::KwParam)
                 .Case("block", Tok::KwBlock)
                 .Case("let", Tok::KwLet)
                 .Case("for", Tok::KwFor)
                 .Case("in", Tok::KwIn)
                 .Case("loss", Tok::KwLoss)
                 .Case("return", Tok::KwReturn)
                 .Case("option", Tok::KwOption)
                 .Case("seed", Tok::KwSeed)
                 .Default(Tok::Ident);
    return t;
  }
  if (isDigit(c) || (c == '.' && cur < end && isDigit(*cur)))
    return lexNumber(start);
  switch (c) {
  case '"': return lexString(start);
  case '(': return make(Tok::LParen, start);
  case ')': return make(Tok::RParen, start);
  case '[': return make(Tok::LBracket, start);
  case ']': return make(Tok::RBracket, start);
  case '{': return make(Tok::LBrace, start);
  case '}': return make(Tok::RBrace, start);
  case ',': return make(Tok::Comma, start);
  case ';': return make(Tok::Semi, start);
  case ':': return make(Tok::Colon, start);
  case '=': return make(Tok::Equal, start);
  case '+': return make(Tok::Plus, start);
  case '-': return make(Tok::Minus, start);
  case '*': return make(Tok::Star, start);
  case '/': return make(Tok::Slash, start);
  case '@': return make(Tok::At, start);
  case '.':
    if (cur < end && *cur == '.') {
      ++cur;
      return make(Tok::DotDot, start);
    }
    break;
  default:
    break;
  }
  Token t = make(Tok::Error, start);
  unsigned char u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) {
    diags.error(t.loc(), "unexpected character '" + std::string(1, c) + "'");
    return t;
  }
  if (u < 0x80) {
    diags.error(t.loc(), "unexpected control character (byte 0x" +
                             llvm::utohexstr(u, /*LowerCase=*/false, 2) +
                             ")");
    return t;
  }
  // A UTF-8 sequence is one character and one error: name its code point.
  unsigned length = u >= 0xF0 && u <= 0xF4   ? 4
                    : u >= 0xE0 && u <= 0xEF ? 3
                    : u >= 0xC2 && u <= 0xDF ? 2
                                             : 0;
  uint32_t codePoint = u & (0x7F >> length);
  for (unsigned i = 1; i < length; ++i) {
    if (cur >= end || (static_cast<unsigned char>(*cur) & 0xC0) != 0x80) {
      length = 0;
      break;
    }
    codePoint = (codePoint << 6) | (static_cast<unsigned char>(*cur++) & 0x3F);
  }
  if (length == 0) {
    cur = start + 1;
    t.text = llvm::StringRef(start, 1);
    diags.error(t.loc(), "unexpected byte 0x" +
                             llvm::utohexstr(u, /*LowerCase=*/false, 2) +
                             " (not UTF-8 text); the model language is ASCII "
                             "outside comments and strings");
    return t;
  }
  t.text = llvm::StringRef(start, cur - start);
  diags.error(t.loc(), "unexpected character U+" +
                           llvm::utohexstr(codePoint, /*LowerCase=*/false,
                                           4) +
                           " '" + t.text +
                           "'; the model language is ASCII outside comments "
                           "and strings");
  return t;
}

Token Lexer::lexNumber(const char *start) {
  const char *end = buffer.end();
  // `.5`: the '.' is consumed already.
  bool isFloat = *start == '.';
  while (cur < end && isDigit(*cur))
    ++cur;
  // A fraction, but not the start of a range `0..4`.
  if (!isFloat && cur < end && *cur == '.' &&
      !(cur + 1 < end && cur[1] == '.')) {
    isFloat = true;
    ++cur;
    while (cur < end && isDigit(*cur))
      ++cur;
  }
  if (cur < end && (*cur == 'e' || *cur == 'E')) {
    const char *save = cur;
    ++cur;
    if (cur < end && (*cur == '+' || *cur == '-'))
      ++cur;
    if (cur < end && isDigit(*cur)) {
      isFloat = true;
      while (cur < end && isDigit(*cur))
        ++cur;
    } else {
      cur = save;
    }
  }
  Token t = make(isFloat ? Tok::Float : Tok::Int, start);
  if (cur < end && (isIdentStart(*cur) || *cur == '.') &&
      !(cur + 1 < end && cur[0] == '.' && cur[1] == '.')) {
    while (cur < end && (isIdentStart(*cur) || isDigit(*cur) || *cur == '.'))
      ++cur;
    t.kind = Tok::Error;
    t.text = llvm::StringRef(start, cur - start);
    diags.error(t.loc(), "malformed number '" + t.text + "'");
    return t;
  }
  std::string spelling = t.text.str();
  if (isFloat) {
    errno = 0;
    t.floatValue = std::strtod(spelling.c_str(), nullptr);
    if (errno == ERANGE && std::isinf(t.floatValue)) {
      t.kind = Tok::Error;
      diags.error(t.loc(), "number '" + t.text + "' is out of range");
    }
    return t;
  }
  if (t.text.getAsInteger(10, t.intValue)) {
    t.kind = Tok::Error;
    diags.error(t.loc(), "integer '" + t.text +
                             "' does not fit in 64 bits");
  }
  t.floatValue = static_cast<double>(t.intValue);
  return t;
}

Token Lexer::lexString(const char *start) {
  const char *end = buffer.end();
  std::string value;
  while (cur < end && *cur != '"' && *cur != '\n') {
    if (*cur == '\\' && cur + 1 < end && (cur[1] == '"' || cur[1] == '\\')) {
      value += cur[1];
      cur += 2;
      continue;
    }
    value += *cur++;
  }
  if (cur >= end || *cur != '"') {
    Token t = make(Tok::Error, start);
    diags.error(t.loc(), "unterminated string");
    return t;
  }
  ++cur;
  Token t = make(Tok::String, start);
  t.stringValue = std::move(value);
  return t;
}
