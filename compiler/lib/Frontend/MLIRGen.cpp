//===- MLIRGen.cpp - model-language AST to the nn dialect -----------------===//
//
// An evaluator over the AST. Compile-time values (integers, numbers,
// strings, lists, loop variables) are computed here; tensors are SSA values
// of nn ops. Blocks are inlined at each call with their own parameter
// prefix; `for` loops are unrolled. Layer sugar (`dense(x, 256)`) creates
// its parameters once per call site and instance, so the iterations of a
// loop share them.
//
// Shape and type errors come from the nn ops' own type inference: each op
// is type-checked before it is created, with its diagnostics captured and
// re-reported at the model file's location in the language's terms.
//
//===----------------------------------------------------------------------===//

#include "pcc/Frontend/MLIRGen.h"
#include "pcc/Dialect/NN/IR/NN.h"
#include "pcc/Frontend/Parser.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>
#include <map>
#include <optional>

using namespace mlir;
using namespace pcc::frontend;
using llvm::SMLoc;

namespace {

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

struct Val {
  enum class Kind { Error, None, Tensor, Int, Float, String, List, Symbol };
  Kind kind = Kind::Error;
  Value tensor;
  int64_t i = 0;
  double f = 0;
  std::string s; // String; Symbol: its name
  std::vector<Val> list;

  static Val error() { return Val(); }
  static Val none() { return make(Kind::None); }
  static Val ofTensor(Value v) {
    Val r = make(Kind::Tensor);
    r.tensor = v;
    return r;
  }
  static Val ofInt(int64_t v) {
    Val r = make(Kind::Int);
    r.i = v;
    r.f = static_cast<double>(v);
    return r;
  }
  static Val ofFloat(double v) {
    Val r = make(Kind::Float);
    r.f = v;
    return r;
  }
  static Val ofString(std::string v, Kind k = Kind::String) {
    Val r = make(k);
    r.s = std::move(v);
    return r;
  }
  static Val make(Kind k) {
    Val r;
    r.kind = k;
    return r;
  }
  bool isError() const { return kind == Kind::Error; }
  bool isTensor() const { return kind == Kind::Tensor; }
  bool isNumber() const { return kind == Kind::Int || kind == Kind::Float; }
};

/// The shortest spelling of `v` that reads back as `v`: 0.5, 1e-05, 3.
std::string formatNumber(double v) {
  char buf[32];
  if (v == std::trunc(v) && std::fabs(v) < 1e15) {
    snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v)
      break;
  }
  return buf;
}

/// Where an expression starts (a binary expression is located at its
/// operator): messages about a whole value point there.
SMLoc startOf(const Expr &e) {
  if ((e.kind == Expr::Kind::Binary || e.kind == Expr::Kind::Index) &&
      !e.operands.empty())
    return startOf(*e.operands[0]);
  return e.loc;
}

std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (i)
      s += ", ";
    s += ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d);
  }
  return s + "]";
}

std::string elementName(Type t) {
  if (t.isF32())
    return "f32";
  if (t.isF64())
    return "f64";
  if (t.isInteger(32))
    return "i32";
  if (t.isInteger(64))
    return "i64";
  std::string s;
  llvm::raw_string_ostream os(s);
  os << t;
  return s;
}

/// `f32[?, 784]`: how a tensor type reads in a message.
std::string typeString(Type type) {
  auto t = cast<RankedTensorType>(type);
  return elementName(t.getElementType()) + shapeString(t.getShape());
}

std::string describe(const Val &v) {
  switch (v.kind) {
  case Val::Kind::Error: return "an erroneous value";
  case Val::Kind::None: return "nothing (a block without 'return')";
  case Val::Kind::Tensor: return "a tensor " + typeString(v.tensor.getType());
  case Val::Kind::Int: return "the integer " + std::to_string(v.i);
  case Val::Kind::Float: {
    // 1.0 reads as "1.0", not "1": it is not the integer 1.
    std::string n = formatNumber(v.f);
    if (std::isfinite(v.f) && n.find_first_of(".e") == std::string::npos)
      n += ".0";
    return "the number " + n;
  }
  case Val::Kind::String: return "the string \"" + v.s + "\"";
  case Val::Kind::List: return "a list";
  case Val::Kind::Symbol: return "the dimension symbol " + v.s;
  }
  return "a value";
}

//===----------------------------------------------------------------------===//
// Scopes
//===----------------------------------------------------------------------===//

struct Binding {
  enum class Kind { Input, Target, Param, Let, LoopVar, BlockArg, Symbol };
  Kind kind;
  Val value;
  SMLoc loc;
};

const char *bindingKindName(Binding::Kind k) {
  switch (k) {
  case Binding::Kind::Input: return "input";
  case Binding::Kind::Target: return "target";
  case Binding::Kind::Param: return "parameter";
  case Binding::Kind::Let: return "variable";
  case Binding::Kind::LoopVar: return "loop variable";
  case Binding::Kind::BlockArg: return "block argument";
  case Binding::Kind::Symbol: return "dimension symbol";
  }
  return "name";
}

/// "an input", "a variable", ...
std::string bindingKindWithArticle(Binding::Kind k) {
  return (k == Binding::Kind::Input ? "an " : "a ") +
         std::string(bindingKindName(k));
}

using Scope = llvm::StringMap<Binding>;

/// The arguments of a builtin or block call, bound to parameter names.
struct BoundArgs {
  llvm::StringMap<std::pair<Val, SMLoc>> values;
  bool has(StringRef name) const { return values.count(name); }
  const Val &get(StringRef name) const { return values.find(name)->second.first; }
  SMLoc loc(StringRef name) const { return values.find(name)->second.second; }
};

/// A builtin's signature: parameter names in positional order; a trailing
/// `?` marks an optional one.
struct Builtin {
  const char *name;
  std::vector<const char *> params;
  const char *summary;
};

class Generator {
public:
  Generator(MLIRContext &ctx, Diagnostics &diags)
      : ctx(ctx), diags(diags), b(&ctx) {}

  OwningOpRef<ModuleOp> run(const Module &module);

private:
  //===--- Diagnostics and locations ---------------------------------------===//
  Val fail(SMLoc loc, const Twine &message) {
    diags.error(loc, message);
    return Val::error();
  }
  Location locOf(SMLoc loc) {
    auto &sm = diags.getSourceMgr();
    unsigned buf = sm.FindBufferContainingLoc(loc);
    if (!buf)
      return UnknownLoc::get(&ctx);
    auto [line, col] = sm.getLineAndColumn(loc, buf);
    return FileLineColLoc::get(
        &ctx, sm.getMemoryBuffer(buf)->getBufferIdentifier(), line, col);
  }

  //===--- Scopes -------------------------------------------------------------//
  Binding *lookup(StringRef name);
  bool declare(StringRef name, Binding::Kind kind, Val value, SMLoc loc);

  //===--- Statements ---------------------------------------------------------//
  void collectBlocks(const Module &module);
  /// 'return' outside blocks and 'loss' inside them, wherever they are
  /// (even in a block that is never called or a loop that never runs).
  void checkPlacement(const StmtList &stmts, bool inBlock);
  /// Runs each block that no call ran, with unknown arguments, to report
  /// the errors that do not depend on them (an unknown name or function);
  /// what it emits is thrown away.
  void checkUncalledBlocks(const Module &module);
  void declareArguments(const Module &module, SmallVectorImpl<Type> &types);
  void execute(const StmtList &stmts);
  void execute(const Stmt &stmt);
  void executeOption(const Stmt &stmt);
  void executeParam(const Stmt &stmt);
  void executeFor(const Stmt &stmt);
  void addLoss(const Stmt &stmt, Val v);

  //===--- Expressions --------------------------------------------------------//
  Val eval(const Expr &e);
  Val evalBinary(const Expr &e);
  Val evalUnary(const Expr &e);
  Val evalIndex(const Expr &e);
  Val evalCall(const Expr &e);
  Val callBlock(const Expr &e, const Stmt &block);
  Val callBuiltin(const Expr &e, const Builtin &fn);
  Val applyBuiltin(const Expr &e, StringRef fn, const BoundArgs &a);
  bool bindArgs(const Expr &call, StringRef callee,
                ArrayRef<std::string> params, size_t required,
                ArrayRef<Val> values, BoundArgs &out, SMLoc defLoc);

  //===--- Conversions --------------------------------------------------------//
  std::optional<Value> asTensor(const Val &v, SMLoc loc, const Twine &what);
  std::optional<int64_t> asInt(const Val &v, SMLoc loc, const Twine &what);
  std::optional<double> asNumber(const Val &v, SMLoc loc, const Twine &what);
  std::optional<bool> asBool(const Val &v, SMLoc loc, const Twine &what);
  std::optional<SmallVector<int64_t>> asIntList(const Val &v, SMLoc loc,
                                                const Twine &what);
  /// An int or a pair of ints, as a pair.
  std::optional<SmallVector<int64_t>> asPair(const Val &v, SMLoc loc,
                                             const Twine &what);
  Value scalarConstant(double value, Type elementType, SMLoc loc);

  //===--- Ops ----------------------------------------------------------------//
  /// Type-checks and creates an nn op with inferred result types; a type
  /// error is reported at `at` in the language's words.
  template <typename OpTy>
  Val create(SMLoc at, StringRef what, ValueRange operands,
             ArrayRef<NamedAttribute> attrs = {});
  Val reshape(SMLoc at, Value v, ArrayRef<int64_t> shape);
  /// `what`: how the operation reads in messages (the operator when
  /// empty; `add` when called by name).
  Val binaryOp(SMLoc at, char op, Value lhs, Value rhs, StringRef what = "");
  Val unaryOp(SMLoc at, StringRef fn, Value x);
  Val zeros(SMLoc at, const BoundArgs &a);
  /// `dtype=` ("f32" or "f64"), defaulting to the inputs' float type.
  std::optional<Type> floatTypeArg(const BoundArgs &a);

  //===--- Parameters ---------------------------------------------------------//
  struct InitSpec {
    pcc::nn::InitKind kind;
    SmallVector<double> args;
  };
  /// `normalDefault`: a bare `normal` means normal(0, 1) (embeddings).
  std::optional<InitSpec> initSpec(StringRef name, SMLoc loc,
                                   ArrayRef<double> args,
                                   bool normalDefault = false);
  /// The initialiser given by `init=` (a name, a string or a call with
  /// numeric arguments), or `fallback`.
  std::optional<InitSpec> initArgument(const Expr &call, StringRef fallback,
                                       bool normalDefault = false);
  /// `nameLoc`: where the parameter is named, for a redefinition error
  /// (the call's `name=` argument; `at` when invalid).
  Val makeParam(SMLoc at, const std::string &name, ArrayRef<int64_t> shape,
                Type elementType, const InitSpec &init,
                std::optional<int64_t> seed, SMLoc nameLoc = SMLoc());
  /// Where a sugar call's `name=` argument is (the call when it has none).
  SMLoc sugarNameLoc(const Expr &call);
  /// The parameters a sugar call creates: cached per call site and block
  /// instance (so loops share them); `create` makes them on first use.
  std::optional<std::vector<Value>>
  sugarParams(const Expr &call, const BoundArgs &args, StringRef kind,
              llvm::function_ref<bool(const std::string &prefix,
                                      std::vector<Value> &)>
                  create);
  /// The layer's name: `name=` (already checked to be a string), else the
  /// kind and a counter.
  std::string sugarName(const BoundArgs &args, StringRef kind);
  /// `<name>.weight` of `weightShape` and, with `withBias`, `<name>.bias`
  /// (zeros, one per output unit): dense and conv2d sugar.
  bool weightAndBias(const Expr &call, SMLoc at, const std::string &name,
                     ArrayRef<int64_t> weightShape, Type elementType,
                     const InitSpec &init, bool withBias,
                     std::vector<Value> &out);

  MLIRContext &ctx;
  Diagnostics &diags;
  OpBuilder b;
  func::FuncOp func;
  Type defaultFloat;

  /// frames.back() is the current call frame: a stack of scopes. Name
  /// lookup searches the current frame, then the global scope.
  std::vector<std::vector<Scope>> frames;
  llvm::StringMap<const Stmt *> blocks;
  llvm::StringMap<SMLoc> paramNames;
  std::map<std::pair<std::string, const void *>, std::vector<Value>>
      sugarCache;
  std::map<std::pair<std::string, const void *>, std::string> instanceCache;
  llvm::StringMap<unsigned> counters;
  std::string prefix;
  unsigned callDepth = 0;
  int64_t nextSeed = 1;
  uint64_t unrolled = 0;
  /// The error whose block-call notes are being printed, and how many.
  unsigned backtraceError = 0;
  unsigned backtraceCalls = 0;
  /// Blocks whose body was executed by a call.
  llvm::SmallPtrSet<const Stmt *, 8> calledBlocks;
  /// Block calls: set by 'return'.
  std::optional<Val> returned;
  Value totalLoss;
  SMLoc firstLoss;
  /// Symbolic dimension -> the argument and dimension it was declared with
  /// (no argument when that declaration had an error) and where.
  struct SymbolDecl {
    std::optional<unsigned> arg;
    unsigned dim = 0;
    SMLoc loc;
    /// Declared by an `input` (preferred as the source of its size: reading
    /// a target's size would make the target an input of predictions).
    bool fromInput = false;
  };
  llvm::StringMap<SymbolDecl> symbols;
  /// Input or target declaration -> its argument of @loss (none when the
  /// declaration had an error).
  llvm::DenseMap<const Stmt *, unsigned> argumentOf;
  llvm::StringMap<Attribute> options;
  llvm::StringMap<SMLoc> optionLocs;
  /// Unknown names (functions with "()") reported already: their other
  /// uses are not errors of their own.
  llvm::StringSet<> unknownNames;
};

//===----------------------------------------------------------------------===//
// Builtins
//===----------------------------------------------------------------------===//

const std::vector<Builtin> &builtins() {
  static const std::vector<Builtin> table = {
      {"relu", {"x"}, "max(x, 0)"},
      {"tanh", {"x"}, "tanh(x)"},
      {"sigmoid", {"x"}, "1 / (1 + exp(-x))"},
      {"gelu", {"x"}, "x * Phi(x)"},
      {"exp", {"x"}, "exp(x)"},
      {"log", {"x"}, "log(x)"},
      {"neg", {"x"}, "-x"},
      {"sqrt", {"x"}, "sqrt(x)"},
      {"sin", {"x"}, "sin(x)"},
      {"cos", {"x"}, "cos(x)"},
      {"tan", {"x"}, "tan(x)"},
      {"add", {"a", "b"}, "a + b"},
      {"sub", {"a", "b"}, "a - b"},
      {"mul", {"a", "b"}, "a * b"},
      {"div", {"a", "b"}, "a / b"},
      {"matmul", {"a", "b"}, "a @ b"},
      {"softmax", {"x", "axis?"}, "softmax along an axis"},
      {"dense",
       {"x", "units", "b?", "bias?", "init?", "name?"},
       "affine layer"},
      {"conv2d",
       {"x", "filters", "b?", "kernel?", "stride?", "padding?", "dilation?",
        "bias?", "init?", "name?"},
       "2-D convolution"},
      {"max_pool2d", {"x", "kernel", "stride?", "padding?"}, "max pooling"},
      {"avg_pool2d", {"x", "kernel", "stride?", "padding?"}, "average pooling"},
      {"layer_norm",
       {"x", "gamma?", "beta?", "eps?", "name?"},
       "layer normalisation"},
      {"embedding",
       {"ids", "vocab", "dim?", "init?", "name?"},
       "embedding lookup"},
      {"reshape", {"x", "shape"}, "reshape"},
      {"flatten", {"x", "axis?"}, "flatten to a matrix"},
      {"transpose", {"x", "perm?"}, "permute dimensions"},
      {"concat", {"xs", "axis?"}, "join along an axis"},
      {"stack", {"xs", "axis?"}, "join along a new axis"},
      {"reduce_sum", {"x", "axes?", "keep_dims?"}, "sum over axes"},
      {"mean", {"x", "axes?", "keep_dims?"}, "mean over axes"},
      {"mse", {"prediction", "target"}, "half squared error"},
      {"cross_entropy", {"logits", "labels"}, "softmax cross-entropy"},
      {"zeros", {"shape", "dtype?"}, "a tensor of zeros"},
      {"causal_mask", {"n", "dtype?"}, "0 on and below the diagonal, -1e9 above"},
      {"len", {"list"}, "length of a list"},
  };
  return table;
}

const Builtin *findBuiltin(StringRef name) {
  for (const Builtin &fn : builtins())
    if (name == fn.name)
      return &fn;
  return nullptr;
}

bool isUnaryBuiltin(StringRef n) {
  return llvm::is_contained({"relu", "tanh", "sigmoid", "gelu", "exp", "log",
                             "neg", "sqrt", "sin", "cos", "tan"},
                            n);
}

const char *const kModes[] = {"backprop", "strict", "fixed-prediction",
                              "zero-divergence", "incremental"};

//===----------------------------------------------------------------------===//
// Scopes
//===----------------------------------------------------------------------===//

Binding *Generator::lookup(StringRef name) {
  auto &frame = frames.back();
  for (auto it = frame.rbegin(); it != frame.rend(); ++it) {
    auto found = it->find(name);
    if (found != it->end())
      return &found->second;
  }
  if (frames.size() > 1) {
    auto found = frames.front().front().find(name);
    if (found != frames.front().front().end())
      return &found->second;
  }
  return nullptr;
}

bool Generator::declare(StringRef name, Binding::Kind kind, Val value,
                        SMLoc loc) {
  Scope &scope = frames.back().back();
  auto found = scope.find(name);
  if (found != scope.end()) {
    diags.error(loc, "redefinition of '" + name + "'");
    diags.note(found->second.loc,
               "previous definition of '" + name + "' (" +
                   bindingKindWithArticle(found->second.kind) + ") is here");
    return false;
  }
  scope.try_emplace(name, Binding{kind, std::move(value), loc});
  return true;
}

//===----------------------------------------------------------------------===//
// Conversions
//===----------------------------------------------------------------------===//

std::optional<Value> Generator::asTensor(const Val &v, SMLoc loc,
                                         const Twine &what) {
  if (v.isTensor())
    return v.tensor;
  if (!v.isError())
    diags.error(loc, what + " must be a tensor, but it is " + describe(v));
  return std::nullopt;
}

std::optional<int64_t> Generator::asInt(const Val &v, SMLoc loc,
                                        const Twine &what) {
  if (v.kind == Val::Kind::Int)
    return v.i;
  if (!v.isError())
    diags.error(loc, what + " must be an integer, but it is " + describe(v));
  return std::nullopt;
}

std::optional<double> Generator::asNumber(const Val &v, SMLoc loc,
                                          const Twine &what) {
  if (v.isNumber())
    return v.f;
  if (!v.isError())
    diags.error(loc, what + " must be a number, but it is " + describe(v));
  return std::nullopt;
}

std::optional<bool> Generator::asBool(const Val &v, SMLoc loc,
                                      const Twine &what) {
  if (v.kind == Val::Kind::Int && (v.i == 0 || v.i == 1))
    return v.i == 1;
  if (v.kind == Val::Kind::String && (v.s == "true" || v.s == "false"))
    return v.s == "true";
  if (!v.isError())
    diags.error(loc, what + " must be true or false, but it is " +
                         describe(v));
  return std::nullopt;
}

std::optional<SmallVector<int64_t>>
Generator::asIntList(const Val &v, SMLoc loc, const Twine &what) {
  if (v.kind == Val::Kind::Int)
    return SmallVector<int64_t>{v.i};
  if (v.kind == Val::Kind::List) {
    SmallVector<int64_t> out;
    for (const Val &item : v.list) {
      if (item.kind != Val::Kind::Int) {
        if (!item.isError())
          diags.error(loc, what + " must be a list of integers, but it "
                                  "contains " +
                               describe(item));
        return std::nullopt;
      }
      out.push_back(item.i);
    }
    return out;
  }
  if (!v.isError())
    diags.error(loc, what + " must be an integer or a list of integers, but "
                            "it is " +
                         describe(v));
  return std::nullopt;
}

std::optional<SmallVector<int64_t>>
Generator::asPair(const Val &v, SMLoc loc, const Twine &what) {
  auto list = asIntList(v, loc, what);
  if (!list)
    return std::nullopt;
  if (list->size() == 1)
    return SmallVector<int64_t>{(*list)[0], (*list)[0]};
  if (list->size() == 2)
    return list;
  diags.error(loc, what + " must be one integer or two, but it has " +
                       Twine(list->size()));
  return std::nullopt;
}

Value Generator::scalarConstant(double value, Type elementType, SMLoc loc) {
  auto type = RankedTensorType::get({}, elementType);
  auto attr = DenseElementsAttr::get(type, FloatAttr::get(elementType, value));
  return arith::ConstantOp::create(b, locOf(loc), type, attr);
}

//===----------------------------------------------------------------------===//
// Op creation
//===----------------------------------------------------------------------===//

/// Shapes and types in a dialect message, in the model language's
/// spelling: "?x784" -> "[?, 784]", "tensor<?x784xf32>" -> "f32[?, 784]",
/// "shape 10" -> "shape [10]", "shape scalar" -> "shape []".
std::string languageShapes(StringRef m) {
  auto isWordChar = [](char c) {
    return llvm::isAlnum(c) || c == '_' || c == '?';
  };
  auto isDim = [](StringRef d) {
    return d == "?" || (!d.empty() && llvm::all_of(d, llvm::isDigit));
  };
  auto join = [](ArrayRef<StringRef> dims) {
    std::string r = "[";
    for (auto [i, d] : llvm::enumerate(dims))
      r += (i ? ", " : "") + d.str();
    return r + "]";
  };
  std::string out;
  size_t i = 0;
  while (i < m.size()) {
    bool atWord = i == 0 || !isWordChar(m[i - 1]);
    if (atWord && m.substr(i).starts_with("tensor<")) {
      size_t close = m.find('>', i);
      if (close != StringRef::npos) {
        SmallVector<StringRef> parts;
        m.slice(i + 7, close).split(parts, 'x');
        StringRef element = parts.pop_back_val();
        if (llvm::all_of(parts, isDim)) {
          out += element.str() + join(parts);
          i = close + 1;
          continue;
        }
      }
    }
    if (atWord && (llvm::isDigit(m[i]) || m[i] == '?')) {
      size_t end = i;
      while (end < m.size() &&
             (llvm::isDigit(m[end]) || m[end] == '?' || m[end] == 'x'))
        ++end;
      if (end == m.size() || !isWordChar(m[end])) {
        StringRef word = m.slice(i, end);
        SmallVector<StringRef> dims;
        word.split(dims, 'x');
        bool afterShape =
            StringRef(out).ends_with("shape ") ||
            (StringRef(out).ends_with("but got ") &&
             StringRef(out).contains("shape "));
        if (llvm::all_of(dims, isDim) && (dims.size() > 1 || afterShape)) {
          out += join(dims);
          i = end;
          continue;
        }
      }
    }
    if (atWord && StringRef(out).ends_with("shape ") &&
        m.substr(i).starts_with("scalar") &&
        (i + 6 == m.size() || !isWordChar(m[i + 6]))) {
      out += "[]";
      i += 6;
      continue;
    }
    out += m[i++];
  }
  return out;
}

/// Turns "'nn.dense' op expects ..." into "'dense' expects ...".
std::string rewriteMessage(StringRef message, StringRef what) {
  if (message.starts_with("'nn.")) {
    size_t end = message.find("' op ");
    if (end != StringRef::npos)
      return ("'" + what + "' " + languageShapes(message.substr(end + 5)))
          .str();
  }
  return ("'" + what + "': " + languageShapes(message)).str();
}

template <typename OpTy>
Val Generator::create(SMLoc at, StringRef what, ValueRange operands,
                      ArrayRef<NamedAttribute> attrs) {
  Location loc = locOf(at);
  OperationState state(loc, OpTy::getOperationName());
  state.addOperands(operands);
  state.addAttributes(attrs);
  DictionaryAttr dict = state.attributes.getDictionary(&ctx);
  std::vector<std::string> messages;
  SmallVector<Type> types;
  {
    ScopedDiagnosticHandler capture(&ctx, [&](Diagnostic &d) {
      if (d.getSeverity() == DiagnosticSeverity::Error)
        messages.push_back(d.str());
      return success();
    });
    using Props = typename OpTy::Properties;
    LogicalResult ok = success();
    if constexpr (!std::is_same_v<Props, EmptyProperties>) {
      Props &props = state.getOrAddProperties<Props>();
      ok = OpTy::setPropertiesFromAttr(
          props, dict, [&] { return mlir::emitError(loc); });
    }
    if (succeeded(ok))
      ok = OpTy::inferReturnTypes(&ctx, loc, state.operands, dict,
                                  state.getRawProperties(), state.regions,
                                  types);
    if (failed(ok)) {
      if (messages.empty())
        messages.push_back("invalid operands");
      for (const std::string &m : messages)
        diags.error(at, rewriteMessage(m, what));
      return Val::error();
    }
  }
  state.addTypes(types);
  Operation *op = b.create(state);
  // Operand constraints and the op's own verifier (an axis in range, integer
  // ids) are checked here, not only at the end, so that the error is in the
  // language's words at the right place.
  {
    ScopedDiagnosticHandler capture(&ctx, [&](Diagnostic &d) {
      if (d.getSeverity() == DiagnosticSeverity::Error)
        messages.push_back(d.str());
      return success();
    });
    if (succeeded(mlir::verify(op, /*verifyRecursively=*/false)))
      return Val::ofTensor(op->getResult(0));
  }
  op->erase();
  if (messages.empty())
    messages.push_back("invalid operands");
  for (const std::string &m : messages)
    diags.error(at, rewriteMessage(m, what));
  return Val::error();
}

Val Generator::reshape(SMLoc at, Value v, ArrayRef<int64_t> shape) {
  auto in = cast<RankedTensorType>(v.getType());
  auto type = RankedTensorType::get(shape, in.getElementType());
  if (type == in)
    return Val::ofTensor(v);
  auto op = pcc::nn::ReshapeOp::create(b, locOf(at), type, v);
  std::vector<std::string> messages;
  {
    ScopedDiagnosticHandler capture(&ctx, [&](Diagnostic &d) {
      messages.push_back(d.str());
      return success();
    });
    if (succeeded(op.verifyInvariants()))
      return Val::ofTensor(op);
  }
  op.erase();
  for (const std::string &m : messages)
    diags.error(at, rewriteMessage(m, "reshape"));
  return Val::error();
}

Val Generator::binaryOp(SMLoc at, char op, Value lhs, Value rhs,
                        StringRef what) {
  std::string name = what.empty() ? std::string(1, op) : what.str();
  switch (op) {
  case '+': return create<pcc::nn::AddOp>(at, name, {lhs, rhs});
  case '-': return create<pcc::nn::SubOp>(at, name, {lhs, rhs});
  case '*': return create<pcc::nn::MulOp>(at, name, {lhs, rhs});
  case '/': return create<pcc::nn::DivOp>(at, name, {lhs, rhs});
  default: break;
  }
  // '@': a matrix product. A rank-2 right operand that is a parameter, or
  // one with a left operand of another rank, is an affine map over the
  // leading dimensions (nn.dense: a weight applied to activations).
  auto l = cast<RankedTensorType>(lhs.getType());
  auto r = cast<RankedTensorType>(rhs.getType());
  if (r.getRank() == 2 && l.getRank() >= 1 &&
      (l.getRank() != 2 || rhs.getDefiningOp<pcc::nn::ParamOp>()))
    return create<pcc::nn::DenseOp>(at, name, {lhs, rhs});
  return create<pcc::nn::MatmulOp>(at, name, {lhs, rhs});
}

Val Generator::unaryOp(SMLoc at, StringRef fn, Value x) {
  using namespace pcc::nn;
  if (fn == "relu") return create<ReluOp>(at, fn, x);
  if (fn == "tanh") return create<TanhOp>(at, fn, x);
  if (fn == "sigmoid") return create<SigmoidOp>(at, fn, x);
  if (fn == "gelu") return create<GeluOp>(at, fn, x);
  if (fn == "exp") return create<ExpOp>(at, fn, x);
  if (fn == "log") return create<LogOp>(at, fn, x);
  if (fn == "neg") return create<NegOp>(at, fn, x);
  if (fn == "sqrt") return create<SqrtOp>(at, fn, x);
  if (fn == "sin") return create<SinOp>(at, fn, x);
  if (fn == "cos") return create<CosOp>(at, fn, x);
  return create<TanOp>(at, fn, x);
}

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

std::optional<Generator::InitSpec>
Generator::initSpec(StringRef name, SMLoc loc, ArrayRef<double> givenArgs,
                    bool normalDefault) {
  SmallVector<double> args(givenArgs);
  using pcc::nn::InitKind;
  auto kind = pcc::nn::symbolizeInitKind(name);
  if (!kind) {
    diags.error(loc, "unknown initialiser '" + name +
                         "'; expected zeros, constant, uniform, normal, "
                         "glorot_uniform, glorot_normal, he_uniform or "
                         "he_normal");
    return std::nullopt;
  }
  if (normalDefault && *kind == InitKind::normal && args.empty())
    args = {0.0, 1.0};
  // The rules of nn.param's verifier, checked here to point at the
  // initialiser and show the call as written.
  auto spelled = [&] {
    std::string r = name.str() + "(";
    for (auto [i, a] : llvm::enumerate(args))
      r += (i ? ", " : "") + formatNumber(a);
    return r + ")";
  };
  const char *expected = *kind == InitKind::zeros      ? "no arguments"
                         : *kind == InitKind::constant ? "1 argument (the value)"
                         : *kind == InitKind::uniform
                             ? "2 arguments (low, high)"
                         : *kind == InitKind::normal
                             ? "2 arguments (mean, stddev)"
                             : "no arguments or 1 (the gain)";
  size_t minArgs = *kind == InitKind::constant ? 1
                   : *kind == InitKind::uniform || *kind == InitKind::normal
                       ? 2
                       : 0;
  size_t maxArgs = *kind == InitKind::zeros ? 0 : std::max<size_t>(minArgs, 1);
  if (args.size() < minArgs || args.size() > maxArgs) {
    diags.error(loc, "initialiser '" + name + "' takes " + expected +
                         ", but got " +
                         (args.empty() ? std::string("none") : spelled()));
    return std::nullopt;
  }
  if (!llvm::all_of(args, [](double a) { return std::isfinite(a); })) {
    diags.error(loc, "initialiser arguments must be finite, but got " +
                         spelled());
    return std::nullopt;
  }
  if (*kind == InitKind::uniform && !(args[0] < args[1])) {
    diags.error(loc, "initialiser 'uniform' needs low < high, but got " +
                         spelled());
    return std::nullopt;
  }
  if (*kind == InitKind::normal && !(args[1] > 0)) {
    diags.error(loc, "initialiser 'normal' needs stddev > 0, but got " +
                         spelled());
    return std::nullopt;
  }
  return InitSpec{*kind, args};
}

std::optional<Generator::InitSpec>
Generator::initArgument(const Expr &call, StringRef fallback,
                        bool normalDefault) {
  for (auto [i, kw] : llvm::enumerate(call.keywords)) {
    if (kw != "init")
      continue;
    const Expr &e = *call.operands[i];
    if (e.kind == Expr::Kind::Name || e.kind == Expr::Kind::String)
      return initSpec(e.name, e.loc, {}, normalDefault);
    if (e.kind == Expr::Kind::Call) {
      SmallVector<double> args;
      for (auto [j, arg] : llvm::enumerate(e.operands)) {
        if (!e.keywords[j].empty()) {
          diags.error(e.keywordLocs[j], "an initialiser takes positional "
                                        "numbers only");
          return std::nullopt;
        }
        auto n = asNumber(eval(*arg), startOf(*arg), "an initialiser argument");
        if (!n)
          return std::nullopt;
        args.push_back(*n);
      }
      return initSpec(e.name, e.loc, args, normalDefault);
    }
    diags.error(e.loc, "'init' must name an initialiser, e.g. "
                       "init=he_normal or init=normal(0, 0.02)");
    return std::nullopt;
  }
  return initSpec(fallback, call.loc, {}, normalDefault);
}

Val Generator::makeParam(SMLoc at, const std::string &name,
                         ArrayRef<int64_t> shape, Type elementType,
                         const InitSpec &init, std::optional<int64_t> seed,
                         SMLoc nameLoc) {
  if (!nameLoc.isValid())
    nameLoc = at;
  auto [it, inserted] = paramNames.try_emplace(name, nameLoc);
  if (!inserted) {
    diags.error(nameLoc, "parameter '" + name + "' is already defined");
    diags.note(it->second, "previous definition of '" + name + "' is here");
    return Val::error();
  }
  int64_t elements = 1;
  for (int64_t d : shape) {
    if (d < 1)
      return fail(at, "parameter '" + name + "' has shape " +
                          shapeString(shape) +
                          "; every dimension must be at least 1");
    if (__builtin_mul_overflow(elements, d, &elements))
      return fail(at, "parameter '" + name + "' has shape " +
                          shapeString(shape) +
                          ", too many elements (more than 2^63)");
  }
  auto type = RankedTensorType::get(shape, elementType);
  int64_t s = seed ? *seed
                   : (init.kind == pcc::nn::InitKind::zeros ? 0 : nextSeed++);
  DenseF64ArrayAttr args =
      init.args.empty() ? DenseF64ArrayAttr()
                        : b.getDenseF64ArrayAttr(init.args);
  auto op = pcc::nn::ParamOp::create(
      b, locOf(at), type, b.getStringAttr(name),
      pcc::nn::InitKindAttr::get(&ctx, init.kind), args,
      b.getI64IntegerAttr(s));
  std::vector<std::string> messages;
  {
    ScopedDiagnosticHandler capture(&ctx, [&](Diagnostic &d) {
      messages.push_back(d.str());
      return success();
    });
    if (succeeded(op.verifyInvariants()))
      return Val::ofTensor(op);
  }
  op.erase();
  for (const std::string &m : messages)
    diags.error(at, rewriteMessage(m, "param " + name));
  return Val::error();
}

SMLoc Generator::sugarNameLoc(const Expr &call) {
  for (auto [i, kw] : llvm::enumerate(call.keywords))
    if (kw == "name")
      return call.operands[i]->loc;
  return call.loc;
}

std::string Generator::sugarName(const BoundArgs &args, StringRef kind) {
  if (args.has("name"))
    return prefix + args.get("name").s;
  unsigned n = ++counters[prefix + kind.str()];
  return prefix + kind.str() + std::to_string(n);
}

bool Generator::weightAndBias(const Expr &call, SMLoc at,
                              const std::string &name,
                              ArrayRef<int64_t> weightShape, Type elementType,
                              const InitSpec &init, bool withBias,
                              std::vector<Value> &out) {
  Val w = makeParam(at, name + ".weight", weightShape, elementType, init,
                    std::nullopt, sugarNameLoc(call));
  if (!w.isTensor())
    return false;
  out.push_back(w.tensor);
  if (!withBias)
    return true;
  int64_t units = weightShape.size() == 2 ? weightShape[1] : weightShape[0];
  Val bias = makeParam(at, name + ".bias", {units}, elementType,
                       {pcc::nn::InitKind::zeros, {}}, std::nullopt,
                       sugarNameLoc(call));
  if (!bias.isTensor())
    return false;
  out.push_back(bias.tensor);
  return true;
}

std::optional<std::vector<Value>> Generator::sugarParams(
    const Expr &call, const BoundArgs &args, StringRef kind,
    llvm::function_ref<bool(const std::string &, std::vector<Value> &)>
        createFn) {
  auto key = std::make_pair(prefix, static_cast<const void *>(&call));
  auto found = sugarCache.find(key);
  if (found != sugarCache.end())
    return found->second;
  std::vector<Value> params;
  if (!createFn(sugarName(args, kind), params))
    return std::nullopt;
  sugarCache[key] = params;
  return params;
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

void Generator::collectBlocks(const Module &module) {
  for (const StmtPtr &s : module.items) {
    if (s->kind != Stmt::Kind::Block)
      continue;
    if (findBuiltin(s->name)) {
      diags.error(s->nameLoc, "block '" + s->name +
                                  "' has the name of a built-in function");
      continue;
    }
    auto [it, inserted] = blocks.try_emplace(s->name, s.get());
    if (!inserted) {
      diags.error(s->nameLoc, "redefinition of block '" + s->name + "'");
      diags.note(it->second->nameLoc, "previous definition is here");
      continue;
    }
    llvm::StringMap<SMLoc> seen;
    for (auto [name, loc] : llvm::zip(s->params, s->paramLocs)) {
      auto [p, ok] = seen.try_emplace(name, loc);
      if (!ok) {
        diags.error(loc, "block '" + s->name + "' has two parameters named '" +
                             name + "'");
        diags.note(p->second, "the first is here");
      }
    }
  }
}

void Generator::checkPlacement(const StmtList &stmts, bool inBlock) {
  for (const StmtPtr &s : stmts) {
    if (s->kind == Stmt::Kind::Loss && inBlock)
      diags.error(s->loc, "'loss' is only allowed outside blocks; return the "
                          "value from the block and add it at the top level");
    else if (s->kind == Stmt::Kind::Return && !inBlock)
      diags.error(s->loc, "'return' outside a block");
    else if (s->kind == Stmt::Kind::Block)
      checkPlacement(s->body, true);
    else if (s->kind == Stmt::Kind::For)
      checkPlacement(s->body, inBlock);
  }
}

void Generator::checkUncalledBlocks(const Module &module) {
  for (const StmtPtr &s : module.items) {
    if (diags.atLimit())
      return;
    if (s->kind != Stmt::Kind::Block || calledBlocks.count(s.get()))
      continue;
    auto found = blocks.find(s->name);
    if (found == blocks.end() || found->second != s.get())
      continue; // a redefinition or a builtin's name: reported
    auto *scratch = new Block();
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(scratch);
    std::string savedPrefix = prefix;
    prefix = "<unused " + s->name + ">.";
    ++callDepth;
    frames.emplace_back();
    frames.back().emplace_back();
    for (auto [name, loc] : llvm::zip(s->params, s->paramLocs))
      frames.back().back().try_emplace(
          name, Binding{Binding::Kind::BlockArg, Val::error(), loc});
    std::optional<Val> savedReturn = std::move(returned);
    returned.reset();
    execute(s->body);
    returned = std::move(savedReturn);
    frames.pop_back();
    --callDepth;
    prefix = savedPrefix;
    scratch->dropAllDefinedValueUses();
    scratch->dropAllReferences();
    delete scratch;
  }
}

void Generator::declareArguments(const Module &module,
                                 SmallVectorImpl<Type> &types) {
  for (const StmtPtr &s : module.items) {
    if (s->kind != Stmt::Kind::Input && s->kind != Stmt::Kind::Target)
      continue;
    const TypeSpec &t = s->type;
    Type et = llvm::StringSwitch<Type>(t.elementType)
                  .Case("f32", b.getF32Type())
                  .Case("f64", b.getF64Type())
                  .Case("i32", b.getI32Type())
                  .Case("i64", b.getI64Type())
                  .Default(Type());
    bool ok = true;
    if (!et) {
      diags.error(t.elementTypeLoc, "unknown element type '" + t.elementType +
                                        "'; expected f32, f64, i32 or i64");
      ok = false;
    }
    SmallVector<int64_t> shape;
    for (auto [d, dim] : llvm::enumerate(t.dims)) {
      if (!dim.symbol.empty()) {
        shape.push_back(ShapedType::kDynamic);
        continue;
      }
      if (dim.size < 1) {
        diags.error(dim.loc, "dimension " + Twine(d) + " of '" + s->name +
                                 "' has size " + Twine(dim.size) +
                                 "; sizes must be at least 1");
        ok = false;
      }
      shape.push_back(dim.size);
    }
    int64_t elements = 1;
    for (int64_t d : shape)
      if (!ShapedType::isDynamic(d) && d > 0 &&
          __builtin_mul_overflow(elements, d, &elements)) {
        diags.error(t.loc, "the shape of '" + s->name +
                               "' has too many elements (more than 2^63)");
        ok = false;
        break;
      }
    // Symbolic dimensions name a dimension of the first valid declaration
    // that has them.
    for (auto [d, dim] : llvm::enumerate(t.dims)) {
      if (dim.symbol.empty())
        continue;
      SymbolDecl decl{ok ? std::optional<unsigned>(types.size())
                         : std::nullopt,
                      static_cast<unsigned>(d), dim.loc,
                      s->kind == Stmt::Kind::Input};
      auto [it, inserted] = symbols.try_emplace(dim.symbol, decl);
      if (!inserted && decl.arg &&
          (!it->second.arg || (decl.fromInput && !it->second.fromInput))) {
        SMLoc first = it->second.loc;
        it->second = decl;
        it->second.loc = first; // notes point at the first occurrence
      }
    }
    if (!ok)
      continue;
    if (!defaultFloat && isa<FloatType>(et))
      defaultFloat = et;
    argumentOf[s.get()] = types.size();
    types.push_back(RankedTensorType::get(shape, et));
  }
}

void Generator::execute(const StmtList &stmts) {
  for (const StmtPtr &s : stmts) {
    if (returned || diags.atLimit())
      return;
    execute(*s);
  }
}

void Generator::execute(const Stmt &s) {
  switch (s.kind) {
  case Stmt::Kind::Option:
    return executeOption(s);
  case Stmt::Kind::Input:
  case Stmt::Kind::Target:
  case Stmt::Kind::Block:
    return; // handled before execution
  case Stmt::Kind::Param:
    return executeParam(s);
  case Stmt::Kind::For:
    return executeFor(s);
  case Stmt::Kind::Let: {
    Val v = eval(*s.value);
    if (v.kind == Val::Kind::None) {
      diags.error(s.value->loc, "'" + s.name + "' is given no value: the "
                                               "block called here has no "
                                               "'return'");
      v = Val::error();
    }
    declare(s.name, Binding::Kind::Let, std::move(v), s.nameLoc);
    return;
  }
  case Stmt::Kind::Assign: {
    Val v = eval(*s.value);
    Binding *binding = lookup(s.name);
    if (!binding) {
      // Its later uses are not reported again (see eval).
      if (unknownNames.insert(s.name).second)
        diags.error(s.nameLoc, "'" + s.name + "' is not defined; use 'let " +
                                   s.name + " = ...' to define it");
      return;
    }
    if (binding->kind != Binding::Kind::Let &&
        binding->kind != Binding::Kind::BlockArg) {
      diags.error(s.nameLoc, "cannot assign to the " +
                                 Twine(bindingKindName(binding->kind)) +
                                 " '" + s.name + "'");
      diags.note(binding->loc, "'" + s.name + "' is defined here");
      return;
    }
    binding->value = std::move(v);
    return;
  }
  case Stmt::Kind::Loss:
    return addLoss(s, eval(*s.value));
  case Stmt::Kind::Return:
    if (callDepth == 0) {
      eval(*s.value); // misplaced: reported by checkPlacement
      return;
    }
    returned = eval(*s.value);
    return;
  case Stmt::Kind::Expr:
    eval(*s.value);
    return;
  }
}

void Generator::executeOption(const Stmt &s) {
  static const char *const known[] = {"mode", "steps", "eta", "granularity",
                                      "dtype"};
  if (!llvm::is_contained(known, StringRef(s.name))) {
    std::string suggestion;
    for (StringRef k : known)
      if (StringRef(s.name).edit_distance(k, true, 2) <= 2)
        suggestion = ("; did you mean '" + k + "'?").str();
    diags.error(s.nameLoc, "unknown option '" + s.name + "'" +
                               (suggestion.empty()
                                    ? "; expected mode, steps, eta, "
                                      "granularity or dtype"
                                    : suggestion));
    return;
  }
  auto [first, inserted] = optionLocs.try_emplace(s.name, s.nameLoc);
  if (!inserted) {
    diags.error(s.nameLoc, "option '" + s.name + "' is set twice");
    diags.note(first->second, "it is first set here");
    return;
  }
  Val v = eval(*s.value);
  if (v.isError())
    return;
  SMLoc at = startOf(*s.value);
  if (s.name == "mode") {
    if (v.kind != Val::Kind::String ||
        !llvm::is_contained(kModes, StringRef(v.s))) {
      diags.error(at, "option 'mode' must be one of \"backprop\", "
                      "\"strict\", \"fixed-prediction\", \"zero-divergence\", "
                      "\"incremental\", but it is " +
                          describe(v));
      return;
    }
    options[s.name] = b.getStringAttr(v.s);
  } else if (s.name == "steps") {
    auto n = asInt(v, at, "option 'steps'");
    if (!n)
      return;
    if (*n < 1) {
      diags.error(at, "option 'steps' must be at least 1, but it is " +
                          Twine(*n));
      return;
    }
    options[s.name] = b.getI64IntegerAttr(*n);
  } else if (s.name == "eta") {
    auto x = asNumber(v, at, "option 'eta'");
    if (!x)
      return;
    if (!(*x > 0) || !std::isfinite(*x)) {
      diags.error(at, "option 'eta' must be a finite number > 0, but it is " +
                          formatNumber(*x));
      return;
    }
    options[s.name] = b.getF64FloatAttr(*x);
  } else if (s.name == "granularity") {
    if (v.kind != Val::Kind::String || (v.s != "op" && v.s != "layer")) {
      diags.error(at, "option 'granularity' must be \"op\" or \"layer\", "
                      "but it is " +
                          describe(v));
      return;
    }
    options[s.name] = b.getStringAttr(v.s);
  } else if (s.name == "dtype") {
    // The element type of what sugar and constants create when no float
    // input or target gives one; not an attribute of the loss.
    Type t = v.kind == Val::Kind::String && v.s == "f32"   ? b.getF32Type()
             : v.kind == Val::Kind::String && v.s == "f64" ? b.getF64Type()
                                                           : Type();
    if (!t) {
      diags.error(at, "option 'dtype' must be \"f32\" or \"f64\", but it "
                      "is " +
                          describe(v));
      return;
    }
    if (defaultFloat && defaultFloat != t) {
      diags.error(at, "option 'dtype' is " + v.s +
                          ", but the model's float inputs and targets are " +
                          (defaultFloat.isF32() ? "f32" : "f64"));
      return;
    }
    defaultFloat = t;
  }
}

void Generator::executeParam(const Stmt &s) {
  const TypeSpec &t = s.type;
  auto key = std::make_pair(prefix, static_cast<const void *>(&s));
  auto cached = sugarCache.find(key);
  if (cached != sugarCache.end()) {
    // A parameter declared in a loop body: one tensor for all iterations.
    declare(s.name, Binding::Kind::Param, Val::ofTensor(cached->second[0]),
            s.nameLoc);
    return;
  }
  // A name defined already: one error (not a second one for the
  // parameter's name in the module).
  Scope &scope = frames.back().back();
  if (scope.count(s.name)) {
    declare(s.name, Binding::Kind::Param, Val::error(), s.nameLoc);
    return;
  }
  Type et = llvm::StringSwitch<Type>(t.elementType)
                .Case("f32", b.getF32Type())
                .Case("f64", b.getF64Type())
                .Default(Type());
  bool ok = true;
  if (!et) {
    diags.error(t.elementTypeLoc,
                "a parameter's element type must be f32 or f64, not '" +
                    t.elementType + "'");
    ok = false;
  }
  SmallVector<int64_t> shape;
  for (auto [i, d] : llvm::enumerate(t.dims)) {
    // A name in a parameter's shape is a compile-time integer (`let D = 32;`).
    int64_t size = d.size;
    bool known = true;
    if (!d.symbol.empty()) {
      Binding *binding = lookup(d.symbol);
      if (binding && binding->value.kind == Val::Kind::Int) {
        size = binding->value.i;
      } else {
        known = false;
        if (binding && binding->kind == Binding::Kind::Symbol)
          diags.error(d.loc, "parameter shapes are static: '" + d.symbol +
                                 "' is a symbolic dimension");
        else if (binding)
          diags.error(d.loc, "a dimension must be an integer, but '" +
                                 d.symbol + "' is " + describe(binding->value));
        else
          diags.error(d.loc, "unknown name '" + d.symbol +
                                 "' in the shape (a dimension is an integer "
                                 "or a name bound by 'let')");
        ok = false;
      }
    }
    if (known && size < 1) {
      diags.error(d.loc, "dimension " + Twine(i) + " of parameter '" +
                             s.name + "' has size " + Twine(size) +
                             "; sizes must be at least 1");
      ok = false;
    }
    shape.push_back(known ? size : 1);
  }
  int64_t elements = 1;
  for (int64_t d : shape)
    if (d > 0 && __builtin_mul_overflow(elements, d, &elements)) {
      diags.error(t.loc, "the shape of parameter '" + s.name +
                             "' has too many elements (more than 2^63)");
      ok = false;
      break;
    }
  SmallVector<double> args;
  bool argsOk = true;
  for (const ExprPtr &a : s.initArgs) {
    auto n = asNumber(eval(*a), startOf(*a), "an initialiser argument");
    if (!n)
      argsOk = false;
    else
      args.push_back(*n);
  }
  std::optional<int64_t> seed;
  if (s.seed) {
    seed = asInt(eval(*s.seed), startOf(*s.seed), "the seed");
    if (!seed)
      ok = false;
  }
  // With an argument in error, the initialiser's arity is not news.
  std::optional<InitSpec> init;
  if (argsOk)
    init = initSpec(s.init, s.initLoc, args);
  ok = ok && argsOk;
  Val v = Val::error();
  if (ok && init)
    v = makeParam(s.nameLoc, prefix + s.name, shape, et, *init, seed);
  if (v.isTensor())
    sugarCache[key] = {v.tensor};
  declare(s.name, Binding::Kind::Param, v, s.nameLoc);
}

void Generator::executeFor(const Stmt &s) {
  auto from = asInt(eval(*s.value), startOf(*s.value),
                    "the start of the range");
  auto to = asInt(eval(*s.to), startOf(*s.to), "the end of the range");
  if (!from || !to)
    return;
  constexpr uint64_t kMaxUnrolled = 100000;
  uint64_t unrolledBefore = unrolled;
  for (int64_t i = *from; i < *to; ++i) {
    if (++unrolled > kMaxUnrolled) {
      diags.error(s.loc, "loops unroll to more than " + Twine(kMaxUnrolled) +
                             " iterations in total (this one has " +
                             Twine(static_cast<uint64_t>(*to) -
                                   static_cast<uint64_t>(*from)) +
                             ")");
      // Later loops are not reported for this one's iterations.
      unrolled = unrolledBefore;
      return;
    }
    frames.back().emplace_back();
    declare(s.name, Binding::Kind::LoopVar, Val::ofInt(i), s.nameLoc);
    unsigned before = diags.numErrors();
    execute(s.body);
    frames.back().pop_back();
    // An error in the body would repeat in every iteration: report once.
    if (diags.numErrors() != before || returned)
      return;
  }
}

void Generator::addLoss(const Stmt &s, Val v) {
  if (callDepth != 0)
    return; // misplaced: reported by checkPlacement
  auto t = asTensor(v, startOf(*s.value), "the loss");
  if (!t)
    return;
  auto type = cast<RankedTensorType>(t->getType());
  if (type.getRank() != 0 || !isa<FloatType>(type.getElementType())) {
    diags.error(startOf(*s.value), "the loss must be a float scalar (shape []), "
                              "but it is " +
                                  typeString(type) +
                                  "; reduce it with mse, cross_entropy, "
                                  "mean or reduce_sum");
    return;
  }
  if (!totalLoss) {
    totalLoss = *t;
    firstLoss = s.loc;
    return;
  }
  Val sum = create<pcc::nn::AddOp>(s.loc, "loss", {totalLoss, *t});
  if (sum.isTensor())
    totalLoss = sum.tensor;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

Val Generator::eval(const Expr &e) {
  switch (e.kind) {
  case Expr::Kind::Int:
    return Val::ofInt(e.intValue);
  case Expr::Kind::Float:
    return Val::ofFloat(e.floatValue);
  case Expr::Kind::String:
    return Val::ofString(e.name);
  case Expr::Kind::Name: {
    if (Binding *binding = lookup(e.name))
      return binding->value;
    if (e.name == "true" || e.name == "false")
      return Val::ofInt(e.name == "true");
    if (findBuiltin(e.name) || blocks.count(e.name))
      return fail(e.loc, "'" + e.name + "' is a function; call it with "
                                         "arguments in parentheses");
    // One error per unknown name, not one per use.
    if (!unknownNames.insert(e.name).second)
      return Val::error();
    return fail(e.loc, "unknown name '" + e.name + "'");
  }
  case Expr::Kind::List: {
    Val list = Val::make(Val::Kind::List);
    for (const ExprPtr &item : e.operands) {
      Val v = eval(*item);
      if (v.isError())
        return v;
      list.list.push_back(std::move(v));
    }
    return list;
  }
  case Expr::Kind::Binary:
    return evalBinary(e);
  case Expr::Kind::Unary:
    return evalUnary(e);
  case Expr::Kind::Index:
    return evalIndex(e);
  case Expr::Kind::Call:
    return evalCall(e);
  }
  return Val::error();
}

Val Generator::evalBinary(const Expr &e) {
  Val lhs = eval(*e.operands[0]);
  Val rhs = eval(*e.operands[1]);
  if (lhs.isError() || rhs.isError())
    return Val::error();
  // Compile-time arithmetic.
  if (lhs.isNumber() && rhs.isNumber() && e.op != '@') {
    if (lhs.kind == Val::Kind::Int && rhs.kind == Val::Kind::Int &&
        e.op != '/') {
      int64_t r = 0;
      bool overflow = e.op == '+'   ? __builtin_add_overflow(lhs.i, rhs.i, &r)
                      : e.op == '-' ? __builtin_sub_overflow(lhs.i, rhs.i, &r)
                                    : __builtin_mul_overflow(lhs.i, rhs.i, &r);
      if (overflow)
        return fail(e.loc, "integer overflow: " + Twine(lhs.i) + " " +
                               Twine(e.op) + " " + Twine(rhs.i) +
                               " does not fit in 64 bits");
      return Val::ofInt(r);
    }
    double r = e.op == '+'   ? lhs.f + rhs.f
               : e.op == '-' ? lhs.f - rhs.f
               : e.op == '*' ? lhs.f * rhs.f
                             : lhs.f / rhs.f;
    std::string spelled = formatNumber(lhs.f) + " " + e.op + " " +
                          formatNumber(rhs.f);
    if (e.op == '/' && rhs.f == 0)
      return fail(e.loc, "division by zero: " + spelled);
    if (!std::isfinite(r))
      return fail(e.loc, "the result of " + spelled +
                             " is not a finite number");
    return Val::ofFloat(r);
  }
  if (lhs.kind == Val::Kind::List && rhs.kind == Val::Kind::List &&
      e.op == '+') {
    Val r = lhs;
    r.list.insert(r.list.end(), rhs.list.begin(), rhs.list.end());
    return r;
  }
  // Tensor arithmetic; a number operand becomes a scalar constant of the
  // other operand's element type.
  if (lhs.isTensor() && rhs.isNumber() && e.op != '@')
    rhs = Val::ofTensor(scalarConstant(
        rhs.f, getElementTypeOrSelf(lhs.tensor.getType()), e.operands[1]->loc));
  else if (rhs.isTensor() && lhs.isNumber() && e.op != '@')
    lhs = Val::ofTensor(scalarConstant(
        lhs.f, getElementTypeOrSelf(rhs.tensor.getType()), e.operands[0]->loc));
  if (!lhs.isTensor() || !rhs.isTensor())
    return fail(e.loc, "operator '" + std::string(1, e.op) + "' cannot combine " +
                           describe(lhs) + " and " + describe(rhs));
  for (const Val *v : {&lhs, &rhs})
    if (!isa<FloatType>(getElementTypeOrSelf(v->tensor.getType())))
      return fail(e.loc, "operator '" + std::string(1, e.op) +
                             "' needs float tensors, but an operand is " +
                             describe(*v));
  return binaryOp(e.loc, e.op, lhs.tensor, rhs.tensor);
}

Val Generator::evalUnary(const Expr &e) {
  Val v = eval(*e.operands[0]);
  if (v.isError())
    return v;
  if (v.kind == Val::Kind::Int) {
    if (v.i == INT64_MIN)
      return fail(e.loc, "integer overflow: -(" + Twine(v.i) +
                             ") does not fit in 64 bits");
    return Val::ofInt(-v.i);
  }
  if (v.kind == Val::Kind::Float)
    return Val::ofFloat(-v.f);
  if (v.isTensor())
    return create<pcc::nn::NegOp>(e.loc, "-", v.tensor);
  return fail(e.loc, "cannot negate " + describe(v));
}

Val Generator::evalIndex(const Expr &e) {
  Val base = eval(*e.operands[0]);
  if (base.isError())
    return base;
  if (base.kind == Val::Kind::List) {
    if (e.subscripts.size() != 1 || e.subscripts[0].isRange)
      return fail(e.loc, "a list takes one integer subscript");
    auto i = asInt(eval(*e.subscripts[0].index), e.subscripts[0].loc,
                   "a list index");
    if (!i)
      return Val::error();
    int64_t n = base.list.size();
    int64_t k = *i < 0 ? *i + n : *i;
    if (k < 0 || k >= n)
      return fail(e.subscripts[0].loc, "index " + Twine(*i) +
                                           " is out of range for a list of " +
                                           Twine(n));
    return base.list[k];
  }
  auto t = asTensor(base, e.operands[0]->loc, "the indexed value");
  if (!t)
    return Val::error();
  auto type = cast<RankedTensorType>(t->getType());
  int64_t rank = type.getRank();
  if (!isa<FloatType>(type.getElementType()))
    return fail(e.loc, "cannot slice " + typeString(type) +
                           ": slicing works on float tensors (slice the "
                           "values computed from integer data instead)");
  if (static_cast<int64_t>(e.subscripts.size()) > rank)
    return fail(e.subscripts[rank].loc,
                "too many subscripts: " + Twine(e.subscripts.size()) +
                    " for " + typeString(type) + ", which has " +
                    Twine(rank) + " dimension" + (rank == 1 ? "" : "s"));
  SmallVector<int64_t> offsets, sizes, strides, keptShape;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dim = type.getDimSize(d);
    const Subscript *sub =
        d < static_cast<int64_t>(e.subscripts.size()) ? &e.subscripts[d]
                                                       : nullptr;
    bool whole = !sub || (sub->isRange && !sub->start && !sub->stop &&
                          !sub->step);
    if (whole) {
      offsets.push_back(0);
      sizes.push_back(ShapedType::isDynamic(dim) ? -1 : dim);
      strides.push_back(1);
      keptShape.push_back(dim);
      continue;
    }
    if (ShapedType::isDynamic(dim))
      return fail(sub->loc, "dimension " + Twine(d) + " of " +
                                typeString(type) +
                                " is dynamic: it can only be taken whole "
                                "(':')");
    auto evalPart = [&](const ExprPtr &p, int64_t dflt,
                        const char *what) -> std::optional<int64_t> {
      if (!p)
        return dflt;
      return asInt(eval(*p), startOf(*p), what);
    };
    if (!sub->isRange) {
      auto i = evalPart(sub->index, 0, "an index");
      if (!i)
        return Val::error();
      int64_t k = *i < 0 ? *i + dim : *i;
      if (k < 0 || k >= dim)
        return fail(sub->loc, "index " + Twine(*i) +
                                  " is out of range for dimension " +
                                  Twine(d) + " of " + typeString(type));
      offsets.push_back(k);
      sizes.push_back(1);
      strides.push_back(1);
      continue; // an index drops the dimension
    }
    auto step = evalPart(sub->step, 1, "a slice step");
    auto start = evalPart(sub->start, 0, "a slice start");
    auto stop = evalPart(sub->stop, dim, "a slice end");
    if (!step || !start || !stop)
      return Val::error();
    if (*step < 1)
      return fail(startOf(*sub->step),
                  "slice step must be at least 1, but it is " +
                                      Twine(*step));
    int64_t lo = *start < 0 ? *start + dim : *start;
    int64_t hi = *stop < 0 ? *stop + dim : *stop;
    if (lo < 0 || lo > dim || hi < 0 || hi > dim)
      return fail(sub->loc, "slice " + Twine(*start) + ":" + Twine(*stop) +
                                " is out of range for dimension " + Twine(d) +
                                " of " + typeString(type));
    if (hi <= lo)
      return fail(sub->loc, "slice " + Twine(*start) + ":" + Twine(*stop) +
                                " of dimension " + Twine(d) + " of " +
                                typeString(type) + " is empty");
    int64_t size = (hi - lo + *step - 1) / *step;
    offsets.push_back(lo);
    sizes.push_back(size);
    strides.push_back(*step);
    keptShape.push_back(size);
  }
  Val sliced = create<pcc::nn::SliceOp>(
      e.loc, "slice", *t,
      {b.getNamedAttr("offsets", b.getDenseI64ArrayAttr(offsets)),
       b.getNamedAttr("sizes", b.getDenseI64ArrayAttr(sizes)),
       b.getNamedAttr("strides", b.getDenseI64ArrayAttr(strides))});
  if (!sliced.isTensor())
    return sliced;
  return reshape(e.loc, sliced.tensor, keptShape);
}

Val Generator::evalCall(const Expr &e) {
  auto block = blocks.find(e.name);
  if (block != blocks.end())
    return callBlock(e, *block->second);
  if (const Builtin *fn = findBuiltin(e.name))
    return callBuiltin(e, *fn);
  if (Binding *binding = lookup(e.name)) {
    diags.error(e.loc, "'" + e.name + "' is not a function: it is " +
                           bindingKindWithArticle(binding->kind));
    if (binding->loc.isValid())
      diags.note(binding->loc, "'" + e.name + "' is defined here");
    return Val::error();
  }
  if (!unknownNames.insert(e.name + "()").second)
    return Val::error(); // reported at its first call
  // Suggest the closest known function.
  std::string best;
  unsigned bestDistance = 3;
  auto consider = [&](StringRef candidate) {
    unsigned d = StringRef(e.name).edit_distance(candidate, true, 3);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate.str();
    }
  };
  for (const Builtin &fn : builtins())
    consider(fn.name);
  for (const auto &entry : blocks)
    consider(entry.getKey());
  if (!best.empty())
    return fail(e.loc, "unknown function '" + e.name + "'; did you mean '" +
                           best + "'?");
  return fail(e.loc, "unknown function '" + e.name + "'");
}

bool Generator::bindArgs(const Expr &call, StringRef callee,
                         ArrayRef<std::string> params, size_t required,
                         ArrayRef<Val> values, BoundArgs &out, SMLoc defLoc) {
  bool ok = true;
  size_t positional = 0;
  bool sawKeyword = false;
  for (auto [i, kw] : llvm::enumerate(call.keywords)) {
    SMLoc argLoc = startOf(*call.operands[i]);
    if (kw.empty()) {
      if (sawKeyword) {
        diags.error(argLoc, "a positional argument cannot follow a keyword "
                            "argument in the call of '" +
                                callee + "'");
        return false;
      }
      if (positional >= params.size()) {
        diags.error(argLoc, "'" + callee + "' takes " +
                                (required < params.size() ? "at most " : "") +
                                Twine(params.size()) + " argument" +
                                (params.size() == 1 ? "" : "s") + ", but " +
                                Twine(call.operands.size()) + " were given");
        if (defLoc.isValid())
          diags.note(defLoc, "'" + callee + "' is defined here");
        return false;
      }
      out.values[params[positional++]] = {values[i], argLoc};
      continue;
    }
    sawKeyword = true;
    if (!llvm::is_contained(params, kw)) {
      std::string accepted;
      for (const std::string &p : params)
        accepted += (accepted.empty() ? "" : ", ") + p;
      diags.error(call.keywordLocs[i], "'" + callee +
                                           "' has no parameter named '" + kw +
                                           "' (its parameters: " + accepted +
                                           ")");
      ok = false;
      continue;
    }
    if (out.has(kw)) {
      diags.error(call.keywordLocs[i], "argument '" + kw + "' of '" + callee +
                                           "' is given twice");
      ok = false;
      continue;
    }
    out.values[kw] = {values[i], argLoc};
  }
  for (size_t p = 0; p < required && ok; ++p)
    if (!out.has(params[p])) {
      diags.error(call.loc, "'" + callee + "' needs " + Twine(required) +
                                " argument" + (required == 1 ? "" : "s") +
                                ", but " + Twine(call.operands.size()) +
                                (call.operands.size() == 1 ? " was" : " were") +
                                " given (missing '" + params[p] + "')");
      if (defLoc.isValid())
        diags.note(defLoc, "'" + callee + "' is defined here");
      ok = false;
    }
  return ok;
}

Val Generator::callBlock(const Expr &e, const Stmt &block) {
  SmallVector<Val> values;
  for (const ExprPtr &arg : e.operands)
    values.push_back(eval(*arg));
  if (llvm::any_of(values, [](const Val &v) { return v.isError(); }))
    return Val::error();
  BoundArgs args;
  if (!bindArgs(e, block.name, block.params, block.params.size(), values,
                args, block.nameLoc))
    return Val::error();
  if (callDepth >= 32)
    return fail(e.loc, "blocks nested more than 32 calls deep (is '" +
                           block.name + "' recursive?)");
  // The instance: its own parameter prefix, stable across loop iterations.
  auto key = std::make_pair(prefix, static_cast<const void *>(&e));
  auto found = instanceCache.find(key);
  std::string instance;
  if (found != instanceCache.end()) {
    instance = found->second;
  } else {
    unsigned n = ++counters[prefix + block.name + "()"];
    instance = prefix + block.name + std::to_string(n) + ".";
    instanceCache[key] = instance;
  }
  std::string savedPrefix = prefix;
  prefix = instance;
  ++callDepth;
  frames.emplace_back();
  frames.back().emplace_back();
  for (auto [name, loc] : llvm::zip(block.params, block.paramLocs))
    declare(name, Binding::Kind::BlockArg, args.get(name), loc);
  std::optional<Val> savedReturn = std::move(returned);
  returned.reset();
  unsigned before = diags.numErrors();
  calledBlocks.insert(&block);
  execute(block.body);
  Val result = returned ? std::move(*returned) : Val::none();
  returned = std::move(savedReturn);
  frames.pop_back();
  --callDepth;
  prefix = savedPrefix;
  if (diags.numErrors() != before) {
    // The calls that led to the last error, innermost first: a few, then
    // the outermost (a recursion would give one note per level).
    constexpr unsigned kShownCalls = 3;
    if (backtraceError != diags.numErrors()) {
      backtraceError = diags.numErrors();
      backtraceCalls = 0;
    }
    ++backtraceCalls;
    if (backtraceCalls <= kShownCalls)
      diags.note(e.loc, "in the call of block '" + block.name + "' here");
    else if (callDepth == 0)
      diags.note(e.loc,
                 "in the call of block '" + block.name + "' here" +
                     (backtraceCalls == kShownCalls + 1
                          ? std::string()
                          : " (" +
                                std::to_string(backtraceCalls - kShownCalls -
                                               1) +
                                " nested calls not shown)"));
    return Val::error();
  }
  return result;
}

Val Generator::callBuiltin(const Expr &e, const Builtin &fn) {
  SmallVector<Val> values;
  for (auto [i, arg] : llvm::enumerate(e.operands)) {
    // `init=` names an initialiser; it is read from the syntax.
    if (e.keywords[i] == "init") {
      values.push_back(Val::none());
      continue;
    }
    // `name=` must be a string.
    values.push_back(eval(*arg));
  }
  if (llvm::any_of(values, [](const Val &v) { return v.isError(); }))
    return Val::error();
  std::vector<std::string> params;
  size_t required = 0;
  for (const char *p : fn.params) {
    StringRef name(p);
    if (name.ends_with("?")) {
      params.push_back(name.drop_back().str());
    } else {
      params.push_back(name.str());
      ++required;
    }
  }
  BoundArgs args;
  if (!bindArgs(e, fn.name, params, required, values, args, SMLoc()))
    return Val::error();
  if (args.has("name") && args.get("name").kind != Val::Kind::String)
    return fail(args.loc("name"), "'name' must be a string");
  return applyBuiltin(e, fn.name, args);
}

Val Generator::applyBuiltin(const Expr &e, StringRef fn, const BoundArgs &a) {
  using namespace pcc::nn;
  SMLoc at = e.loc;
  auto tensorArg = [&](StringRef name) -> std::optional<Value> {
    return asTensor(a.get(name), a.loc(name),
                    "argument '" + name + "' of '" + fn + "'");
  };
  auto floatTensorArg = [&](StringRef name) -> std::optional<Value> {
    auto t = tensorArg(name);
    if (t && !isa<FloatType>(getElementTypeOrSelf(t->getType()))) {
      diags.error(a.loc(name), "argument '" + name + "' of '" + fn +
                                   "' must be a float tensor, but it is " +
                                   typeString(t->getType()));
      return std::nullopt;
    }
    return t;
  };
  auto intTensorArg = [&](StringRef name,
                          StringRef what) -> std::optional<Value> {
    auto t = tensorArg(name);
    if (t && !getElementTypeOrSelf(t->getType()).isInteger()) {
      diags.error(a.loc(name), "argument '" + name + "' of '" + fn +
                                   "' must be an integer tensor (" + what +
                                   "), but it is " + typeString(t->getType()));
      return std::nullopt;
    }
    return t;
  };
  auto intArg = [&](StringRef name, int64_t dflt) -> std::optional<int64_t> {
    if (!a.has(name))
      return dflt;
    return asInt(a.get(name), a.loc(name),
                 "argument '" + name + "' of '" + fn + "'");
  };
  auto boolArg = [&](StringRef name, bool dflt) -> std::optional<bool> {
    if (!a.has(name))
      return dflt;
    return asBool(a.get(name), a.loc(name),
                  "argument '" + name + "' of '" + fn + "'");
  };
  auto pairArg = [&](StringRef name, int64_t dflt)
      -> std::optional<SmallVector<int64_t>> {
    if (!a.has(name))
      return SmallVector<int64_t>{dflt, dflt};
    return asPair(a.get(name), a.loc(name),
                  "argument '" + name + "' of '" + fn + "'");
  };
  auto tensorsOf = [&](StringRef name) -> std::optional<SmallVector<Value>> {
    const Val &v = a.get(name);
    SmallVector<Value> out;
    if (v.isTensor()) {
      out.push_back(v.tensor);
      return out;
    }
    if (v.kind != Val::Kind::List || v.list.empty()) {
      diags.error(a.loc(name), "argument '" + name + "' of '" + fn +
                                   "' must be a non-empty list of tensors");
      return std::nullopt;
    }
    for (const Val &item : v.list) {
      auto t = asTensor(item, a.loc(name), "every element of '" + name + "'");
      if (!t)
        return std::nullopt;
      out.push_back(*t);
    }
    return out;
  };

  if (isUnaryBuiltin(fn)) {
    // On a number, a compile-time function: `1 / sqrt(64)`.
    if (a.get("x").isNumber()) {
      double v = a.get("x").f;
      double r = fn == "relu"      ? std::max(v, 0.0)
                 : fn == "tanh"    ? std::tanh(v)
                 : fn == "sigmoid" ? 1 / (1 + std::exp(-v))
                 : fn == "gelu"    ? 0.5 * v * (1 + std::erf(v / std::sqrt(2.0)))
                 : fn == "exp"     ? std::exp(v)
                 : fn == "log"     ? std::log(v)
                 : fn == "neg"     ? -v
                 : fn == "sqrt"    ? std::sqrt(v)
                 : fn == "sin"     ? std::sin(v)
                 : fn == "cos"     ? std::cos(v)
                                   : std::tan(v);
      if (!std::isfinite(r))
        return fail(at, "'" + fn + "' of " + describe(a.get("x")) +
                            " is not a finite number");
      return Val::ofFloat(r);
    }
    auto x = floatTensorArg("x");
    return x ? unaryOp(at, fn, *x) : Val::error();
  }
  if (fn == "add" || fn == "sub" || fn == "mul" || fn == "div" ||
      fn == "matmul") {
    auto x = floatTensorArg("a"), y = floatTensorArg("b");
    if (!x || !y)
      return Val::error();
    char op = fn == "add"   ? '+'
              : fn == "sub" ? '-'
              : fn == "mul" ? '*'
              : fn == "div" ? '/'
                            : '@';
    if (op == '@')
      return create<MatmulOp>(at, fn, {*x, *y});
    return binaryOp(at, op, *x, *y, fn);
  }
  if (fn == "softmax") {
    auto x = floatTensorArg("x");
    auto axis = intArg("axis", -1);
    if (!x || !axis)
      return Val::error();
    return create<SoftmaxOp>(at, fn, *x,
                             {b.getNamedAttr("axis", b.getI64IntegerAttr(*axis))});
  }
  if (fn == "dense") {
    auto x = floatTensorArg("x");
    if (!x)
      return Val::error();
    auto xt = cast<RankedTensorType>(x->getType());
    const Val &units = a.get("units");
    if (units.isTensor()) {
      // dense(x, w[, b]): explicit parameters.
      SmallVector<Value> operands{*x, units.tensor};
      if (a.has("b")) {
        auto bias = floatTensorArg("b");
        if (!bias)
          return Val::error();
        operands.push_back(*bias);
      }
      for (StringRef k : {"bias", "init", "name"})
        if (a.has(k))
          return fail(a.loc(k), "'" + k + "' only applies when 'dense' "
                                          "creates its parameters "
                                          "(dense(x, units))");
      return create<DenseOp>(at, fn, operands);
    }
    auto n = asInt(units, a.loc("units"),
                   "argument 'units' of 'dense' (a number of units or a "
                   "weight tensor)");
    auto withBias = boolArg("bias", true);
    if (!n || !withBias)
      return Val::error();
    if (a.has("b"))
      return fail(a.loc("b"), "a bias tensor needs a weight tensor: "
                              "dense(x, w, b)");
    if (*n < 1)
      return fail(a.loc("units"), "'dense' needs at least 1 unit, but got " +
                                      Twine(*n));
    if (xt.getRank() < 1 || ShapedType::isDynamic(xt.getShape().back()))
      return fail(a.loc("x"), "'dense' needs an input whose last dimension "
                              "is static, but it is " +
                                  typeString(xt));
    auto init = initArgument(e, "glorot_uniform");
    if (!init)
      return Val::error();
    auto params = sugarParams(e, a, "dense", [&](const std::string &name,
                                                std::vector<Value> &out) {
      return weightAndBias(e, at, name, {xt.getShape().back(), *n},
                           xt.getElementType(), *init, *withBias, out);
    });
    if (!params)
      return Val::error();
    SmallVector<Value> operands{*x};
    operands.append(params->begin(), params->end());
    return create<DenseOp>(at, fn, operands);
  }
  if (fn == "conv2d") {
    auto x = floatTensorArg("x");
    auto stride = pairArg("stride", 1);
    auto padding = pairArg("padding", 0);
    auto dilation = pairArg("dilation", 1);
    if (!x || !stride || !padding || !dilation)
      return Val::error();
    auto xt = cast<RankedTensorType>(x->getType());
    SmallVector<NamedAttribute> attrs{
        b.getNamedAttr("stride", b.getDenseI64ArrayAttr(*stride)),
        b.getNamedAttr("padding", b.getDenseI64ArrayAttr(*padding)),
        b.getNamedAttr("dilation", b.getDenseI64ArrayAttr(*dilation))};
    const Val &filters = a.get("filters");
    if (filters.isTensor()) {
      SmallVector<Value> operands{*x, filters.tensor};
      if (a.has("b")) {
        auto bias = floatTensorArg("b");
        if (!bias)
          return Val::error();
        operands.push_back(*bias);
      }
      for (StringRef k : {"kernel", "bias", "init", "name"})
        if (a.has(k))
          return fail(a.loc(k), "'" + k + "' only applies when 'conv2d' "
                                          "creates its parameters "
                                          "(conv2d(x, filters, kernel=...))");
      return create<Conv2DOp>(at, fn, operands, attrs);
    }
    auto f = asInt(filters, a.loc("filters"),
                   "argument 'filters' of 'conv2d' (a number of filters or a "
                   "filter tensor)");
    auto withBias = boolArg("bias", true);
    if (!f || !withBias)
      return Val::error();
    if (!a.has("kernel"))
      return fail(at, "'conv2d' creating its parameters needs 'kernel=' "
                      "(e.g. conv2d(x, 16, kernel=5))");
    auto kernel = pairArg("kernel", 1);
    if (!kernel)
      return Val::error();
    if (*f < 1 || (*kernel)[0] < 1 || (*kernel)[1] < 1)
      return fail(at, "'conv2d' needs at least 1 filter and a kernel of at "
                      "least 1x1");
    if (xt.getRank() != 4 || ShapedType::isDynamic(xt.getDimSize(1)))
      return fail(a.loc("x"), "'conv2d' needs an NCHW input [N, C, H, W] "
                              "with a static channel count, but it is " +
                                  typeString(xt));
    auto init = initArgument(e, "he_uniform");
    if (!init)
      return Val::error();
    auto params = sugarParams(e, a, "conv", [&](const std::string &name,
                                               std::vector<Value> &out) {
      return weightAndBias(e, at, name,
                           {*f, xt.getDimSize(1), (*kernel)[0], (*kernel)[1]},
                           xt.getElementType(), *init, *withBias, out);
    });
    if (!params)
      return Val::error();
    SmallVector<Value> operands{*x};
    operands.append(params->begin(), params->end());
    return create<Conv2DOp>(at, fn, operands, attrs);
  }
  if (fn == "max_pool2d" || fn == "avg_pool2d") {
    auto x = floatTensorArg("x");
    auto kernel = asPair(a.get("kernel"), a.loc("kernel"),
                         "argument 'kernel' of '" + fn + "'");
    auto padding = pairArg("padding", 0);
    if (!x || !kernel || !padding)
      return Val::error();
    SmallVector<NamedAttribute> attrs{
        b.getNamedAttr("kernel", b.getDenseI64ArrayAttr(*kernel)),
        b.getNamedAttr("padding", b.getDenseI64ArrayAttr(*padding))};
    if (a.has("stride")) {
      auto stride = pairArg("stride", 1);
      if (!stride)
        return Val::error();
      attrs.push_back(b.getNamedAttr("stride", b.getDenseI64ArrayAttr(*stride)));
    }
    if (fn == "max_pool2d")
      return create<MaxPool2DOp>(at, fn, *x, attrs);
    return create<AvgPool2DOp>(at, fn, *x, attrs);
  }
  if (fn == "layer_norm") {
    auto x = floatTensorArg("x");
    double eps = 1e-5;
    if (a.has("eps")) {
      auto v = asNumber(a.get("eps"), a.loc("eps"), "argument 'eps'");
      if (!v)
        return Val::error();
      if (!(*v > 0))
        return fail(a.loc("eps"), "'eps' must be > 0");
      eps = *v;
    }
    if (!x)
      return Val::error();
    auto attrs = {b.getNamedAttr("epsilon", b.getF64FloatAttr(eps))};
    if (a.has("gamma") != a.has("beta"))
      return fail(at, "'layer_norm' takes both gamma and beta, or neither "
                      "(then it creates them)");
    if (a.has("gamma")) {
      if (a.has("name"))
        return fail(a.loc("name"), "'name' only applies when 'layer_norm' "
                                   "creates its parameters");
      auto g = floatTensorArg("gamma"), be = floatTensorArg("beta");
      if (!g || !be)
        return Val::error();
      return create<LayerNormOp>(at, fn, {*x, *g, *be}, attrs);
    }
    auto xt = cast<RankedTensorType>(x->getType());
    if (xt.getRank() < 1 || ShapedType::isDynamic(xt.getShape().back()))
      return fail(a.loc("x"), "'layer_norm' needs an input whose last "
                              "dimension is static, but it is " +
                                  typeString(xt));
    int64_t d = xt.getShape().back();
    auto params = sugarParams(e, a, "layer_norm", [&](const std::string &name,
                                                  std::vector<Value> &out) {
      Val g = makeParam(at, name + ".gamma", {d}, xt.getElementType(),
                        {InitKind::constant, {1.0}}, std::nullopt,
                        sugarNameLoc(e));
      if (!g.isTensor())
        return false;
      Val be = makeParam(at, name + ".beta", {d}, xt.getElementType(),
                         {InitKind::zeros, {}}, std::nullopt,
                         sugarNameLoc(e));
      if (!be.isTensor())
        return false;
      out = {g.tensor, be.tensor};
      return true;
    });
    if (!params)
      return Val::error();
    return create<LayerNormOp>(at, fn, {*x, (*params)[0], (*params)[1]},
                               attrs);
  }
  if (fn == "embedding") {
    auto ids = intTensorArg("ids", "token ids");
    if (!ids)
      return Val::error();
    const Val &vocab = a.get("vocab");
    if (vocab.isTensor()) {
      if (a.has("dim") || a.has("init") || a.has("name"))
        return fail(at, "'dim', 'init' and 'name' only apply when "
                        "'embedding' creates its table "
                        "(embedding(ids, vocab, dim))");
      return create<EmbeddingOp>(at, fn, {*ids, vocab.tensor});
    }
    auto v = asInt(vocab, a.loc("vocab"),
                   "argument 'vocab' of 'embedding' (a vocabulary size or a "
                   "table)");
    if (!v)
      return Val::error();
    if (!a.has("dim"))
      return fail(at, "'embedding' creating its table needs 'dim' "
                      "(embedding(ids, vocab, dim))");
    auto dim = asInt(a.get("dim"), a.loc("dim"), "argument 'dim'");
    if (!dim)
      return Val::error();
    if (*v < 1 || *dim < 1)
      return fail(at, "'embedding' needs vocab >= 1 and dim >= 1, but got "
                      "vocab " +
                          Twine(*v) + " and dim " + Twine(*dim));
    auto init = initArgument(e, "normal", /*normalDefault=*/true);
    if (!init)
      return Val::error();
    Type et = defaultFloat ? defaultFloat : b.getF32Type();
    auto params = sugarParams(e, a, "embedding", [&](const std::string &name,
                                                 std::vector<Value> &out) {
      Val t = makeParam(at, name + ".table", {*v, *dim}, et, *init,
                        std::nullopt, sugarNameLoc(e));
      if (!t.isTensor())
        return false;
      out.push_back(t.tensor);
      return true;
    });
    if (!params)
      return Val::error();
    return create<EmbeddingOp>(at, fn, {*ids, (*params)[0]});
  }
  if (fn == "reshape") {
    auto x = floatTensorArg("x");
    if (!x)
      return Val::error();
    const Val &shapeVal = a.get("shape");
    if (shapeVal.kind != Val::Kind::List)
      return fail(a.loc("shape"), "the shape of 'reshape' must be a list "
                                  "such as [B, 784] or [-1, 784]");
    auto xt = cast<RankedTensorType>(x->getType());
    // The shape as written, for messages: [B, -1, 28].
    std::string requested = "[";
    for (auto [i, d] : llvm::enumerate(shapeVal.list))
      requested += (i ? ", " : "") +
                   (d.kind == Val::Kind::Symbol ? d.s
                    : d.kind == Val::Kind::Int  ? std::to_string(d.i)
                                                : std::string("?"));
    requested += "]";
    SmallVector<int64_t> shape;
    int inferred = -1;
    for (auto [i, d] : llvm::enumerate(shapeVal.list)) {
      if (d.kind == Val::Kind::Symbol) {
        shape.push_back(ShapedType::kDynamic);
        continue;
      }
      auto n = asInt(d, a.loc("shape"), "a dimension of the shape");
      if (!n)
        return Val::error();
      if (*n == -1) {
        if (inferred >= 0)
          return fail(a.loc("shape"), "at most one dimension of a reshape "
                                      "can be -1");
        inferred = i;
        shape.push_back(ShapedType::kDynamic);
        continue;
      }
      if (*n < 1)
        return fail(a.loc("shape"), "the sizes of a reshape must be at "
                                    "least 1 (or -1 for the one to infer), "
                                    "but the shape " +
                                        requested + " has " + Twine(*n));
      shape.push_back(*n);
    }
    int64_t known = 1;
    for (int64_t d : shape)
      if (!ShapedType::isDynamic(d) && __builtin_mul_overflow(known, d, &known))
        return fail(a.loc("shape"), "the shape " + requested +
                                        " has too many elements");
    // -1 is computed when the input is static; it stays dynamic otherwise.
    if (inferred >= 0 && xt.hasStaticShape()) {
      if (xt.getNumElements() % known != 0)
        return fail(a.loc("shape"),
                    "cannot reshape " + typeString(xt) + " (" +
                        Twine(xt.getNumElements()) + " elements) to " +
                        requested + ": " + Twine(xt.getNumElements()) +
                        " is not a multiple of " + Twine(known));
      shape[inferred] = xt.getNumElements() / known;
    }
    int64_t inDynamic = llvm::count_if(xt.getShape(), ShapedType::isDynamic);
    int64_t outDynamic = llvm::count_if(shape, ShapedType::isDynamic);
    if (inDynamic > 1)
      return fail(a.loc("x"), "cannot reshape " + typeString(xt) +
                                  ": a reshape allows at most one dynamic "
                                  "dimension");
    if (inDynamic != outDynamic)
      return fail(a.loc("shape"),
                  "cannot reshape " + typeString(xt) + " to " + requested +
                      (inDynamic ? ": the input has a dynamic dimension, so "
                                   "the shape needs exactly one unknown size "
                                   "(a symbol such as B, or -1)"
                                 : ": the input's shape is static, so the "
                                   "shape cannot have a symbolic size"));
    if (inferred < 0 || inDynamic) {
      int64_t staticIn = 1;
      for (int64_t d : xt.getShape())
        if (!ShapedType::isDynamic(d))
          staticIn *= d;
      if (staticIn != known) {
        const char *unknown = inDynamic ? "? x " : "";
        return fail(a.loc("shape"),
                    "cannot reshape " + typeString(xt) + " (" + unknown +
                        Twine(staticIn) + " elements) to " + requested + " (" +
                        unknown + Twine(known) + " elements)");
      }
    }
    return reshape(at, *x, shape);
  }
  if (fn == "flatten") {
    auto x = floatTensorArg("x");
    auto axis = intArg("axis", 1);
    if (!x || !axis)
      return Val::error();
    return create<FlattenOp>(at, fn, *x,
                             {b.getNamedAttr("axis", b.getI64IntegerAttr(*axis))});
  }
  if (fn == "transpose") {
    auto x = floatTensorArg("x");
    if (!x)
      return Val::error();
    int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
    SmallVector<int64_t> perm;
    if (a.has("perm")) {
      auto p = asIntList(a.get("perm"), a.loc("perm"), "argument 'perm'");
      if (!p)
        return Val::error();
      perm = *p;
    } else {
      if (rank < 2)
        return fail(at, "'transpose' without 'perm' swaps the last two "
                        "dimensions and needs rank >= 2, but the input is " +
                            typeString(x->getType()));
      for (int64_t i = 0; i < rank; ++i)
        perm.push_back(i);
      std::swap(perm[rank - 1], perm[rank - 2]);
    }
    return create<TransposeOp>(
        at, fn, *x,
        {b.getNamedAttr("permutation", b.getDenseI64ArrayAttr(perm))});
  }
  if (fn == "concat" || fn == "stack") {
    auto xs = tensorsOf("xs");
    auto axis = intArg("axis", fn == "concat" ? -1 : 0);
    if (!xs || !axis)
      return Val::error();
    SmallVector<Value> inputs = *xs;
    int64_t ax = *axis;
    if (fn == "stack") {
      // A new axis of size 1 on every input, then a concatenation.
      auto first = cast<RankedTensorType>(inputs[0].getType());
      int64_t rank = first.getRank() + 1;
      if (ax < -rank || ax >= rank)
        return fail(a.has("axis") ? a.loc("axis") : at,
                    "axis " + Twine(ax) + " is out of range for stacking " +
                        typeString(first));
      if (ax < 0)
        ax += rank;
      for (Value &v : inputs) {
        auto t = cast<RankedTensorType>(v.getType());
        if (t != first)
          return fail(a.loc("xs"), "'stack' needs tensors of one type, but "
                                   "got " +
                                       typeString(first) + " and " +
                                       typeString(t));
        SmallVector<int64_t> shape(t.getShape());
        shape.insert(shape.begin() + ax, 1);
        Val r = reshape(at, v, shape);
        if (!r.isTensor())
          return r;
        v = r.tensor;
      }
    }
    return create<ConcatOp>(at, fn, inputs,
                            {b.getNamedAttr("axis", b.getI64IntegerAttr(ax))});
  }
  if (fn == "reduce_sum" || fn == "mean") {
    auto x = floatTensorArg("x");
    auto keep = boolArg("keep_dims", false);
    if (!x || !keep)
      return Val::error();
    auto xt = cast<RankedTensorType>(x->getType());
    SmallVector<int64_t> axes;
    if (a.has("axes")) {
      auto l = asIntList(a.get("axes"), a.loc("axes"), "argument 'axes'");
      if (!l)
        return Val::error();
      axes = *l;
    } else {
      for (int64_t i = 0; i < xt.getRank(); ++i)
        axes.push_back(i);
    }
    Val sum = create<ReduceSumOp>(
        at, fn, *x,
        {b.getNamedAttr("axes", b.getDenseI64ArrayAttr(axes)),
         b.getNamedAttr("keep_dims", b.getBoolAttr(*keep))});
    if (fn == "reduce_sum" || !sum.isTensor())
      return sum;
    int64_t count = 1;
    for (int64_t ax : axes) {
      int64_t d = xt.getDimSize(ax < 0 ? ax + xt.getRank() : ax);
      if (ShapedType::isDynamic(d))
        return fail(at, "'mean' over a dynamic dimension of " +
                            typeString(xt) +
                            " is not supported; losses already average over "
                            "the batch");
      count *= d;
    }
    Value scale = scalarConstant(1.0 / static_cast<double>(count),
                                 xt.getElementType(), at);
    return create<MulOp>(at, fn, {sum.tensor, scale});
  }
  if (fn == "mse") {
    auto p = floatTensorArg("prediction"), t = floatTensorArg("target");
    if (!p || !t)
      return Val::error();
    return create<MseOp>(at, fn, {*p, *t});
  }
  if (fn == "cross_entropy") {
    auto l = floatTensorArg("logits"), t = intTensorArg("labels", "class "
                                                                  "indices");
    if (!l || !t)
      return Val::error();
    auto lt = cast<RankedTensorType>(l->getType());
    auto tt = cast<RankedTensorType>(t->getType());
    if (lt.getRank() < 1)
      return fail(a.loc("logits"), "'cross_entropy' needs logits with a "
                                   "class dimension, but they are " +
                                       typeString(lt));
    ArrayRef<int64_t> want = lt.getShape().drop_back();
    bool match = tt.getRank() == static_cast<int64_t>(want.size());
    for (size_t d = 0; match && d < want.size(); ++d)
      match = ShapedType::isDynamic(want[d]) ||
              ShapedType::isDynamic(tt.getDimSize(d)) ||
              want[d] == tt.getDimSize(d);
    if (!match)
      return fail(a.loc("labels"),
                  "'cross_entropy' needs labels of shape " + shapeString(want) +
                      " for logits " + typeString(lt) +
                      " (the logits' shape without the class dimension), "
                      "but the labels are " +
                      typeString(tt));
    return create<CrossEntropyOp>(at, fn, {*l, *t});
  }
  if (fn == "zeros")
    return zeros(at, a);
  if (fn == "causal_mask") {
    auto n = asInt(a.get("n"), a.loc("n"), "argument 'n' of 'causal_mask'");
    if (!n)
      return Val::error();
    if (*n < 1 || *n > 4096)
      return fail(a.loc("n"), "'causal_mask' needs 1 <= n <= 4096, but got " +
                                  Twine(*n));
    auto et = floatTypeArg(a);
    if (!et)
      return Val::error();
    auto type = RankedTensorType::get({*n, *n}, *et);
    SmallVector<Attribute> values;
    for (int64_t i = 0; i < *n; ++i)
      for (int64_t j = 0; j < *n; ++j)
        values.push_back(FloatAttr::get(*et, j <= i ? 0.0 : -1e9));
    return Val::ofTensor(arith::ConstantOp::create(
        b, locOf(at), type, DenseElementsAttr::get(type, values)));
  }
  if (fn == "len") {
    const Val &v = a.get("list");
    if (v.kind != Val::Kind::List)
      return fail(a.loc("list"), "'len' takes a list, but got " + describe(v));
    return Val::ofInt(v.list.size());
  }
  return fail(at, "internal error: built-in '" + fn + "' has no rule");
}

std::optional<Type> Generator::floatTypeArg(const BoundArgs &a) {
  Type et = defaultFloat ? defaultFloat : b.getF32Type();
  if (!a.has("dtype"))
    return et;
  const Val &d = a.get("dtype");
  if (d.kind == Val::Kind::String && d.s == "f32")
    return b.getF32Type();
  if (d.kind == Val::Kind::String && d.s == "f64")
    return b.getF64Type();
  diags.error(a.loc("dtype"), "'dtype' must be \"f32\" or \"f64\"");
  return std::nullopt;
}

Val Generator::zeros(SMLoc at, const BoundArgs &a) {
  auto elementType = floatTypeArg(a);
  if (!elementType)
    return Val::error();
  Type et = *elementType;
  const Val &shapeVal = a.get("shape");
  if (shapeVal.kind != Val::Kind::List)
    return fail(a.loc("shape"), "the shape of 'zeros' must be a list such as "
                                "[B, 64]");
  SmallVector<int64_t> shape;
  SmallVector<Value> dynamicSizes;
  Location loc = locOf(at);
  int64_t elements = 1;
  for (const Val &d : shapeVal.list) {
    if (d.kind == Val::Kind::Symbol) {
      const SymbolDecl &decl = symbols.find(d.s)->second;
      if (!decl.arg)
        return Val::error(); // its declaration had an error
      shape.push_back(ShapedType::kDynamic);
      dynamicSizes.push_back(tensor::DimOp::create(
          b, loc, func.getArgument(*decl.arg),
          static_cast<int64_t>(decl.dim)));
      continue;
    }
    auto n = asInt(d, a.loc("shape"), "a dimension of 'zeros'");
    if (!n)
      return Val::error();
    if (*n < 1)
      return fail(a.loc("shape"), "the sizes of 'zeros' must be at least 1, "
                                  "but the shape has " +
                                      Twine(*n));
    if (__builtin_mul_overflow(elements, *n, &elements))
      return fail(a.loc("shape"), "the shape of 'zeros' has too many "
                                  "elements (more than 2^63)");
    shape.push_back(*n);
  }
  auto type = RankedTensorType::get(shape, et);
  if (dynamicSizes.empty())
    return Val::ofTensor(arith::ConstantOp::create(
        b, loc, type, DenseElementsAttr::get(type, FloatAttr::get(et, 0.0))));
  Value empty = tensor::EmptyOp::create(b, loc, shape, et, dynamicSizes);
  Value zero = arith::ConstantOp::create(b, loc, et, FloatAttr::get(et, 0.0));
  return Val::ofTensor(
      linalg::FillOp::create(b, loc, zero, empty).getResult(0));
}

//===----------------------------------------------------------------------===//
// The module
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> Generator::run(const Module &module) {
  SMLoc fileStart = SMLoc::getFromPointer(
      diags.getSourceMgr().getMemoryBuffer(1)->getBufferStart());
  OwningOpRef<ModuleOp> result = ModuleOp::create(locOf(fileStart));
  collectBlocks(module);
  checkPlacement(module.items, /*inBlock=*/false);
  SmallVector<Type> argTypes;
  declareArguments(module, argTypes);

  b.setInsertionPointToEnd(result->getBody());
  func = func::FuncOp::create(b, locOf(fileStart), "loss",
                              b.getFunctionType(argTypes, {}));
  // Each argument is located at the name in its declaration.
  Block *entry = new Block();
  func.getBody().push_back(entry);
  {
    SmallVector<Location> argLocs(argTypes.size(), func.getLoc());
    for (const StmtPtr &s : module.items)
      if (auto it = argumentOf.find(s.get()); it != argumentOf.end())
        argLocs[it->second] = locOf(s->nameLoc);
    for (auto [type, loc] : llvm::zip(argTypes, argLocs))
      entry->addArgument(type, loc);
  }
  b.setInsertionPointToStart(entry);

  frames.emplace_back();
  frames.back().emplace_back();
  for (const StmtPtr &s : module.items) {
    if (s->kind != Stmt::Kind::Input && s->kind != Stmt::Kind::Target)
      continue;
    auto kind = s->kind == Stmt::Kind::Input ? Binding::Kind::Input
                                             : Binding::Kind::Target;
    auto index = argumentOf.find(s.get());
    if (index == argumentOf.end()) {
      // The declaration had an error; give the name an error value.
      declare(s->name, kind, Val::error(), s->nameLoc);
      continue;
    }
    func.setArgAttr(index->second, "pcc.name", b.getStringAttr(s->name));
    declare(s->name, kind, Val::ofTensor(entry->getArgument(index->second)),
            s->nameLoc);
  }
  // Symbolic dimensions are names too (for reshape and zeros).
  for (const auto &sym : symbols)
    if (!lookup(sym.getKey()))
      frames.back().back().try_emplace(
          sym.getKey(),
          Binding{Binding::Kind::Symbol,
                  Val::ofString(sym.getKey().str(), Val::Kind::Symbol),
                  sym.getValue().loc});

  for (const StmtPtr &s : module.items) {
    if (diags.atLimit())
      break;
    execute(*s);
  }
  checkUncalledBlocks(module);
  if (diags.numErrors())
    return nullptr;
  if (!totalLoss) {
    diags.error(fileStart, "the model has no loss: add a statement such as "
                           "'loss cross_entropy(logits, labels);'");
    return nullptr;
  }
  // Training starts from the output error of a loss op: the total must
  // read at least one mse or cross_entropy.
  {
    llvm::SmallPtrSet<Operation *, 32> seen;
    SmallVector<Value> work{totalLoss};
    bool found = false;
    while (!work.empty() && !found) {
      Operation *def = work.pop_back_val().getDefiningOp();
      if (!def || !seen.insert(def).second)
        continue;
      if (isa<pcc::nn::MseOp, pcc::nn::CrossEntropyOp>(def))
        found = true;
      work.append(def->operand_begin(), def->operand_end());
    }
    if (!found) {
      diags.error(firstLoss, "the loss does not use mse or cross_entropy: "
                             "training needs a loss function whose output "
                             "error starts learning (e.g. 'loss "
                             "mse(prediction, target);')");
      return nullptr;
    }
  }
  func::ReturnOp::create(b, locOf(firstLoss), totalLoss);
  func.setType(b.getFunctionType(argTypes, {totalLoss.getType()}));
  for (const auto &opt : options)
    func->setAttr(("pcc.default_" + opt.getKey()).str(), opt.getValue());

  // Anything the front end let through that the dialect rejects is a bug
  // in the front end, but it is still reported (as an error of the model
  // file, counted), not a crash.
  std::vector<std::pair<Location, std::string>> messages;
  LogicalResult verified = success();
  {
    ScopedDiagnosticHandler capture(&ctx, [&](Diagnostic &d) {
      if (d.getSeverity() == DiagnosticSeverity::Error)
        messages.emplace_back(d.getLocation(), d.str());
      return success();
    });
    verified = mlir::verify(*result);
  }
  if (succeeded(verified))
    return result;
  auto &sm = diags.getSourceMgr();
  for (auto &[loc, message] : messages) {
    SMLoc at = fileStart;
    if (auto flc = dyn_cast<FileLineColLoc>(loc))
      if (SMLoc l = sm.FindLocForLineAndColumn(1, flc.getLine(),
                                               flc.getColumn());
          l.isValid())
        at = l;
    diags.error(at, "internal error: the front end emitted invalid IR: " +
                        languageShapes(message));
  }
  if (messages.empty())
    diags.error(fileStart, "internal error: the front end emitted invalid IR");
  return nullptr;
}

} // namespace

OwningOpRef<ModuleOp> pcc::frontend::mlirGen(MLIRContext &context,
                                             const Module &module,
                                             Diagnostics &diags) {
  context.loadDialect<pcc::nn::NNDialect, func::FuncDialect,
                      arith::ArithDialect, tensor::TensorDialect,
                      linalg::LinalgDialect>();
  Generator gen(context, diags);
  return gen.run(module);
}

OwningOpRef<ModuleOp> pcc::frontend::compileModelFile(MLIRContext &context,
                                                      Diagnostics &diags) {
  llvm::StringRef buffer = diags.getSourceMgr().getMemoryBuffer(1)->getBuffer();
  Module module = parseModelFile(buffer, diags);
  if (diags.numErrors())
    return nullptr;
  return mlirGen(context, module, diags);
}
