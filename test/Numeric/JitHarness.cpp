//===- JitHarness.cpp - run nn programs natively from a test ---------------===//
#include "JitHarness.h"

#include "pcc/InitAll.h"
#include "pcc/Pipelines/Pipelines.h"
#include "pcc_rt/Symbols.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>

using namespace mlir;

namespace pcc::test {

HostTensor::HostTensor(std::vector<int64_t> s, DType t)
    : shape(std::move(s)), dtype(t) {
  data.assign(numElements(), 0.0);
}

int64_t HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

static int64_t linearIndex(const std::vector<int64_t> &shape,
                           std::initializer_list<int64_t> idx) {
  int64_t lin = 0, d = 0;
  for (int64_t i : idx)
    lin = lin * shape[d++] + i;
  return lin;
}

double &HostTensor::at(std::initializer_list<int64_t> idx) {
  return data[linearIndex(shape, idx)];
}
double HostTensor::at(std::initializer_list<int64_t> idx) const {
  return data[linearIndex(shape, idx)];
}

HostTensor randomTensor(std::vector<int64_t> shape, DType dtype, uint64_t seed,
                        double lo, double hi) {
  HostTensor t(std::move(shape), dtype);
  uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
  for (double &v : t.data) {
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;
    double u = double(s >> 11) * 0x1.0p-53;
    v = lo + (hi - lo) * u;
    if (dtype == DType::F32)
      v = double(float(v)); // the reference sees exactly what the code sees
    if (dtype == DType::I32 || dtype == DType::I64)
      v = std::floor(v);
  }
  return t;
}

const char *typeName(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "f32";
  case DType::F64:
    return "f64";
  case DType::I32:
    return "i32";
  case DType::I64:
    return "i64";
  }
  return "?";
}

static size_t elementSize(DType t) {
  return t == DType::F64 || t == DType::I64 ? 8 : 4;
}

static void storeElement(char *p, DType t, double v) {
  switch (t) {
  case DType::F32: {
    float f = float(v);
    std::memcpy(p, &f, 4);
    break;
  }
  case DType::F64:
    std::memcpy(p, &v, 8);
    break;
  case DType::I32: {
    int32_t i = int32_t(v);
    std::memcpy(p, &i, 4);
    break;
  }
  case DType::I64: {
    int64_t i = int64_t(v);
    std::memcpy(p, &i, 8);
    break;
  }
  }
}

static double loadElement(const char *p, DType t) {
  switch (t) {
  case DType::F32: {
    float f;
    std::memcpy(&f, p, 4);
    return f;
  }
  case DType::F64: {
    double d;
    std::memcpy(&d, p, 8);
    return d;
  }
  case DType::I32: {
    int32_t i;
    std::memcpy(&i, p, 4);
    return i;
  }
  case DType::I64: {
    int64_t i;
    std::memcpy(&i, p, 8);
    return double(i);
  }
  }
  return 0;
}

static DType dtypeOf(Type t) {
  if (t.isF32())
    return DType::F32;
  if (t.isF64())
    return DType::F64;
  if (t.isInteger(32))
    return DType::I32;
  return DType::I64;
}

struct ResultSignature {
  int64_t rank;
  DType dtype;
};

struct CompiledModule::Impl {
  std::unique_ptr<MLIRContext> context;
  std::unique_ptr<ExecutionEngine> engine;
  std::map<std::string, std::vector<ResultSignature>> results;
};

CompiledModule::~CompiledModule() = default;


static void registerPassesOnce() {
  static std::once_flag once;
  std::call_once(once, [] { pcc::registerAllPasses(); });
}

static std::unique_ptr<MLIRContext> newContext() {
  DialectRegistry registry;
  pcc::registerAllDialects(registry);
  return std::make_unique<MLIRContext>(registry);
}

/// Appends the context's diagnostics to a string while it lives.
struct DiagnosticCapture {
  DiagnosticCapture(MLIRContext *context, std::string &error)
      : errs(error), handler(context, [this](Diagnostic &diag) {
          errs << diag.getLocation() << ": " << diag << "\n";
          return success();
        }) {}
  llvm::raw_string_ostream errs;
  ScopedDiagnosticHandler handler;
};

/// Parses `source` and runs `pipeline` (textual pass pipeline, may be
/// empty) on it; errors are written to `errs`.
static OwningOpRef<ModuleOp> parseAndRun(MLIRContext *context,
                                         const std::string &source,
                                         const std::string &pipeline,
                                         llvm::raw_ostream &errs) {
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(source, context, "test.mlir");
  if (!module || pipeline.empty())
    return module;
  registerPassesOnce();
  PassManager pm(context);
  if (failed(parsePassPipeline(pipeline, pm, errs)) ||
      failed(pm.run(*module)))
    return nullptr;
  return module;
}

std::string transformModule(const std::string &source,
                            const std::string &pipeline, std::string &error) {
  auto context = newContext();
  DiagnosticCapture capture(context.get(), error);
  OwningOpRef<ModuleOp> module =
      parseAndRun(context.get(), source, pipeline, capture.errs);
  if (!module)
    return "";
  std::string out;
  llvm::raw_string_ostream os(out);
  module->print(os);
  return out;
}

std::unique_ptr<CompiledModule> compileModule(const std::string &source,
                                              std::string &error,
                                              const std::string &prePipeline,
                                              const pcc::LoweringOptions &lowering) {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
  auto context = newContext();
  DiagnosticCapture capture(context.get(), error);
  OwningOpRef<ModuleOp> module =
      parseAndRun(context.get(), source, prePipeline, capture.errs);
  if (!module)
    return nullptr;
  auto compiled = std::unique_ptr<CompiledModule>(new CompiledModule);
  compiled->impl = std::make_unique<CompiledModule::Impl>();
  module->walk([&](func::FuncOp f) {
    auto &sig = compiled->impl->results[f.getName().str()];
    for (Type t : f.getFunctionType().getResults()) {
      auto rt = cast<RankedTensorType>(t);
      sig.push_back({rt.getRank(), dtypeOf(rt.getElementType())});
    }
  });
  PassManager pm(context.get());
  pcc::buildNNToLLVMPipeline(pm, lowering);
  if (failed(pm.run(*module)))
    return nullptr;
  ExecutionEngineOptions options;
  auto transformer = makeOptimizingTransformer(3, 0, nullptr);
  options.transformer = transformer;
  options.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  auto engine = ExecutionEngine::create(*module, options);
  if (!engine) {
    capture.errs << llvm::toString(engine.takeError());
    return nullptr;
  }
  (*engine)->registerSymbols([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap map;
    int64_t count = 0;
    const PccRtSymbol *symbols = pcc_rt_symbols(&count);
    for (int64_t i = 0; i < count; ++i)
      map[interner(symbols[i].name)] = {
          llvm::orc::ExecutorAddr::fromPtr(symbols[i].address),
          llvm::JITSymbolFlags::Exported};
    return map;
  });
  (*engine)->initialize();
  compiled->impl->engine = std::move(*engine);
  compiled->impl->context = std::move(context);
  return compiled;
}

std::vector<HostTensor>
CompiledModule::call(const std::string &func,
                     const std::vector<HostTensor> &args,
                     const std::vector<DType> &) {
  // Storage for the expanded memref descriptors: every field is passed to
  // the packed wrapper by address.
  std::deque<std::vector<char>> buffers;
  std::deque<void *> pointers;
  std::deque<int64_t> ints;
  std::vector<void *> packed;
  for (const HostTensor &t : args) {
    auto &buf = buffers.emplace_back(
        std::max<size_t>(1, t.numElements()) * elementSize(t.dtype));
    for (int64_t i = 0; i < t.numElements(); ++i)
      storeElement(buf.data() + i * elementSize(t.dtype), t.dtype, t.data[i]);
    pointers.push_back(buf.data());
    packed.push_back(&pointers.back());
    pointers.push_back(buf.data());
    packed.push_back(&pointers.back());
    ints.push_back(0);
    packed.push_back(&ints.back());
    for (int64_t d : t.shape) {
      ints.push_back(d);
      packed.push_back(&ints.back());
    }
    int64_t stride = 1;
    std::vector<int64_t> strides(t.shape.size());
    for (int64_t d = (int64_t)t.shape.size() - 1; d >= 0; --d) {
      strides[d] = stride;
      stride *= t.shape[d];
    }
    for (int64_t s : strides) {
      ints.push_back(s);
      packed.push_back(&ints.back());
    }
  }
  auto sigIt = impl->results.find(func);
  EXPECT_NE(sigIt, impl->results.end()) << "no function @" << func;
  if (sigIt == impl->results.end())
    return {};
  size_t words = 0;
  for (auto &r : sigIt->second)
    words += 3 + 2 * r.rank;
  std::vector<int64_t> resultWords(std::max<size_t>(words, 1));
  packed.push_back(resultWords.data());
  if (llvm::Error err = impl->engine->invokePacked(func, packed)) {
    ADD_FAILURE() << "calling @" << func << ": "
                  << llvm::toString(std::move(err));
    return {};
  }
  std::vector<HostTensor> results;
  std::set<char *> toFree; // results may share a buffer: free each once
  size_t p = 0;
  for (auto &r : sigIt->second) {
    char *allocated = reinterpret_cast<char *>(resultWords[p]);
    char *aligned = reinterpret_cast<char *>(resultWords[p + 1]);
    int64_t offset = resultWords[p + 2];
    std::vector<int64_t> sizes(resultWords.begin() + p + 3,
                               resultWords.begin() + p + 3 + r.rank);
    std::vector<int64_t> strides(resultWords.begin() + p + 3 + r.rank,
                                 resultWords.begin() + p + 3 + 2 * r.rank);
    p += 3 + 2 * r.rank;
    HostTensor t(sizes, r.dtype);
    for (int64_t i = 0; i < t.numElements(); ++i) {
      int64_t rem = i, off = offset;
      for (int64_t d = r.rank - 1; d >= 0; --d) {
        off += (rem % sizes[d]) * strides[d];
        rem /= sizes[d];
      }
      t.data[i] = loadElement(aligned + off * elementSize(r.dtype), r.dtype);
    }
    toFree.insert(allocated);
    results.push_back(std::move(t));
  }
  for (char *ptr : toFree)
    std::free(ptr);
  return results;
}

double toleranceRatio(const HostTensor &got, const HostTensor &want,
                      double atol, double rtol, int64_t *worst) {
  if (got.shape != want.shape)
    return INFINITY;
  double ratio = 0;
  for (size_t i = 0; i < got.data.size(); ++i) {
    double g = got.data[i], w = want.data[i];
    double r = (std::isnan(g) || std::isnan(w))
                   ? (std::isnan(g) && std::isnan(w) ? 0 : INFINITY)
               : (std::isinf(w) || std::isinf(g))
                   ? (g == w ? 0 : INFINITY)
                   : std::abs(g - w) / (atol + rtol * std::abs(w));
    if (r > ratio) {
      ratio = r;
      if (worst)
        *worst = int64_t(i);
    }
  }
  return ratio;
}

} // namespace pcc::test
