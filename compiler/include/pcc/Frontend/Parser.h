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
      : lexer(buffer, diags), diags(diags) {
    tok = lexer.next();
  }

  /// Parses the file; the module holds every item that parsed. Check the
  /// engine's error count for success.
  Module parseModule();

private:
  enum class Context { TopLevel, Block, Loop };

  void consume() { tok = lexer.next(); }
  bool consumeIf(Tok k) {
    if (!tok.is(k))
      return false;
    consume();
    return true;
  }
  /// Reports "expected X <what>" at the current token and returns false.
  bool expect(Tok k, const char *what);
  void errorHere(const llvm::Twine &message);
  /// Skips to the end of the current statement after an error.
  void synchronize();

  StmtPtr parseStatement(Context ctx);
  StmtPtr parseOption();
  StmtPtr parseDeclaration(Stmt::Kind kind);
  StmtPtr parseParam();
  StmtPtr parseBlock();
  StmtPtr parseFor(Context ctx);
  bool parseBody(StmtList &body, Context ctx);
  bool parseType(TypeSpec &type);

  ExprPtr parseExpr();
  ExprPtr parseAdditive();
  ExprPtr parseMultiplicative();
  ExprPtr parseUnary();
  ExprPtr parsePostfix();
  ExprPtr parsePrimary();
  bool parseSubscript(Subscript &sub);

  Lexer lexer;
  Diagnostics &diags;
  Token tok;
  unsigned depth = 0;
  /// The token that started the last reported error: a second error there
  /// is a consequence, not news.
  const char *lastErrorAt = nullptr;
};

/// Parses `buffer` (already registered in the engine's SourceMgr).
Module parseModelFile(llvm::StringRef buffer, Diagnostics &diags);

} // namespace pcc::frontend

#endif // PCC_FRONTEND_PARSER_H
