//===- TestUtil.h - shared helpers of the numeric tests ---------*- C++ -*-===//
//
// Tolerances. References are computed in float64 from the exact inputs the
// native code sees (f32 inputs are rounded to f32 first).
//  - f64 code: |got - want| <= 1e-12 + 1e-10·|want|. Reductions here sum at
//    most a few hundred terms of magnitude <= 10, so rounding stays below
//    1e-13; libm's transcendental functions are within a few ulps.
//  - f32 code: |got - want| <= 1e-5 + 1e-5·|want|: f32 has a unit roundoff of
//    6e-8, and the longest sums here (<= 100 terms) stay below 1e-5.
// A wrong index, a missing term or a wrong formula moves results by far more
// than these bounds, so each comparison can fail.
//
//===----------------------------------------------------------------------===//
#ifndef PCC_TEST_NUMERIC_TESTUTIL_H
#define PCC_TEST_NUMERIC_TESTUTIL_H

#include "JitHarness.h"

#include <gtest/gtest.h>

#include <regex>

namespace pcc::test {

inline double atolFor(DType t) { return t == DType::F32 ? 1e-5 : 1e-12; }
inline double rtolFor(DType t) { return t == DType::F32 ? 1e-5 : 1e-10; }

/// Replaces every `$T` in an MLIR template with the element type name.
inline std::string withType(std::string src, DType t) {
  return std::regex_replace(src, std::regex("\\$T"), typeName(t));
}

/// Compiles `src` and calls `func`; fails the test on compile errors.
inline std::vector<HostTensor> runFunction(const std::string &src,
                                           const std::string &func,
                                           const std::vector<HostTensor> &args) {
  std::string error;
  auto module = compileModule(src, error);
  EXPECT_TRUE(module) << "compilation failed:\n" << error << "\n" << src;
  if (!module)
    return {};
  return module->call(func, args, {});
}

inline void expectClose(const HostTensor &got, const HostTensor &want,
                        DType t, const std::string &what) {
  int64_t worst = -1;
  double r = toleranceRatio(got, want, atolFor(t), rtolFor(t), &worst);
  if (got.shape != want.shape) {
    ADD_FAILURE() << what << ": shape mismatch (" << got.shape.size()
                  << "-d result)";
    return;
  }
  EXPECT_LE(r, 1.0) << what << ": element " << worst << " is "
                    << (worst >= 0 ? got.data[worst] : 0) << ", expected "
                    << (worst >= 0 ? want.data[worst] : 0);
}

class ForDType : public ::testing::TestWithParam<DType> {};

inline std::string dtypeTestName(const ::testing::TestParamInfo<DType> &info) {
  return typeName(info.param);
}

} // namespace pcc::test

#endif // PCC_TEST_NUMERIC_TESTUTIL_H
