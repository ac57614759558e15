//===- GradCheck.h - finite differences, gradient comparisons ---*- C++ -*-===//
//
// Shared by the VJP and predictive-coding equivalence tests.
//  - Central differences in float64 with step h = 1e-5: truncation error
//    O(h²·f''') ≈ 1e-10 and rounding ≈ 1e-16·|f|/h ≈ 1e-11 relative, so a
//    relative error bound of 1e-6 on a whole gradient tensor leaves four
//    orders of margin yet fails for any wrong rule (a wrong rule is off by
//    O(1)).
//  - Gradients are compared per parameter by the relative error
//    ‖a − b‖₂ / ‖b‖₂ and the angle between them.
//
//===----------------------------------------------------------------------===//
#ifndef PCC_TEST_NUMERIC_GRADCHECK_H
#define PCC_TEST_NUMERIC_GRADCHECK_H

#include "JitHarness.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>

namespace pcc::test {

inline double norm2(const HostTensor &a) {
  double s = 0;
  for (double v : a.data)
    s += v * v;
  return std::sqrt(s);
}

/// ‖a − b‖ / ‖b‖ (‖a − b‖ when b = 0).
inline double relativeError(const HostTensor &a, const HostTensor &b) {
  if (a.data.size() != b.data.size())
    return INFINITY;
  double d = 0;
  for (size_t i = 0; i < a.data.size(); ++i)
    d += (a.data[i] - b.data[i]) * (a.data[i] - b.data[i]);
  double nb = norm2(b);
  return nb > 0 ? std::sqrt(d) / nb : std::sqrt(d);
}

/// The angle between two tensors in degrees (0 when both are zero).
inline double angleDegrees(const HostTensor &a, const HostTensor &b) {
  double dot = 0;
  for (size_t i = 0; i < a.data.size() && i < b.data.size(); ++i)
    dot += a.data[i] * b.data[i];
  double na = norm2(a), nb = norm2(b);
  if (na == 0 && nb == 0)
    return 0;
  if (na == 0 || nb == 0)
    return 90;
  double c = std::max(-1.0, std::min(1.0, dot / (na * nb)));
  return std::acos(c) * 180.0 / M_PI;
}

/// Reads a test graph (test/Graphs/<name>.mlir, written in f64) with its
/// element type replaced.
inline std::string readGraph(const std::string &name, DType t) {
  std::ifstream in(std::string(PCC_GRAPHS_DIR) + "/" + name + ".mlir");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string src = ss.str();
  EXPECT_FALSE(src.empty()) << "cannot read graph " << name;
  return std::regex_replace(src, std::regex("f64"), typeName(t));
}

/// A graph rewritten so that its parameters are trailing arguments of
/// @loss, plus a function @params() returning their initial values (the same
/// nn.param ops). Finite differences perturb these arguments.
struct ParamsAsArgs {
  std::string source;
  std::vector<std::string> names;
};

inline ParamsAsArgs paramsAsArgs(const std::string &src) {
  ParamsAsArgs r;
  std::regex paramLine(
      R"re(\n\s*(%\w+) = nn\.param "([\w.]+)"[^\n]*: (tensor<[^>]+>))re");
  std::string args, types, values, lines;
  for (std::sregex_iterator it(src.begin(), src.end(), paramLine), end;
       it != end; ++it) {
    std::string ssa = (*it)[1], name = (*it)[2], type = (*it)[3];
    r.names.push_back(name);
    args += ", " + ssa + ": " + type;
    types += (types.empty() ? "" : ", ") + type;
    values += (values.empty() ? "" : ", ") + ssa;
    lines += it->str();
  }
  std::string body = std::regex_replace(src, paramLine, "");
  size_t sig = body.find("func.func @loss(");
  size_t close = body.find(") -> tensor<", sig);
  body.insert(close, args);
  r.source = body + "\nfunc.func @params() -> (" + types + ") {" + lines +
             "\n  return " + values + " : " + types + "\n}\n";
  return r;
}

/// Central-difference gradient of the scalar function @loss with respect
/// to argument `which`, at `args`.
inline HostTensor finiteDifference(CompiledModule &m,
                                   std::vector<HostTensor> args,
                                   size_t which, double h = 1e-5) {
  HostTensor g(args[which].shape, DType::F64);
  for (size_t i = 0; i < args[which].data.size(); ++i) {
    double x = args[which].data[i];
    args[which].data[i] = x + h;
    double fp = m.call("loss", args, {})[0].data[0];
    args[which].data[i] = x - h;
    double fm = m.call("loss", args, {})[0].data[0];
    args[which].data[i] = x;
    g.data[i] = (fp - fm) / (2 * h);
  }
  return g;
}

} // namespace pcc::test

#endif // PCC_TEST_NUMERIC_GRADCHECK_H
