//===- AST.h - syntax tree of the pcc model language ------------*- C++ -*-===//
//
// The parser's output: a model file is a list of items (options, inputs,
// targets, parameters, blocks and statements). Every node keeps the source
// location of the token that names it, for diagnostics and for the
// FileLineColLoc of the ops MLIRGen emits from it.
//
//===----------------------------------------------------------------------===//

#ifndef PCC_FRONTEND_AST_H
#define PCC_FRONTEND_AST_H

#include "llvm/Support/SMLoc.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pcc::frontend {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

/// One subscript of `x[...]`: an index `i`, or a range `start:stop:step`
/// whose parts may be missing.
struct Subscript {
  llvm::SMLoc loc;
  bool isRange = false;
  ExprPtr index; // !isRange
  ExprPtr start, stop, step;
};

struct Expr {
  enum class Kind { Int, Float, String, Name, Call, Binary, Unary, Index, List };
  Kind kind;
  llvm::SMLoc loc;
  int64_t intValue = 0;
  double floatValue = 0;
  std::string name; // Name; Call: the callee; String: the contents
  char op = 0;      // Binary: + - * / @; Unary: -
  /// Call: the arguments; Binary: lhs, rhs; Unary, Index: the operand
  /// first; List: the elements.
  std::vector<ExprPtr> operands;
  /// Call: the keyword of each argument ("" when positional) and where.
  std::vector<std::string> keywords;
  std::vector<llvm::SMLoc> keywordLocs;
  std::vector<Subscript> subscripts; // Index

  Expr(Kind kind, llvm::SMLoc loc) : kind(kind), loc(loc) {}
};

/// `f32[B, 784]`: an element type and dimensions, each an integer or a
/// symbol (a dynamic size such as the batch).
struct TypeSpec {
  llvm::SMLoc loc;
  std::string elementType;
  llvm::SMLoc elementTypeLoc;
  struct Dim {
    llvm::SMLoc loc;
    int64_t size = 0;   // when symbol is empty
    std::string symbol; // a dynamic dimension
  };
  std::vector<Dim> dims;
};

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using StmtList = std::vector<StmtPtr>;

struct Stmt {
  enum class Kind {
    Option, // option <name> = <value>;
    Input,  // input <name>: <type>;
    Target, // target <name>: <type>;
    Param,  // param <name>: <type> = <init>(<args>) [seed <n>];
    Block,  // block <name>(<params>) { <body> }
    Let,    // let <name> = <expr>;
    Assign, // <name> = <expr>;
    Loss,   // loss <expr>;
    Return, // return <expr>;
    For,    // for <name> in <expr>..<expr> { <body> }
    Expr,   // <expr>; (evaluated for its diagnostics only)
  };
  Kind kind;
  llvm::SMLoc loc;     // the keyword (or the name of an assignment)
  std::string name;    // declared, assigned or loop variable; block name
  llvm::SMLoc nameLoc;
  ExprPtr value;       // Option, Let, Assign, Loss, Return, Expr; For: from
  ExprPtr to;          // For: the end of the range (exclusive)
  TypeSpec type;       // Input, Target, Param
  // Param: the initialiser.
  std::string init;
  llvm::SMLoc initLoc;
  std::vector<ExprPtr> initArgs;
  ExprPtr seed;
  // Block: its parameters.
  std::vector<std::string> params;
  std::vector<llvm::SMLoc> paramLocs;
  StmtList body; // Block, For

  Stmt(Kind kind, llvm::SMLoc loc) : kind(kind), loc(loc) {}
};

struct Module {
  StmtList items;
};

} // namespace pcc::frontend

#endif // PCC_FRONTEND_AST_H
