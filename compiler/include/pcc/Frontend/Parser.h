//===- Parser.h - recursive-descent parser of model files -------*- C++ -*-===//
//
// Parses a whole model file into an AST. Syntax errors are reported to the
// Diagnostics engine; the parser then skips to the end of the statement and
// goes on, so one run reports every independent syntax error. It never
// recurses without bound: expressions and blocks nested deeper than a fixed
// limit are an error.
//
//===----------------------------------------------------------------------===//

#ifndef PCC_FRONTEND_PARSER_H
#define PCC_FRONTEND_PARSER_H

#include "pcc/Frontend/AST.h"
#include "pcc/Frontend/Lexer.h"

namespace pcc::frontend {

class Parser {
public:
  Parser(llvm::StringRef buffer, Diagnostics &diags)
      : buffer(buffer), lexer(buffer, diags), diags(diags) {
    tok = lexer.next();
  }

  /// Parses the file; the module holds every item that parsed. Check the
  /// engine's error count for success.
  Module parseModule();

private:
  enum class Context { TopLevel, Block, Loop };

  void consume() {
    prevEnd = tok.text.end();
    tok = lexer.next();
  }
  bool consumeIf(Tok k) {
    if (!tok.is(k))
      return false;
    consume();
    return true;
  }
  /// Reports "expected X <what>" at the current token and returns false.
  bool expect(Tok k, const char *what);
  /// expect() for a closing ')', ']' or '}', with a note at the opening one.
  bool expectClosing(Tok k, const char *what, llvm::SMLoc open);
  /// Reports an error at `at`, unless one was reported at the current token
  /// already or the token is malformed (the lexer reported it). Returns
  /// whether it was reported.
  bool report(llvm::SMLoc at, const llvm::Twine &message);
  bool errorHere(const llvm::Twine &message) {
    return report(tok.loc(), message);
  }
  /// Where a missing token goes: right after the previous token when the
  /// current one is on a later line (a missing ';' at the end of a line),
  /// else at the current token.
  llvm::SMLoc missingTokenLoc() const;
  /// Whether the current token is the first on its line / at column 1.
  bool firstOnLine() const;
  bool atColumnOne() const;
  /// Skips to the end of the current statement after an error.
  void synchronize();

  StmtPtr parseStatement(Context ctx);
  StmtPtr parseOption();
  StmtPtr parseDeclaration(Stmt::Kind kind);
  StmtPtr parseParam();
  StmtPtr parseBlock();
  StmtPtr parseFor(Context ctx);
  /// `{ statement* }`; `what` names the body in messages ("the body of
  /// block 'f'").
  bool parseBody(StmtList &body, Context ctx, const std::string &what);
  bool parseType(TypeSpec &type);

  ExprPtr parseExpr();
  ExprPtr parseAdditive();
  ExprPtr parseMultiplicative();
  ExprPtr parseUnary();
  ExprPtr parsePostfix();
  ExprPtr parsePrimary();
  bool parseSubscript(Subscript &sub);

  llvm::StringRef buffer;
  Lexer lexer;
  Diagnostics &diags;
  Token tok;
  /// The end of the last consumed token.
  const char *prevEnd = nullptr;
  /// Nesting of expressions and of statements (loops), each bounded.
  unsigned exprDepth = 0;
  unsigned stmtDepth = 0;
  /// Bodies ended at a declaration that starts a line (their '}' taken as
  /// missing): a '}' found later at the top level may be theirs.
  unsigned assumedClosed = 0;
  /// The token that started the last reported error: a second error there
  /// is a consequence, not news.
  const char *lastErrorAt = nullptr;
};

/// Parses `buffer` (already registered in the engine's SourceMgr).
Module parseModelFile(llvm::StringRef buffer, Diagnostics &diags);

} // namespace pcc::frontend

#endif // PCC_FRONTEND_PARSER_H
