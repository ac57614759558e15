//===- VJPTest.cpp - every nn op's VJP rule vs central differences --------===//
//
// For every differentiable nn op, a small module
//
//   func.func @loss(<args...>, %t: <type of %y>) -> tensor<f64> {
//     %y = <op>(args)
//     %l = nn.mse %y, %t
//     return %l
//   }
//
// (a loss op, nn.mse or nn.cross_entropy, is returned directly) is
// differentiated by nn-autodiff{inputs=true}, lowered and run natively, and
// the gradient of every float argument — the op's operands and the target
// %t — is compared with central finite differences of @loss, in f64, with
// relative error ‖ad − fd‖ / ‖fd‖ ≤ 1e-6 (why this bound is tight enough to
// catch any wrong rule yet far above the finite-difference error: see the
// header comment of GradCheck.h). The gradient through the mse (that of %y)
// is a dense, non-constant cotangent, so every VJP rule is exercised with a
// generic cotangent rather than ones.
//
// Sizes are odd, a dynamic (batch) dimension occurs in most cases, and the
// binary ops are checked with equal shapes, a row, an outer [3,1]×[1,5]
// broadcast, a rank-0 operand on either side, a column against a rank-3
// operand and a dynamic column against a row. Inputs stay away from the
// kinks of relu (|x| ≥ 0.05) and from ties of max pooling (distinct values
// spaced 2/N apart, N the element count, far above the step h = 1e-5); the
// domains of log and sqrt are [0.5, 2], of tan [-1, 1]. Integer arguments
// (embedding ids, cross-entropy labels) get no gradient; the operand `like`
// of nn.broadcast_like is not differentiable and its gradient must be
// exactly zero.
//
//===----------------------------------------------------------------------===//
#include "GradCheck.h"

#include <algorithm>
#include <random>

using namespace pcc::test;

namespace {

enum class Fill {
  Uniform,      ///< uniform in [lo, hi)
  AwayFromZero, ///< uniform in ±[0.05, 1): clear of relu's kink
  Distinct,     ///< a random permutation of N evenly spaced values in (-1, 1)
  Integer,      ///< i64, floor of uniform in [lo, hi)
};

struct Arg {
  std::string decl;           ///< "%x: tensor<?x5xf64>"
  std::vector<int64_t> shape; ///< at run time
  Fill fill = Fill::Uniform;
  double lo = -1, hi = 1;
};

struct VJPCase {
  std::string name;
  std::vector<Arg> args;
  /// Defines %y, whose type is `yType`; with an empty `yType` it defines
  /// the loss %l itself.
  std::string body;
  std::string yType;
  std::vector<int64_t> yShape;
  /// Arguments that do not reach the loss: their gradient is exactly zero.
  std::vector<size_t> zeroGrad;
};

/// "tensor<?x5xf64>" from "?x5"; "tensor<f64>" from "".
std::string T(const std::string &dims) {
  return "tensor<" + dims + (dims.empty() ? "" : "x") + "f64>";
}

Arg A(const std::string &name, const std::string &dims,
      std::vector<int64_t> shape, Fill fill = Fill::Uniform, double lo = -1,
      double hi = 1) {
  return {"%" + name + ": " + T(dims), std::move(shape), fill, lo, hi};
}

Arg Ids(const std::string &name, const std::string &type,
        std::vector<int64_t> shape, int64_t classes) {
  return {"%" + name + ": " + type, std::move(shape), Fill::Integer, 0,
          double(classes)};
}

std::string sourceOf(const VJPCase &c) {
  std::string params;
  for (const Arg &a : c.args)
    params += (params.empty() ? "" : ", ") + a.decl;
  std::string s;
  if (c.yType.empty()) {
    s = "func.func @loss(" + params + ") -> tensor<f64> {\n  " + c.body +
        "\n  return %l : tensor<f64>\n}\n";
  } else {
    s = "func.func @loss(" + params + ", %t: " + c.yType +
        ") -> tensor<f64> {\n  " + c.body + "\n  %l = nn.mse %y, %t : (" +
        c.yType + ", " + c.yType +
        ") -> tensor<f64>\n  return %l : tensor<f64>\n}\n";
  }
  return s;
}

/// A seed per case and argument, so that cases do not share inputs.
uint64_t seedOf(const std::string &name, size_t arg) {
  uint64_t h = 1469598103934665603ull;
  for (char ch : name)
    h = (h ^ uint64_t(uint8_t(ch))) * 1099511628211ull;
  return (h ^ (arg + 1) * 0x9E3779B97F4A7C15ull) % 1000003;
}

HostTensor makeInput(const Arg &a, uint64_t seed) {
  switch (a.fill) {
  case Fill::Uniform:
    return randomTensor(a.shape, DType::F64, seed, a.lo, a.hi);
  case Fill::AwayFromZero: {
    HostTensor x = randomTensor(a.shape, DType::F64, seed, -1, 1);
    for (double &v : x.data)
      v = (v < 0 ? -1 : 1) * (0.05 + 0.95 * std::abs(v));
    return x;
  }
  case Fill::Distinct: {
    HostTensor x(a.shape, DType::F64);
    size_t n = x.data.size();
    for (size_t i = 0; i < n; ++i)
      x.data[i] = -1 + (2 * double(i) + 1) / double(n);
    std::mt19937_64 rng(seed);
    for (size_t i = n; i > 1; --i) // Fisher–Yates, portable
      std::swap(x.data[i - 1], x.data[rng() % i]);
    return x;
  }
  case Fill::Integer:
    return randomTensor(a.shape, DType::I64, seed, a.lo, a.hi);
  }
  return {};
}

std::string argName(const VJPCase &c, size_t k) {
  if (k == c.args.size())
    return "%t";
  const std::string &d = c.args[k].decl;
  return d.substr(0, d.find(':'));
}

//===----------------------------------------------------------------------===//
// The cases
//===----------------------------------------------------------------------===//

/// `%y = nn.<op> %x : ?x5` on a [3, 5] input.
VJPCase unary(const std::string &name, const std::string &op,
              Fill fill = Fill::Uniform, double lo = -1, double hi = 1) {
  return {name,
          {A("x", "?x5", {3, 5}, fill, lo, hi)},
          "%y = nn." + op + " %x : " + T("?x5"),
          T("?x5"),
          {3, 5}};
}

struct BinaryShapes {
  std::string suffix;
  std::string lhs, rhs, out; // dims
  std::vector<int64_t> lhsShape, rhsShape, outShape;
};

/// The broadcasting patterns of every binary op.
const std::vector<BinaryShapes> &binaryShapes() {
  static const std::vector<BinaryShapes> s = {
      {"EqualShapes", "?x5", "?x5", "?x5", {3, 5}, {3, 5}, {3, 5}},
      {"RowBroadcast", "?x5", "5", "?x5", {3, 5}, {5}, {3, 5}},
      {"OuterBroadcast", "3x1", "1x5", "3x5", {3, 1}, {1, 5}, {3, 5}},
      {"ScalarRhs", "3x5", "", "3x5", {3, 5}, {}, {3, 5}},
      {"ScalarLhs", "", "3x5", "3x5", {}, {3, 5}, {3, 5}},
      {"Rank3WithColumn", "?x3x5", "3x1", "?x3x5", {2, 3, 5}, {3, 1}, {2, 3, 5}},
      {"DynamicColumnWithRow", "?x1", "1x5", "?x5", {3, 1}, {1, 5}, {3, 5}},
  };
  return s;
}

void addBinary(std::vector<VJPCase> &cases, const std::string &name,
               const std::string &op) {
  for (const BinaryShapes &s : binaryShapes()) {
    // Divisors in [0.5, 2]: away from the pole.
    double rlo = op == "div" ? 0.5 : -1, rhi = op == "div" ? 2 : 1;
    cases.push_back({name + "_" + s.suffix,
                     {A("a", s.lhs, s.lhsShape),
                      A("b", s.rhs, s.rhsShape, Fill::Uniform, rlo, rhi)},
                     "%y = nn." + op + " %a, %b : (" + T(s.lhs) + ", " +
                         T(s.rhs) + ") -> " + T(s.out),
                     T(s.out),
                     s.outShape});
  }
}

std::vector<VJPCase> allCases() {
  std::vector<VJPCase> c;

  // Linear algebra.
  c.push_back({"Dense_Rank2Bias",
               {A("x", "?x5", {3, 5}), A("w", "5x3", {5, 3}),
                A("b", "3", {3})},
               "%y = nn.dense %x, %w, %b : (tensor<?x5xf64>, tensor<5x3xf64>, "
               "tensor<3xf64>) -> tensor<?x3xf64>",
               T("?x3"),
               {3, 3}});
  c.push_back({"Dense_Rank3NoBias",
               {A("x", "?x3x5", {2, 3, 5}), A("w", "5x7", {5, 7})},
               "%y = nn.dense %x, %w : (tensor<?x3x5xf64>, tensor<5x7xf64>) "
               "-> tensor<?x3x7xf64>",
               T("?x3x7"),
               {2, 3, 7}});
  c.push_back({"Dense_Rank3Bias",
               {A("x", "?x3x5", {2, 3, 5}), A("w", "5x3", {5, 3}),
                A("b", "3", {3})},
               "%y = nn.dense %x, %w, %b : (tensor<?x3x5xf64>, tensor<5x3xf64>, "
               "tensor<3xf64>) -> tensor<?x3x3xf64>",
               T("?x3x3"),
               {2, 3, 3}});
  c.push_back({"Dense_Rank1",
               {A("x", "5", {5}), A("w", "5x3", {5, 3}), A("b", "3", {3})},
               "%y = nn.dense %x, %w, %b : (tensor<5xf64>, tensor<5x3xf64>, "
               "tensor<3xf64>) -> tensor<3xf64>",
               T("3"),
               {3}});
  c.push_back({"Matmul_2D",
               {A("a", "?x5", {3, 5}), A("b", "5x7", {5, 7})},
               "%y = nn.matmul %a, %b : (tensor<?x5xf64>, tensor<5x7xf64>) -> "
               "tensor<?x7xf64>",
               T("?x7"),
               {3, 7}});
  c.push_back({"Matmul_Batched3D",
               {A("a", "?x3x5", {2, 3, 5}), A("b", "?x5x3", {2, 5, 3})},
               "%y = nn.matmul %a, %b : (tensor<?x3x5xf64>, tensor<?x5x3xf64>) "
               "-> tensor<?x3x3xf64>",
               T("?x3x3"),
               {2, 3, 3}});

  // Elementwise binary ops with broadcasting.
  addBinary(c, "Add", "add");
  addBinary(c, "Sub", "sub");
  addBinary(c, "Mul", "mul");
  addBinary(c, "Div", "div");

  // Elementwise unary ops.
  c.push_back(unary("Relu", "relu", Fill::AwayFromZero));
  c.push_back(unary("Tanh", "tanh", Fill::Uniform, -2, 2));
  c.push_back(unary("Sigmoid", "sigmoid", Fill::Uniform, -3, 3));
  c.push_back(unary("Gelu", "gelu", Fill::Uniform, -3, 3));
  c.push_back(unary("Exp", "exp"));
  c.push_back(unary("Log", "log", Fill::Uniform, 0.5, 2));
  c.push_back(unary("Neg", "neg"));
  c.push_back(unary("Sqrt", "sqrt", Fill::Uniform, 0.5, 2));
  c.push_back(unary("Sin", "sin", Fill::Uniform, -3, 3));
  c.push_back(unary("Cos", "cos", Fill::Uniform, -3, 3));
  c.push_back(unary("Tan", "tan", Fill::Uniform, -1, 1));

  // Normalisation.
  c.push_back({"Softmax_LastAxis",
               {A("x", "?x5", {3, 5}, Fill::Uniform, -2, 2)},
               "%y = nn.softmax %x {axis = -1 : i64} : tensor<?x5xf64>",
               T("?x5"),
               {3, 5}});
  c.push_back({"Softmax_Axis0",
               {A("x", "?x5", {3, 5}, Fill::Uniform, -2, 2)},
               "%y = nn.softmax %x {axis = 0 : i64} : tensor<?x5xf64>",
               T("?x5"),
               {3, 5}});
  c.push_back({"Softmax_MiddleAxisRank3",
               {A("x", "2x3x5", {2, 3, 5}, Fill::Uniform, -2, 2)},
               "%y = nn.softmax %x {axis = 1 : i64} : tensor<2x3x5xf64>",
               T("2x3x5"),
               {2, 3, 5}});
  c.push_back({"LayerNorm_Rank3",
               {A("x", "?x3x5", {2, 3, 5}), A("g", "5", {5}, Fill::Uniform,
                                              0.5, 1.5),
                A("b", "5", {5})},
               "%y = nn.layer_norm %x, %g, %b : (tensor<?x3x5xf64>, "
               "tensor<5xf64>, tensor<5xf64>) -> tensor<?x3x5xf64>",
               T("?x3x5"),
               {2, 3, 5}});
  c.push_back({"LayerNorm_Epsilon",
               {A("x", "3x7", {3, 7}), A("g", "7", {7}), A("b", "7", {7})},
               "%y = nn.layer_norm %x, %g, %b {epsilon = 2.5e-01 : f64} : "
               "(tensor<3x7xf64>, tensor<7xf64>, tensor<7xf64>) -> "
               "tensor<3x7xf64>",
               T("3x7"),
               {3, 7}});

  // Convolution and pooling.
  c.push_back({"Conv2D_BiasStride2Pad1",
               {A("x", "?x2x7x7", {2, 2, 7, 7}),
                A("w", "3x2x3x3", {3, 2, 3, 3}), A("b", "3", {3})},
               "%y = nn.conv2d %x, %w, %b {stride = array<i64: 2, 2>, padding "
               "= array<i64: 1, 1>} : (tensor<?x2x7x7xf64>, "
               "tensor<3x2x3x3xf64>, tensor<3xf64>) -> tensor<?x3x4x4xf64>",
               T("?x3x4x4"),
               {2, 3, 4, 4}});
  // (7 + 2 - 2·2 - 1)/1 + 1 = 5 and (6 - 2·1 - 1)/2 + 1 = 2: input columns
  // 1, 3, 5 are never read.
  c.push_back({"Conv2D_Dilation2NoBias",
               {A("x", "1x2x7x6", {1, 2, 7, 6}),
                A("w", "3x2x3x2", {3, 2, 3, 2})},
               "%y = nn.conv2d %x, %w {stride = array<i64: 1, 2>, padding = "
               "array<i64: 1, 0>, dilation = array<i64: 2, 2>} : "
               "(tensor<1x2x7x6xf64>, tensor<3x2x3x2xf64>) -> "
               "tensor<1x3x5x2xf64>",
               T("1x3x5x2"),
               {1, 3, 5, 2}});
  // (9 + 2 - 4 - 1)/2 + 1 = 4 and (8 + 2 - 4 - 1)/2 + 1 = 3.
  c.push_back({"Conv2D_StridePadDilationBias",
               {A("x", "?x2x9x8", {2, 2, 9, 8}),
                A("w", "3x2x3x3", {3, 2, 3, 3}), A("b", "3", {3})},
               "%y = nn.conv2d %x, %w, %b {stride = array<i64: 2, 2>, padding "
               "= array<i64: 1, 1>, dilation = array<i64: 2, 2>} : "
               "(tensor<?x2x9x8xf64>, tensor<3x2x3x3xf64>, tensor<3xf64>) -> "
               "tensor<?x3x4x3xf64>",
               T("?x3x4x3"),
               {2, 3, 4, 3}});
  // At stride 1 the image may be dynamic: (H + 2 - 3)/1 + 1 = H.
  c.push_back({"Conv2D_DynamicImageStride1",
               {A("x", "1x2x?x?", {1, 2, 6, 5}),
                A("w", "3x2x3x3", {3, 2, 3, 3}), A("b", "3", {3})},
               "%y = nn.conv2d %x, %w, %b {padding = array<i64: 1, 1>} : "
               "(tensor<1x2x?x?xf64>, tensor<3x2x3x3xf64>, tensor<3xf64>) -> "
               "tensor<1x3x?x?xf64>",
               T("1x3x?x?"),
               {1, 3, 6, 5}});
  c.push_back({"MaxPool2D_K3S2P1",
               {A("x", "?x2x7x7", {2, 2, 7, 7}, Fill::Distinct)},
               "%y = nn.max_pool2d %x {kernel = array<i64: 3, 3>, stride = "
               "array<i64: 2, 2>, padding = array<i64: 1, 1>} : "
               "(tensor<?x2x7x7xf64>) -> tensor<?x2x4x4xf64>",
               T("?x2x4x4"),
               {2, 2, 4, 4}});
  // (7 + 2 - 2)/1 + 1 = 8 and (7 + 2 - 3)/2 + 1 = 4.
  c.push_back({"MaxPool2D_K2x3S1x2P1",
               {A("x", "1x2x7x7", {1, 2, 7, 7}, Fill::Distinct)},
               "%y = nn.max_pool2d %x {kernel = array<i64: 2, 3>, stride = "
               "array<i64: 1, 2>, padding = array<i64: 1, 1>} : "
               "(tensor<1x2x7x7xf64>) -> tensor<1x2x8x4xf64>",
               T("1x2x8x4"),
               {1, 2, 8, 4}});
  c.push_back({"MaxPool2D_DynamicImage",
               {A("x", "?x2x?x?", {2, 2, 7, 5}, Fill::Distinct)},
               "%y = nn.max_pool2d %x {kernel = array<i64: 3, 3>, stride = "
               "array<i64: 2, 2>, padding = array<i64: 1, 1>} : "
               "(tensor<?x2x?x?xf64>) -> tensor<?x2x?x?xf64>",
               T("?x2x?x?"),
               {2, 2, 4, 3}});
  c.push_back({"AvgPool2D_K3S2P1",
               {A("x", "?x2x7x7", {2, 2, 7, 7})},
               "%y = nn.avg_pool2d %x {kernel = array<i64: 3, 3>, stride = "
               "array<i64: 2, 2>, padding = array<i64: 1, 1>} : "
               "(tensor<?x2x7x7xf64>) -> tensor<?x2x4x4xf64>",
               T("?x2x4x4"),
               {2, 2, 4, 4}});
  c.push_back({"AvgPool2D_K2x3S1x2P1",
               {A("x", "1x2x7x7", {1, 2, 7, 7})},
               "%y = nn.avg_pool2d %x {kernel = array<i64: 2, 3>, stride = "
               "array<i64: 1, 2>, padding = array<i64: 1, 1>} : "
               "(tensor<1x2x7x7xf64>) -> tensor<1x2x8x4xf64>",
               T("1x2x8x4"),
               {1, 2, 8, 4}});
  c.push_back({"AvgPool2D_DynamicImageStride1",
               {A("x", "1x2x?x?", {1, 2, 6, 5})},
               "%y = nn.avg_pool2d %x {kernel = array<i64: 3, 3>, stride = "
               "array<i64: 1, 1>, padding = array<i64: 1, 1>} : "
               "(tensor<1x2x?x?xf64>) -> tensor<1x2x?x?xf64>",
               T("1x2x?x?"),
               {1, 2, 6, 5}});
  // (8 - 2)/3 + 1 = 3: rows and columns 2 and 5 are in no window.
  c.push_back({"AvgPool2D_K2S3Uncovered",
               {A("x", "1x3x8x8", {1, 3, 8, 8})},
               "%y = nn.avg_pool2d %x {kernel = array<i64: 2, 2>, stride = "
               "array<i64: 3, 3>} : (tensor<1x3x8x8xf64>) -> "
               "tensor<1x3x3x3xf64>",
               T("1x3x3x3"),
               {1, 3, 3, 3}});

  // Shape manipulation.
  c.push_back({"Reshape_DynamicBatch",
               {A("x", "?x2x3", {3, 2, 3})},
               "%y = nn.reshape %x : (tensor<?x2x3xf64>) -> tensor<?x6xf64>",
               T("?x6"),
               {3, 6}});
  c.push_back({"Reshape_Static",
               {A("x", "2x3x5", {2, 3, 5})},
               "%y = nn.reshape %x : (tensor<2x3x5xf64>) -> tensor<5x6xf64>",
               T("5x6"),
               {5, 6}});
  c.push_back({"Flatten_Default",
               {A("x", "?x2x3x3", {2, 2, 3, 3})},
               "%y = nn.flatten %x : (tensor<?x2x3x3xf64>) -> tensor<?x18xf64>",
               T("?x18"),
               {2, 18}});
  c.push_back({"Flatten_Axis2",
               {A("x", "3x3x5", {3, 3, 5})},
               "%y = nn.flatten %x {axis = 2 : i64} : (tensor<3x3x5xf64>) -> "
               "tensor<9x5xf64>",
               T("9x5"),
               {9, 5}});
  c.push_back({"Transpose_Rank3Dynamic",
               {A("x", "?x3x5", {2, 3, 5})},
               "%y = nn.transpose %x {permutation = array<i64: 2, 0, 1>} : "
               "(tensor<?x3x5xf64>) -> tensor<5x?x3xf64>",
               T("5x?x3"),
               {5, 2, 3}});
  c.push_back({"Transpose_Rank3Static",
               {A("x", "3x5x7", {3, 5, 7})},
               "%y = nn.transpose %x {permutation = array<i64: 1, 2, 0>} : "
               "(tensor<3x5x7xf64>) -> tensor<5x7x3xf64>",
               T("5x7x3"),
               {5, 7, 3}});
  c.push_back({"Concat_ThreeAlongAxis1",
               {A("a", "?x2", {3, 2}), A("b", "?x3", {3, 3}),
                A("c", "?x1", {3, 1})},
               "%y = nn.concat %a, %b, %c {axis = 1 : i64} : (tensor<?x2xf64>, "
               "tensor<?x3xf64>, tensor<?x1xf64>) -> tensor<?x6xf64>",
               T("?x6"),
               {3, 6}});
  c.push_back({"Concat_ThreeAlongAxis1Rank3",
               {A("a", "3x1x5", {3, 1, 5}), A("b", "3x3x5", {3, 3, 5}),
                A("c", "3x2x5", {3, 2, 5})},
               "%y = nn.concat %a, %b, %c {axis = -2 : i64} : "
               "(tensor<3x1x5xf64>, tensor<3x3x5xf64>, tensor<3x2x5xf64>) -> "
               "tensor<3x6x5xf64>",
               T("3x6x5"),
               {3, 6, 5}});
  // Rows 1, 3, 5 and columns 0, 4, 8.
  c.push_back({"Slice_Strided",
               {A("x", "7x9", {7, 9})},
               "%y = nn.slice %x {offsets = array<i64: 1, 0>, sizes = "
               "array<i64: -1, 3>, strides = array<i64: 2, 4>} : "
               "(tensor<7x9xf64>) -> tensor<3x3xf64>",
               T("3x3"),
               {3, 3}});
  c.push_back({"Slice_StridedDynamicBatch",
               {A("x", "?x9", {3, 9})},
               "%y = nn.slice %x {offsets = array<i64: 0, 1>, sizes = "
               "array<i64: -1, 4>, strides = array<i64: 1, 2>} : "
               "(tensor<?x9xf64>) -> tensor<?x4xf64>",
               T("?x4"),
               {3, 4}});
  // 12 ids over 5 rows: rows repeat, so their gradients accumulate.
  c.push_back({"Embedding_TableOnly",
               {Ids("ids", "tensor<?x3xi64>", {4, 3}, 5),
                A("table", "5x3", {5, 3})},
               "%y = nn.embedding %ids, %table : (tensor<?x3xi64>, "
               "tensor<5x3xf64>) -> tensor<?x3x3xf64>",
               T("?x3x3"),
               {4, 3, 3}});

  // Reductions and broadcasts.
  c.push_back({"ReduceSum_KeepDims",
               {A("x", "?x3x5", {2, 3, 5})},
               "%y = nn.reduce_sum %x {axes = array<i64: -1>, keep_dims = "
               "true} : (tensor<?x3x5xf64>) -> tensor<?x3x1xf64>",
               T("?x3x1"),
               {2, 3, 1}});
  c.push_back({"ReduceSum_KeepDimsTwoAxes",
               {A("x", "?x3x5", {2, 3, 5})},
               "%y = nn.reduce_sum %x {axes = array<i64: 0, 2>, keep_dims = "
               "true} : (tensor<?x3x5xf64>) -> tensor<1x3x1xf64>",
               T("1x3x1"),
               {1, 3, 1}});
  c.push_back({"ReduceSum_DropDims",
               {A("x", "?x3x5", {2, 3, 5})},
               "%y = nn.reduce_sum %x {axes = array<i64: 0, 2>, keep_dims = "
               "false} : (tensor<?x3x5xf64>) -> tensor<3xf64>",
               T("3"),
               {3}});
  c.push_back({"ReduceSum_AllAxesToScalar",
               {A("x", "3x5", {3, 5})},
               "%y = nn.reduce_sum %x {axes = array<i64: 1, 0>} : "
               "(tensor<3x5xf64>) -> tensor<f64>",
               T(""),
               {}});
  c.push_back({"BroadcastLike_Axes",
               {A("g", "?x5", {2, 5}), A("like", "?x3x5", {2, 3, 5})},
               "%y = nn.broadcast_like %g, %like {axes = array<i64: 1>} : "
               "(tensor<?x5xf64>, tensor<?x3x5xf64>) -> tensor<?x3x5xf64>",
               T("?x3x5"),
               {2, 3, 5},
               {1}});
  c.push_back({"BroadcastLike_ScalarAllAxes",
               {A("s", "", {}), A("like", "3x5", {3, 5})},
               "%y = nn.broadcast_like %s, %like {axes = array<i64: 0, 1>} : "
               "(tensor<f64>, tensor<3x5xf64>) -> tensor<3x5xf64>",
               T("3x5"),
               {3, 5},
               {1}});
  c.push_back({"BroadcastLike_ScalarNumPy",
               {A("s", "", {}), A("like", "?x5", {3, 5})},
               "%y = nn.broadcast_like %s, %like : (tensor<f64>, "
               "tensor<?x5xf64>) -> tensor<?x5xf64>",
               T("?x5"),
               {3, 5},
               {1}});
  c.push_back({"BroadcastLike_NumPy",
               {A("c", "3x1", {3, 1}), A("like", "?x3x5", {2, 3, 5})},
               "%y = nn.broadcast_like %c, %like : (tensor<3x1xf64>, "
               "tensor<?x3x5xf64>) -> tensor<?x3x5xf64>",
               T("?x3x5"),
               {2, 3, 5},
               {1}});

  // Losses, returned directly.
  c.push_back({"Mse_BothOperands",
               {A("p", "?x5", {3, 5}), A("q", "?x5", {3, 5})},
               "%l = nn.mse %p, %q : (tensor<?x5xf64>, tensor<?x5xf64>) -> "
               "tensor<f64>",
               "",
               {}});
  c.push_back({"Mse_Rank3",
               {A("p", "3x1x5", {3, 1, 5}), A("q", "3x1x5", {3, 1, 5})},
               "%l = nn.mse %p, %q : (tensor<3x1x5xf64>, tensor<3x1x5xf64>) -> "
               "tensor<f64>",
               "",
               {}});
  c.push_back({"CrossEntropy_Logits",
               {A("z", "?x5", {4, 5}, Fill::Uniform, -2, 2),
                Ids("labels", "tensor<?xi64>", {4}, 5)},
               "%l = nn.cross_entropy %z, %labels : (tensor<?x5xf64>, "
               "tensor<?xi64>) -> tensor<f64>",
               "",
               {}});
  c.push_back({"CrossEntropy_Sequence",
               {A("z", "2x3x5", {2, 3, 5}, Fill::Uniform, -2, 2),
                Ids("labels", "tensor<2x3xi64>", {2, 3}, 5)},
               "%l = nn.cross_entropy %z, %labels : (tensor<2x3x5xf64>, "
               "tensor<2x3xi64>) -> tensor<f64>",
               "",
               {}});
  return c;
}

//===----------------------------------------------------------------------===//
// The check
//===----------------------------------------------------------------------===//

/// What gtest prints for a parameter: the case's name.
void PrintTo(const VJPCase &c, std::ostream *os) { *os << c.name; }

class VJP : public ::testing::TestWithParam<VJPCase> {};

TEST_P(VJP, MatchesCentralDifferences) {
  const VJPCase &c = GetParam();
  std::string src = sourceOf(c);
  std::string error;
  auto m = compileModule(src, error, "nn-autodiff{inputs=true}");
  ASSERT_TRUE(m) << error << "\n" << src;

  std::vector<HostTensor> args;
  for (size_t k = 0; k < c.args.size(); ++k)
    args.push_back(makeInput(c.args[k], seedOf(c.name, k)));
  if (!c.yType.empty())
    args.push_back(randomTensor(c.yShape, DType::F64,
                                seedOf(c.name, c.args.size())));

  std::vector<HostTensor> r = m->call("loss_grad", args, {});
  size_t numFloat = std::count_if(args.begin(), args.end(), [](auto &a) {
    return a.dtype == DType::F64;
  });
  ASSERT_EQ(r.size(), 1 + numFloat) << src;
  // The differentiated function computes the same loss.
  double loss = m->call("loss", args, {})[0].data[0];
  EXPECT_NEAR(r[0].data[0], loss, 1e-12 * (1 + std::abs(loss))) << c.name;

  size_t next = 1;
  for (size_t k = 0; k < args.size(); ++k) {
    if (args[k].dtype != DType::F64)
      continue; // integer ids and labels: no gradient
    const HostTensor &ad = r[next++];
    std::string what = c.name + ": gradient of " + argName(c, k);
    ASSERT_EQ(ad.shape, args[k].shape) << what;
    HostTensor fd = finiteDifference(*m, args, k);
    EXPECT_LE(relativeError(ad, fd), 1e-6)
        << what << " (|ad| = " << norm2(ad) << ", |fd| = " << norm2(fd)
        << ")\n"
        << src;
    if (std::find(c.zeroGrad.begin(), c.zeroGrad.end(), k) !=
        c.zeroGrad.end()) {
      EXPECT_EQ(norm2(ad), 0.0) << what << " must be exactly zero";
      EXPECT_EQ(norm2(fd), 0.0) << what << ": the loss must not depend on it";
    } else {
      // Not a vacuous comparison: the argument reaches the loss.
      EXPECT_GT(norm2(fd), 1e-3) << what;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(NNOps, VJP, ::testing::ValuesIn(allCases()),
                         [](const auto &info) { return info.param.name; });

} // namespace
