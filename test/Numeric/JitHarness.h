//===- JitHarness.h - run nn programs natively from a test -----*- C++ -*-===//
//
// Compiles an nn-dialect module with pcc's nn -> LLVM pipeline, JIT-compiles
// it with LLVM's native code generator, links it against libpcc_rt, and calls
// its functions on host tensors. Results come back as float64 so every test
// compares against a float64 reference.
//
//===----------------------------------------------------------------------===//
#ifndef PCC_TEST_NUMERIC_JITHARNESS_H
#define PCC_TEST_NUMERIC_JITHARNESS_H

#include "pcc/Pipelines/Pipelines.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pcc::test {

enum class DType { F32, F64, I32, I64 };

/// A dense row-major host tensor. Values are held as double whatever the
/// dtype; they are converted when passed to or read from native code.
struct HostTensor {
  std::vector<int64_t> shape;
  std::vector<double> data;
  DType dtype = DType::F64;

  HostTensor() = default;
  HostTensor(std::vector<int64_t> shape, DType dtype);
  int64_t numElements() const;
  double &at(std::initializer_list<int64_t> idx);
  double at(std::initializer_list<int64_t> idx) const;
};

/// Deterministic pseudo-random tensor with values uniform in [lo, hi).
HostTensor randomTensor(std::vector<int64_t> shape, DType dtype, uint64_t seed,
                        double lo = -1.0, double hi = 1.0);

/// MLIR spelling of an element type: "f32", "f64", "i32", "i64".
const char *typeName(DType dtype);

class CompiledModule {
public:
  ~CompiledModule();
  /// Calls `func` (whose arguments and results are ranked tensors) and
  /// returns its results. Aborts the test with a message on failure.
  std::vector<HostTensor> call(const std::string &func,
                               const std::vector<HostTensor> &args,
                               const std::vector<DType> &resultTypes);

private:
  friend std::unique_ptr<CompiledModule>
  compileModule(const std::string &, std::string &, const std::string &,
                const pcc::LoweringOptions &);
  struct Impl;
  std::unique_ptr<Impl> impl;
};

/// Parses, verifies, lowers and JIT-compiles `source`, after running the
/// textual pass pipeline `prePipeline` on it (e.g. "nn-autodiff"). On
/// failure returns null and puts the diagnostics in `error`. The lowering
/// options are pcc's defaults unless given (e.g. which loop nests run on
/// every thread).
std::unique_ptr<CompiledModule>
compileModule(const std::string &source, std::string &error,
              const std::string &prePipeline = "",
              const pcc::LoweringOptions &lowering = {});

/// Runs the textual pass pipeline on `source` and returns the printed
/// module ("" and diagnostics in `error` on failure).
std::string transformModule(const std::string &source,
                            const std::string &pipeline, std::string &error);

/// max_i |a_i - b_i| / (atol + rtol·|b_i|) — ≤ 1 means "within tolerance".
double toleranceRatio(const HostTensor &got, const HostTensor &want,
                      double atol, double rtol, int64_t *worst = nullptr);

} // namespace pcc::test

#endif // PCC_TEST_NUMERIC_JITHARNESS_H
