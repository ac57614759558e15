//===- Parser.cpp - recursive-descent parser of model files ---------------===//
//
// Grammar (docs/language.md has the full description):
//
//   file      := item*
//   item      := option | input | target | block | statement
//   option    := 'option' IDENT '=' expr ';'
//   input     := 'input' IDENT ':' type ';'
//   target    := 'target' IDENT ':' type ';'
//   type      := IDENT '[' [dim (',' dim)*] ']'          dim := INT | IDENT
//   block     := 'block' IDENT '(' [IDENT (',' IDENT)*] ')' '{' statement* '}'
//   statement := param | 'let' IDENT '=' expr ';' | IDENT '=' expr ';'
//              | 'loss' expr ';' | 'return' expr ';' | expr ';'
//              | 'for' IDENT 'in' expr '..' expr '{' statement* '}'
//   param     := 'param' IDENT ':' type '=' IDENT ['(' [expr (',' expr)*] ')']
//                ['seed' expr] ';'
//   expr      := term (('+' | '-') term)*
//   term      := unary (('*' | '/' | '@') unary)*
//   unary     := '-' unary | postfix
//   postfix   := primary ('[' subscript (',' subscript)* ']')*
//   subscript := expr | [expr] ':' [expr] [':' [expr]]
//   primary   := INT | FLOAT | STRING | IDENT | IDENT '(' [arg (',' arg)*] ')'
//              | '(' expr ')' | '[' [expr (',' expr)*] ']'
//   arg       := [IDENT '='] expr
//
//===----------------------------------------------------------------------===//

#include "pcc/Frontend/Parser.h"

using namespace pcc::frontend;

namespace {
/// Deeper nesting than this is an error, not a stack overflow.
constexpr unsigned kMaxDepth = 200;

struct DepthGuard {
  unsigned &depth;
  explicit DepthGuard(unsigned &d) : depth(d) { ++depth; }
  ~DepthGuard() { --depth; }
};

/// The keywords that start a top-level item only.
bool isTopLevelKeyword(Tok k) {
  return k == Tok::KwOption || k == Tok::KwInput || k == Tok::KwTarget ||
         k == Tok::KwBlock;
}

bool isTopLevelOnly(Stmt::Kind k) {
  return k == Stmt::Kind::Option || k == Stmt::Kind::Input ||
         k == Stmt::Kind::Target || k == Stmt::Kind::Block;
}

/// How an expression that cannot be assigned to reads in a message.
std::string describeTarget(const Expr &e) {
  switch (e.kind) {
  case Expr::Kind::Call: return "a call of '" + e.name + "'";
  case Expr::Kind::Index: return "a subscripted value";
  case Expr::Kind::Int:
  case Expr::Kind::Float: return "a number";
  case Expr::Kind::String: return "a string";
  case Expr::Kind::List: return "a list";
  default: return "an expression";
  }
}
} // namespace

bool Parser::report(llvm::SMLoc at, const llvm::Twine &message) {
  if (tok.text.data() == lastErrorAt)
    return false;
  lastErrorAt = tok.text.data();
  // A malformed token was reported by the lexer already.
  if (tok.is(Tok::Error))
    return false;
  diags.error(at, message);
  return true;
}

llvm::SMLoc Parser::missingTokenLoc() const {
  if (prevEnd && prevEnd <= tok.text.data() &&
      llvm::StringRef(prevEnd, tok.text.data() - prevEnd).contains('\n'))
    return llvm::SMLoc::getFromPointer(prevEnd);
  return tok.loc();
}

bool Parser::firstOnLine() const {
  const char *p = tok.text.data();
  while (p > buffer.begin() && (p[-1] == ' ' || p[-1] == '\t' ||
                                p[-1] == '\r' || p[-1] == '\f' ||
                                p[-1] == '\v'))
    --p;
  return p == buffer.begin() || p[-1] == '\n';
}

bool Parser::atColumnOne() const {
  const char *p = tok.text.data();
  return p == buffer.begin() || p[-1] == '\n';
}

static std::string found(const Token &tok) {
  if (tok.is(Tok::Eof))
    return describe(Tok::Eof);
  return "'" + tok.text.str() + "'";
}

bool Parser::expect(Tok k, const char *what) {
  if (consumeIf(k))
    return true;
  report(missingTokenLoc(),
         llvm::Twine("expected ") + describe(k) + " " + what + ", found " +
             found(tok));
  return false;
}

bool Parser::expectClosing(Tok k, const char *what, llvm::SMLoc open) {
  if (consumeIf(k))
    return true;
  if (report(missingTokenLoc(), llvm::Twine("expected ") + describe(k) + " " +
                                    what + ", found " + found(tok)))
    diags.note(open, llvm::Twine("to match this ") +
                         (k == Tok::RParen     ? "'('"
                          : k == Tok::RBracket ? "'['"
                                               : "'{'"));
  return false;
}

void Parser::synchronize() {
  unsigned nesting = 0;
  while (!tok.is(Tok::Eof)) {
    if (diags.atLimit())
      return;
    switch (tok.kind) {
    case Tok::Semi:
      consume();
      if (nesting == 0)
        return;
      break;
    case Tok::LBrace:
      ++nesting;
      consume();
      break;
    case Tok::RBrace:
      if (nesting == 0)
        return; // the end of the enclosing body
      --nesting;
      consume();
      if (nesting == 0)
        return;
      break;
    case Tok::KwBlock:
    case Tok::KwInput:
    case Tok::KwTarget:
    case Tok::KwOption:
    case Tok::KwLet:
    case Tok::KwParam:
    case Tok::KwLoss:
    case Tok::KwFor:
    case Tok::KwReturn:
      // A keyword that starts a line starts a new statement; one in the
      // middle of a line (`let k = let;`) is part of the broken one.
      if (nesting == 0 && firstOnLine())
        return;
      consume();
      break;
    default:
      consume();
    }
  }
}

Module Parser::parseModule() {
  Module module;
  while (!tok.is(Tok::Eof) && !diags.atLimit()) {
    if (tok.is(Tok::RBrace)) {
      // The '}' of a body that a declaration at the start of a line ended
      // (an unindented declaration in a body): reported already.
      if (assumedClosed)
        --assumedClosed;
      else
        errorHere("unexpected '}' outside a block");
      consume();
      continue;
    }
    const char *before = tok.text.data();
    if (StmtPtr s = parseStatement(Context::TopLevel))
      module.items.push_back(std::move(s));
    else
      synchronize();
    if (tok.text.data() == before && !tok.is(Tok::Eof))
      consume(); // always make progress
  }
  return module;
}

StmtPtr Parser::parseStatement(Context ctx) {
  DepthGuard guard(stmtDepth);
  if (stmtDepth > kMaxDepth) {
    errorHere("loops nested too deeply (more than " + llvm::Twine(kMaxDepth) +
              " levels)");
    return nullptr;
  }
  llvm::SMLoc loc = tok.loc();
  // Declarations in a body are an error; they are parsed all the same (and
  // dropped by parseBody) so that the rest of the body parses.
  auto topLevelOnly = [&](const char *what) {
    if (ctx != Context::TopLevel)
      errorHere(llvm::Twine(what) + " is only allowed at the top level of the "
                                    "model, not inside a block or loop");
  };
  switch (tok.kind) {
  case Tok::KwOption:
    topLevelOnly("an option");
    return parseOption();
  case Tok::KwInput:
    topLevelOnly("an input declaration");
    return parseDeclaration(Stmt::Kind::Input);
  case Tok::KwTarget:
    topLevelOnly("a target declaration");
    return parseDeclaration(Stmt::Kind::Target);
  case Tok::KwBlock:
    topLevelOnly("a block definition");
    return parseBlock();
  case Tok::KwParam:
    return parseParam();
  case Tok::KwFor:
    return parseFor(ctx);
  case Tok::KwLet: {
    consume();
    auto s = std::make_unique<Stmt>(Stmt::Kind::Let, loc);
    s->nameLoc = tok.loc();
    s->name = tok.text.str();
    if (!expect(Tok::Ident, "after 'let'") ||
        !expect(Tok::Equal, "after the name in 'let'"))
      return nullptr;
    if (!(s->value = parseExpr()) || !expect(Tok::Semi, "after the statement"))
      return nullptr;
    return s;
  }
  case Tok::KwLoss:
  case Tok::KwReturn: {
    bool isLoss = tok.is(Tok::KwLoss);
    consume();
    auto s = std::make_unique<Stmt>(
        isLoss ? Stmt::Kind::Loss : Stmt::Kind::Return, loc);
    if (!(s->value = parseExpr()) || !expect(Tok::Semi, "after the statement"))
      return nullptr;
    return s;
  }
  default:
    break;
  }
  // `name = expr;` or an expression statement.
  auto s = std::make_unique<Stmt>(Stmt::Kind::Expr, loc);
  if (!(s->value = parseExpr()))
    return nullptr;
  if (tok.is(Tok::Equal)) {
    if (s->value->kind != Expr::Kind::Name) {
      report(loc, "only a name can be assigned to, not " +
                      describeTarget(*s->value));
      return nullptr;
    }
    consume();
    s->kind = Stmt::Kind::Assign;
    s->name = s->value->name;
    s->nameLoc = s->value->loc;
    if (!(s->value = parseExpr()))
      return nullptr;
  }
  if (!expect(Tok::Semi, "after the statement"))
    return nullptr;
  return s;
}

StmtPtr Parser::parseOption() {
  auto s = std::make_unique<Stmt>(Stmt::Kind::Option, tok.loc());
  consume();
  s->nameLoc = tok.loc();
  s->name = tok.text.str();
  if (!expect(Tok::Ident, "(the option's name) after 'option'") ||
      !expect(Tok::Equal, "after the option's name"))
    return nullptr;
  if (!(s->value = parseExpr()) || !expect(Tok::Semi, "after the option"))
    return nullptr;
  return s;
}

bool Parser::parseType(TypeSpec &type) {
  type.loc = tok.loc();
  type.elementTypeLoc = tok.loc();
  type.elementType = tok.text.str();
  if (!expect(Tok::Ident, "(an element type such as f32) in the type"))
    return false;
  llvm::SMLoc open = tok.loc();
  if (!expect(Tok::LBracket, "after the element type (a shape such as "
                             "[B, 784])"))
    return false;
  if (consumeIf(Tok::RBracket))
    return true; // a scalar
  do {
    TypeSpec::Dim d;
    d.loc = tok.loc();
    if (tok.is(Tok::Int)) {
      d.size = tok.intValue;
      consume();
    } else if (tok.is(Tok::Ident)) {
      d.symbol = tok.text.str();
      consume();
    } else {
      report(missingTokenLoc(),
             "expected a dimension (an integer or a symbol such as B), "
             "found " + found(tok));
      return false;
    }
    type.dims.push_back(std::move(d));
  } while (consumeIf(Tok::Comma));
  return expectClosing(Tok::RBracket, "at the end of the shape", open);
}

StmtPtr Parser::parseDeclaration(Stmt::Kind kind) {
  auto s = std::make_unique<Stmt>(kind, tok.loc());
  consume();
  s->nameLoc = tok.loc();
  s->name = tok.text.str();
  if (!expect(Tok::Ident, "(the name being declared)") ||
      !expect(Tok::Colon, "after the name (a type such as f32[B, 784] "
                          "follows)") ||
      !parseType(s->type) || !expect(Tok::Semi, "after the declaration"))
    return nullptr;
  return s;
}

StmtPtr Parser::parseParam() {
  auto s = std::make_unique<Stmt>(Stmt::Kind::Param, tok.loc());
  consume();
  s->nameLoc = tok.loc();
  s->name = tok.text.str();
  if (!expect(Tok::Ident, "(the parameter's name) after 'param'") ||
      !expect(Tok::Colon, "after the parameter's name") ||
      !parseType(s->type) ||
      !expect(Tok::Equal, "and an initialiser (e.g. '= glorot_uniform') "
                          "after the parameter's type"))
    return nullptr;
  s->initLoc = tok.loc();
  s->init = tok.text.str();
  if (!expect(Tok::Ident, "(the initialiser's name)"))
    return nullptr;
  llvm::SMLoc open = tok.loc();
  if (consumeIf(Tok::LParen) && !consumeIf(Tok::RParen)) {
    do {
      ExprPtr e = parseExpr();
      if (!e)
        return nullptr;
      s->initArgs.push_back(std::move(e));
    } while (consumeIf(Tok::Comma));
    if (!expectClosing(Tok::RParen, "after the initialiser's arguments",
                       open))
      return nullptr;
  }
  if (consumeIf(Tok::KwSeed) && !(s->seed = parseExpr()))
    return nullptr;
  if (!expect(Tok::Semi, "after the parameter declaration"))
    return nullptr;
  return s;
}

bool Parser::parseBody(StmtList &body, Context ctx, const std::string &what) {
  llvm::SMLoc open = tok.loc();
  if (!expect(Tok::LBrace, "to open the body"))
    return false;
  auto missingBrace = [&] {
    if (report(missingTokenLoc(),
               "expected '}' to close " + what + ", found " + found(tok)))
      diags.note(open, "to match this '{'");
    return false;
  };
  while (!tok.is(Tok::RBrace)) {
    if (tok.is(Tok::Eof))
      return missingBrace();
    // `block`, `input`, `target` or `option` at the start of a line: the
    // '}' of this body is missing, rather than a declaration misplaced.
    if (isTopLevelKeyword(tok.kind) && atColumnOne()) {
      ++assumedClosed;
      return missingBrace();
    }
    if (diags.atLimit())
      return false;
    const char *before = tok.text.data();
    if (StmtPtr s = parseStatement(ctx)) {
      if (!isTopLevelOnly(s->kind)) // reported by parseStatement
        body.push_back(std::move(s));
    } else {
      synchronize();
    }
    if (tok.text.data() == before && !tok.is(Tok::RBrace) &&
        !tok.is(Tok::Eof))
      consume();
  }
  consume();
  return true;
}

StmtPtr Parser::parseBlock() {
  auto s = std::make_unique<Stmt>(Stmt::Kind::Block, tok.loc());
  consume();
  s->nameLoc = tok.loc();
  s->name = tok.text.str();
  if (!expect(Tok::Ident, "(the block's name) after 'block'"))
    return nullptr;
  llvm::SMLoc open = tok.loc();
  if (!expect(Tok::LParen, "after the block's name"))
    return nullptr;
  if (!consumeIf(Tok::RParen)) {
    do {
      s->paramLocs.push_back(tok.loc());
      s->params.push_back(tok.text.str());
      if (!expect(Tok::Ident, "(a parameter name)"))
        return nullptr;
    } while (consumeIf(Tok::Comma));
    if (!expectClosing(Tok::RParen, "after the block's parameters", open))
      return nullptr;
  }
  if (!parseBody(s->body, Context::Block,
                 "the body of block '" + s->name + "'"))
    return nullptr;
  return s;
}

StmtPtr Parser::parseFor(Context ctx) {
  auto s = std::make_unique<Stmt>(Stmt::Kind::For, tok.loc());
  consume();
  s->nameLoc = tok.loc();
  s->name = tok.text.str();
  if (!expect(Tok::Ident, "(the loop variable) after 'for'") ||
      !expect(Tok::KwIn, "after the loop variable"))
    return nullptr;
  if (!(s->value = parseExpr()) ||
      !expect(Tok::DotDot, "in the range (for t in 0..T)") ||
      !(s->to = parseExpr()))
    return nullptr;
  if (!parseBody(s->body,
                 ctx == Context::Block ? Context::Block : Context::Loop,
                 "the body of the loop over '" + s->name + "'"))
    return nullptr;
  return s;
}

ExprPtr Parser::parseExpr() {
  DepthGuard guard(exprDepth);
  if (exprDepth > kMaxDepth) {
    errorHere("expression nested too deeply (more than " +
              llvm::Twine(kMaxDepth) + " levels)");
    return nullptr;
  }
  return parseAdditive();
}

ExprPtr Parser::parseAdditive() {
  ExprPtr lhs = parseMultiplicative();
  while (lhs && (tok.is(Tok::Plus) || tok.is(Tok::Minus))) {
    auto e = std::make_unique<Expr>(Expr::Kind::Binary, tok.loc());
    e->op = tok.text[0];
    consume();
    ExprPtr rhs = parseMultiplicative();
    if (!rhs)
      return nullptr;
    e->operands.push_back(std::move(lhs));
    e->operands.push_back(std::move(rhs));
    lhs = std::move(e);
  }
  return lhs;
}

ExprPtr Parser::parseMultiplicative() {
  ExprPtr lhs = parseUnary();
  while (lhs &&
         (tok.is(Tok::Star) || tok.is(Tok::Slash) || tok.is(Tok::At))) {
    auto e = std::make_unique<Expr>(Expr::Kind::Binary, tok.loc());
    e->op = tok.text[0];
    consume();
    ExprPtr rhs = parseUnary();
    if (!rhs)
      return nullptr;
    e->operands.push_back(std::move(lhs));
    e->operands.push_back(std::move(rhs));
    lhs = std::move(e);
  }
  return lhs;
}

ExprPtr Parser::parseUnary() {
  if (tok.is(Tok::Minus)) {
    DepthGuard guard(exprDepth);
    if (exprDepth > kMaxDepth) {
      errorHere("expression nested too deeply (more than " +
                llvm::Twine(kMaxDepth) + " levels)");
      return nullptr;
    }
    auto e = std::make_unique<Expr>(Expr::Kind::Unary, tok.loc());
    e->op = '-';
    consume();
    ExprPtr operand = parseUnary();
    if (!operand)
      return nullptr;
    e->operands.push_back(std::move(operand));
    return e;
  }
  return parsePostfix();
}

bool Parser::parseSubscript(Subscript &sub) {
  sub.loc = tok.loc();
  auto endsPart = [&] {
    return tok.is(Tok::Colon) || tok.is(Tok::Comma) || tok.is(Tok::RBracket);
  };
  if (!tok.is(Tok::Colon)) {
    ExprPtr first = parseExpr();
    if (!first)
      return false;
    if (!tok.is(Tok::Colon)) {
      sub.index = std::move(first);
      return true;
    }
    sub.start = std::move(first);
  }
  sub.isRange = true;
  consume(); // ':'
  if (!endsPart() && !(sub.stop = parseExpr()))
    return false;
  if (consumeIf(Tok::Colon) && !endsPart() && !(sub.step = parseExpr()))
    return false;
  return true;
}

ExprPtr Parser::parsePostfix() {
  ExprPtr e = parsePrimary();
  while (e && tok.is(Tok::LBracket)) {
    llvm::SMLoc open = tok.loc();
    auto idx = std::make_unique<Expr>(Expr::Kind::Index, tok.loc());
    consume();
    idx->operands.push_back(std::move(e));
    do {
      Subscript sub;
      if (!parseSubscript(sub))
        return nullptr;
      idx->subscripts.push_back(std::move(sub));
    } while (consumeIf(Tok::Comma));
    if (!expectClosing(Tok::RBracket, "at the end of the subscripts", open))
      return nullptr;
    e = std::move(idx);
  }
  return e;
}

ExprPtr Parser::parsePrimary() {
  llvm::SMLoc loc = tok.loc();
  switch (tok.kind) {
  case Tok::Int: {
    auto e = std::make_unique<Expr>(Expr::Kind::Int, loc);
    e->intValue = tok.intValue;
    e->floatValue = tok.floatValue;
    consume();
    return e;
  }
  case Tok::Float: {
    auto e = std::make_unique<Expr>(Expr::Kind::Float, loc);
    e->floatValue = tok.floatValue;
    consume();
    return e;
  }
  case Tok::String: {
    auto e = std::make_unique<Expr>(Expr::Kind::String, loc);
    e->name = tok.stringValue;
    consume();
    return e;
  }
  case Tok::Ident: {
    std::string name = tok.text.str();
    consume();
    if (!tok.is(Tok::LParen)) {
      auto e = std::make_unique<Expr>(Expr::Kind::Name, loc);
      e->name = std::move(name);
      return e;
    }
    llvm::SMLoc open = tok.loc();
    consume();
    auto e = std::make_unique<Expr>(Expr::Kind::Call, loc);
    e->name = std::move(name);
    if (consumeIf(Tok::RParen))
      return e;
    do {
      std::string keyword;
      llvm::SMLoc keywordLoc;
      ExprPtr arg = parseExpr();
      if (!arg)
        return nullptr;
      if (tok.is(Tok::Equal)) {
        if (arg->kind != Expr::Kind::Name) {
          errorHere("a keyword argument needs a name before '='");
          return nullptr;
        }
        keyword = arg->name;
        keywordLoc = arg->loc;
        consume();
        if (!(arg = parseExpr()))
          return nullptr;
      }
      e->keywords.push_back(std::move(keyword));
      e->keywordLocs.push_back(keywordLoc);
      e->operands.push_back(std::move(arg));
    } while (consumeIf(Tok::Comma));
    if (!expectClosing(Tok::RParen, "after the arguments", open))
      return nullptr;
    return e;
  }
  case Tok::LParen: {
    consume();
    ExprPtr e = parseExpr();
    if (!e || !expectClosing(Tok::RParen, "to close the parenthesis", loc))
      return nullptr;
    return e;
  }
  case Tok::LBracket: {
    auto e = std::make_unique<Expr>(Expr::Kind::List, loc);
    consume();
    if (consumeIf(Tok::RBracket))
      return e;
    do {
      ExprPtr item = parseExpr();
      if (!item)
        return nullptr;
      e->operands.push_back(std::move(item));
    } while (consumeIf(Tok::Comma));
    if (!expectClosing(Tok::RBracket, "at the end of the list", loc))
      return nullptr;
    return e;
  }
  default: {
    if (tok.kind >= Tok::KwInput && tok.kind <= Tok::KwSeed)
      report(missingTokenLoc(),
             "expected an expression, found the keyword " + found(tok));
    else
      report(missingTokenLoc(), "expected an expression, found " + found(tok));
    return nullptr;
  }
  }
}

Module pcc::frontend::parseModelFile(llvm::StringRef buffer,
                                     Diagnostics &diags) {
  Parser parser(buffer, diags);
  return parser.parseModule();
}
