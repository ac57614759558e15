//===- ForwardOpsTest.cpp - native forward results of nn ops vs float64 ---===//
//
// Each test lowers a one-op nn function to native code, runs it on
// odd-sized random inputs and compares with a naive float64 loop.
// Tolerances: see TestUtil.h.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include <cmath>
#include <limits>

using namespace pcc::test;

namespace {

TEST_P(ForDType, DenseWithBiasDynamicBatch) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%x: tensor<?x17x$T>, %w: tensor<17x5x$T>, %b: tensor<5x$T>) -> tensor<?x5x$T> {
      %y = nn.dense %x, %w, %b : (tensor<?x17x$T>, tensor<17x5x$T>, tensor<5x$T>) -> tensor<?x5x$T>
      return %y : tensor<?x5x$T>
    })", t);
  HostTensor x = randomTensor({3, 17}, t, 1), w = randomTensor({17, 5}, t, 2),
             b = randomTensor({5}, t, 3);
  auto r = runFunction(src, "f", {x, w, b});
  ASSERT_EQ(r.size(), 1u);
  HostTensor want({3, 5}, t);
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t n = 0; n < 5; ++n) {
      double s = b.at({n});
      for (int64_t k = 0; k < 17; ++k)
        s += x.at({i, k}) * w.at({k, n});
      want.at({i, n}) = s;
    }
  expectClose(r[0], want, t, "dense");
}

TEST_P(ForDType, DenseRank3NoBias) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%x: tensor<2x3x7x$T>, %w: tensor<7x4x$T>) -> tensor<2x3x4x$T> {
      %y = nn.dense %x, %w : (tensor<2x3x7x$T>, tensor<7x4x$T>) -> tensor<2x3x4x$T>
      return %y : tensor<2x3x4x$T>
    })", t);
  HostTensor x = randomTensor({2, 3, 7}, t, 4), w = randomTensor({7, 4}, t, 5);
  auto r = runFunction(src, "f", {x, w});
  ASSERT_EQ(r.size(), 1u);
  HostTensor want({2, 3, 4}, t);
  for (int64_t a = 0; a < 2; ++a)
    for (int64_t i = 0; i < 3; ++i)
      for (int64_t n = 0; n < 4; ++n) {
        double s = 0;
        for (int64_t k = 0; k < 7; ++k)
          s += x.at({a, i, k}) * w.at({k, n});
        want.at({a, i, n}) = s;
      }
  expectClose(r[0], want, t, "dense rank 3");
}

TEST_P(ForDType, MatmulPlainAndBatched) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @mm(%a: tensor<3x17x$T>, %b: tensor<17x4x$T>) -> tensor<3x4x$T> {
      %y = nn.matmul %a, %b : (tensor<3x17x$T>, tensor<17x4x$T>) -> tensor<3x4x$T>
      return %y : tensor<3x4x$T>
    }
    func.func @bmm(%a: tensor<?x3x5x$T>, %b: tensor<?x5x4x$T>) -> tensor<?x3x4x$T> {
      %y = nn.matmul %a, %b : (tensor<?x3x5x$T>, tensor<?x5x4x$T>) -> tensor<?x3x4x$T>
      return %y : tensor<?x3x4x$T>
    })", t);
  std::string error;
  auto m = compileModule(src, error);
  ASSERT_TRUE(m) << error;
  HostTensor a = randomTensor({3, 17}, t, 6), b = randomTensor({17, 4}, t, 7);
  auto r = m->call("mm", {a, b}, {});
  HostTensor want({3, 4}, t);
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 4; ++j)
      for (int64_t k = 0; k < 17; ++k)
        want.at({i, j}) += a.at({i, k}) * b.at({k, j});
  expectClose(r[0], want, t, "matmul");
  HostTensor ba = randomTensor({2, 3, 5}, t, 8), bb = randomTensor({2, 5, 4}, t, 9);
  r = m->call("bmm", {ba, bb}, {});
  HostTensor bwant({2, 3, 4}, t);
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t i = 0; i < 3; ++i)
      for (int64_t j = 0; j < 4; ++j)
        for (int64_t k = 0; k < 5; ++k)
          bwant.at({n, i, j}) += ba.at({n, i, k}) * bb.at({n, k, j});
  expectClose(r[0], bwant, t, "batch matmul");
}

TEST_P(ForDType, BroadcastingBinaryOps) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%a: tensor<3x1x5x$T>, %b: tensor<4x1x$T>) -> (tensor<3x4x5x$T>, tensor<3x4x5x$T>, tensor<3x4x5x$T>) {
      %s = nn.add %a, %b : (tensor<3x1x5x$T>, tensor<4x1x$T>) -> tensor<3x4x5x$T>
      %d = nn.sub %a, %b : (tensor<3x1x5x$T>, tensor<4x1x$T>) -> tensor<3x4x5x$T>
      %m = nn.mul %a, %b : (tensor<3x1x5x$T>, tensor<4x1x$T>) -> tensor<3x4x5x$T>
      return %s, %d, %m : tensor<3x4x5x$T>, tensor<3x4x5x$T>, tensor<3x4x5x$T>
    })", t);
  HostTensor a = randomTensor({3, 1, 5}, t, 10), b = randomTensor({4, 1}, t, 11);
  auto r = runFunction(src, "f", {a, b});
  ASSERT_EQ(r.size(), 3u);
  HostTensor s({3, 4, 5}, t), d({3, 4, 5}, t), m({3, 4, 5}, t);
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 4; ++j)
      for (int64_t k = 0; k < 5; ++k) {
        double x = a.at({i, 0, k}), y = b.at({j, 0});
        s.at({i, j, k}) = x + y;
        d.at({i, j, k}) = x - y;
        m.at({i, j, k}) = x * y;
      }
  expectClose(r[0], s, t, "add");
  expectClose(r[1], d, t, "sub");
  expectClose(r[2], m, t, "mul");
}

TEST_P(ForDType, DynamicBroadcastAgainstRow) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%a: tensor<?x6x$T>, %b: tensor<6x$T>) -> tensor<?x6x$T> {
      %s = nn.add %a, %b : (tensor<?x6x$T>, tensor<6x$T>) -> tensor<?x6x$T>
      return %s : tensor<?x6x$T>
    })", t);
  HostTensor a = randomTensor({5, 6}, t, 12), b = randomTensor({6}, t, 13);
  auto r = runFunction(src, "f", {a, b});
  ASSERT_EQ(r.size(), 1u);
  HostTensor want({5, 6}, t);
  for (int64_t i = 0; i < 5; ++i)
    for (int64_t j = 0; j < 6; ++j)
      want.at({i, j}) = a.at({i, j}) + b.at({j});
  expectClose(r[0], want, t, "dynamic add");
}

TEST_P(ForDType, UnaryOps) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%x: tensor<3x17x$T>, %p: tensor<3x17x$T>) -> (tensor<3x17x$T>, tensor<3x17x$T>, tensor<3x17x$T>, tensor<3x17x$T>, tensor<3x17x$T>, tensor<3x17x$T>) {
      %0 = nn.relu %x : tensor<3x17x$T>
      %1 = nn.tanh %x : tensor<3x17x$T>
      %2 = nn.sigmoid %x : tensor<3x17x$T>
      %3 = nn.gelu %x : tensor<3x17x$T>
      %4 = nn.exp %x : tensor<3x17x$T>
      %5 = nn.log %p : tensor<3x17x$T>
      return %0, %1, %2, %3, %4, %5 : tensor<3x17x$T>, tensor<3x17x$T>, tensor<3x17x$T>, tensor<3x17x$T>, tensor<3x17x$T>, tensor<3x17x$T>
    })", t);
  HostTensor x = randomTensor({3, 17}, t, 14, -4, 4);
  HostTensor p = randomTensor({3, 17}, t, 15, 0.01, 5);
  // Extreme arguments: saturation must stay finite and exact.
  x.data[0] = -80, x.data[1] = 80, x.data[2] = 0;
  auto r = runFunction(src, "f", {x, p});
  ASSERT_EQ(r.size(), 6u);
  std::vector<HostTensor> want(6, HostTensor({3, 17}, t));
  for (int64_t i = 0; i < x.numElements(); ++i) {
    double v = x.data[i];
    want[0].data[i] = std::max(v, 0.0);
    want[1].data[i] = std::tanh(v);
    want[2].data[i] = 1.0 / (1.0 + std::exp(-v));
    want[3].data[i] = 0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0)));
    want[4].data[i] = std::exp(v);
    want[5].data[i] = std::log(p.data[i]);
  }
  const char *names[] = {"relu", "tanh", "sigmoid", "gelu", "exp", "log"};
  for (int k = 0; k < 6; ++k)
    expectClose(r[k], want[k], t, names[k]);
}

HostTensor softmaxRef(const HostTensor &x, int64_t axis) {
  HostTensor y(x.shape, x.dtype);
  int64_t rows = x.shape[0], cols = x.shape[1];
  int64_t outer = axis == 1 ? rows : cols, inner = axis == 1 ? cols : rows;
  for (int64_t o = 0; o < outer; ++o) {
    auto idx = [&](int64_t i) { return axis == 1 ? o * cols + i : i * cols + o; };
    double m = -INFINITY, s = 0;
    for (int64_t i = 0; i < inner; ++i)
      m = std::max(m, x.data[idx(i)]);
    for (int64_t i = 0; i < inner; ++i)
      s += std::exp(x.data[idx(i)] - m);
    for (int64_t i = 0; i < inner; ++i)
      y.data[idx(i)] = std::exp(x.data[idx(i)] - m) / s;
  }
  return y;
}

TEST_P(ForDType, SoftmaxBothAxesAndHugeLogits) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%x: tensor<?x7x$T>) -> (tensor<?x7x$T>, tensor<?x7x$T>) {
      %a = nn.softmax %x : tensor<?x7x$T>
      %b = nn.softmax %x {axis = 0 : i64} : tensor<?x7x$T>
      return %a, %b : tensor<?x7x$T>, tensor<?x7x$T>
    })", t);
  HostTensor x = randomTensor({3, 7}, t, 16, -3, 3);
  // A row of ±1e4 logits: a naive exp would overflow to inf/NaN.
  for (int64_t j = 0; j < 7; ++j)
    x.at({2, j}) = (j % 2 ? 1e4 : -1e4) + j;
  auto r = runFunction(src, "f", {x});
  ASSERT_EQ(r.size(), 2u);
  for (double v : r[0].data)
    EXPECT_TRUE(std::isfinite(v));
  expectClose(r[0], softmaxRef(x, 1), t, "softmax axis -1");
  expectClose(r[1], softmaxRef(x, 0), t, "softmax axis 0");
}

TEST_P(ForDType, LayerNorm) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%x: tensor<?x9x$T>, %g: tensor<9x$T>, %b: tensor<9x$T>) -> tensor<?x9x$T> {
      %y = nn.layer_norm %x, %g, %b {epsilon = 1.0e-3 : f64} : (tensor<?x9x$T>, tensor<9x$T>, tensor<9x$T>) -> tensor<?x9x$T>
      return %y : tensor<?x9x$T>
    })", t);
  HostTensor x = randomTensor({4, 9}, t, 17, -2, 3), g = randomTensor({9}, t, 18),
             b = randomTensor({9}, t, 19);
  auto r = runFunction(src, "f", {x, g, b});
  ASSERT_EQ(r.size(), 1u);
  HostTensor want({4, 9}, t);
  for (int64_t i = 0; i < 4; ++i) {
    double mean = 0, var = 0;
    for (int64_t j = 0; j < 9; ++j)
      mean += x.at({i, j}) / 9;
    for (int64_t j = 0; j < 9; ++j)
      var += (x.at({i, j}) - mean) * (x.at({i, j}) - mean) / 9;
    for (int64_t j = 0; j < 9; ++j)
      want.at({i, j}) =
          (x.at({i, j}) - mean) / std::sqrt(var + 1e-3) * g.at({j}) + b.at({j});
  }
  expectClose(r[0], want, t, "layer_norm");
}

TEST_P(ForDType, Conv2DStridePaddingDilationBias) {
  DType t = GetParam();
  // OH = (9 + 2 - 2·2 - 1)/2 + 1 = 4, OW = (11 + 4 - 1 - 1)/1 + 1 = 14.
  std::string src = withType(R"(
    func.func @f(%x: tensor<?x3x9x11x$T>, %w: tensor<4x3x3x2x$T>, %b: tensor<4x$T>) -> tensor<?x4x4x14x$T> {
      %y = nn.conv2d %x, %w, %b {stride = array<i64: 2, 1>, padding = array<i64: 1, 2>, dilation = array<i64: 2, 1>} : (tensor<?x3x9x11x$T>, tensor<4x3x3x2x$T>, tensor<4x$T>) -> tensor<?x4x4x14x$T>
      return %y : tensor<?x4x4x14x$T>
    })", t);
  HostTensor x = randomTensor({2, 3, 9, 11}, t, 20),
             w = randomTensor({4, 3, 3, 2}, t, 21), b = randomTensor({4}, t, 22);
  auto r = runFunction(src, "f", {x, w, b});
  ASSERT_EQ(r.size(), 1u);
  HostTensor want({2, 4, 4, 14}, t);
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t f = 0; f < 4; ++f)
      for (int64_t i = 0; i < 4; ++i)
        for (int64_t j = 0; j < 14; ++j) {
          double s = b.at({f});
          for (int64_t c = 0; c < 3; ++c)
            for (int64_t p = 0; p < 3; ++p)
              for (int64_t q = 0; q < 2; ++q) {
                int64_t h = i * 2 + p * 2 - 1, v = j * 1 + q * 1 - 2;
                if (h >= 0 && h < 9 && v >= 0 && v < 11)
                  s += x.at({n, c, h, v}) * w.at({f, c, p, q});
              }
          want.at({n, f, i, j}) = s;
        }
  expectClose(r[0], want, t, "conv2d");
}

TEST_P(ForDType, MaxAndAvgPoolWithStrideAndPadding) {
  DType t = GetParam();
  // OH = (9 + 2 - 3)/2 + 1 = 5, OW = (8 + 2 - 2)/2 + 1 = 5.
  std::string src = withType(R"(
    func.func @f(%x: tensor<?x3x9x8x$T>) -> (tensor<?x3x5x5x$T>, tensor<?x3x5x5x$T>) {
      %m = nn.max_pool2d %x {kernel = array<i64: 3, 2>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<?x3x9x8x$T>) -> tensor<?x3x5x5x$T>
      %a = nn.avg_pool2d %x {kernel = array<i64: 3, 2>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<?x3x9x8x$T>) -> tensor<?x3x5x5x$T>
      return %m, %a : tensor<?x3x5x5x$T>, tensor<?x3x5x5x$T>
    })", t);
  // All-negative input: a max pool that let padding (0) win would be wrong.
  HostTensor x = randomTensor({2, 3, 9, 8}, t, 23, -5, -1);
  auto r = runFunction(src, "f", {x});
  ASSERT_EQ(r.size(), 2u);
  HostTensor mx({2, 3, 5, 5}, t), av({2, 3, 5, 5}, t);
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t c = 0; c < 3; ++c)
      for (int64_t i = 0; i < 5; ++i)
        for (int64_t j = 0; j < 5; ++j) {
          double m = -INFINITY, s = 0;
          for (int64_t p = 0; p < 3; ++p)
            for (int64_t q = 0; q < 2; ++q) {
              int64_t h = i * 2 + p - 1, v = j * 2 + q - 1;
              if (h >= 0 && h < 9 && v >= 0 && v < 8) {
                m = std::max(m, x.at({n, c, h, v}));
                s += x.at({n, c, h, v});
              }
            }
          mx.at({n, c, i, j}) = m;
          av.at({n, c, i, j}) = s / 6.0; // padded positions count as zeros
        }
  expectClose(r[0], mx, t, "max_pool2d");
  expectClose(r[1], av, t, "avg_pool2d");
}

TEST_P(ForDType, EmbeddingClampsIds) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%ids: tensor<2x3xi64>, %table: tensor<7x4x$T>) -> tensor<2x3x4x$T> {
      %e = nn.embedding %ids, %table : (tensor<2x3xi64>, tensor<7x4x$T>) -> tensor<2x3x4x$T>
      return %e : tensor<2x3x4x$T>
    })", t);
  HostTensor ids({2, 3}, DType::I64);
  ids.data = {0, 6, 3, -1, 100, 2};
  HostTensor table = randomTensor({7, 4}, t, 24);
  auto r = runFunction(src, "f", {ids, table});
  ASSERT_EQ(r.size(), 1u);
  HostTensor want({2, 3, 4}, t);
  for (int64_t i = 0; i < 6; ++i) {
    int64_t row = std::min<int64_t>(std::max<int64_t>(ids.data[i], 0), 6);
    for (int64_t d = 0; d < 4; ++d)
      want.data[i * 4 + d] = table.at({row, d});
  }
  expectClose(r[0], want, t, "embedding");
}

TEST_P(ForDType, MseMeanOverBatch) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%p: tensor<?x6x$T>, %y: tensor<?x6x$T>) -> tensor<$T> {
      %l = nn.mse %p, %y : (tensor<?x6x$T>, tensor<?x6x$T>) -> tensor<$T>
      return %l : tensor<$T>
    })", t);
  HostTensor p = randomTensor({4, 6}, t, 25), y = randomTensor({4, 6}, t, 26);
  auto r = runFunction(src, "f", {p, y});
  ASSERT_EQ(r.size(), 1u);
  HostTensor want({}, t);
  for (int64_t i = 0; i < 24; ++i)
    want.data[0] += 0.5 * (p.data[i] - y.data[i]) * (p.data[i] - y.data[i]) / 4;
  expectClose(r[0], want, t, "mse");
}

double crossEntropyRef(const HostTensor &z, const HostTensor &y) {
  int64_t c = z.shape.back(), positions = y.numElements();
  double total = 0;
  for (int64_t p = 0; p < positions; ++p) {
    double m = -INFINITY, s = 0;
    for (int64_t k = 0; k < c; ++k)
      m = std::max(m, z.data[p * c + k]);
    for (int64_t k = 0; k < c; ++k)
      s += std::exp(z.data[p * c + k] - m);
    total += std::log(s) + m - z.data[p * c + int64_t(y.data[p])];
  }
  return total / positions;
}

TEST_P(ForDType, CrossEntropyHugeLogitsAndSequences) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%z: tensor<?x7x$T>, %y: tensor<?xi64>) -> tensor<$T> {
      %l = nn.cross_entropy %z, %y : (tensor<?x7x$T>, tensor<?xi64>) -> tensor<$T>
      return %l : tensor<$T>
    }
    func.func @seq(%z: tensor<2x3x4x$T>, %y: tensor<2x3xi32>) -> tensor<$T> {
      %l = nn.cross_entropy %z, %y : (tensor<2x3x4x$T>, tensor<2x3xi32>) -> tensor<$T>
      return %l : tensor<$T>
    })", t);
  std::string error;
  auto m = compileModule(src, error);
  ASSERT_TRUE(m) << error;
  HostTensor z = randomTensor({5, 7}, t, 27, -3, 3);
  for (int64_t k = 0; k < 7; ++k) {
    z.at({0, k}) = k == 2 ? 1e4 : -1e4; // confident and right: loss ≈ 0
    z.at({1, k}) = k == 2 ? 1e4 : -1e4; // confident and wrong: loss ≈ 2e4
  }
  HostTensor y({5}, DType::I64);
  y.data = {2, 5, 0, 6, 3};
  auto r = m->call("f", {z, y}, {});
  ASSERT_EQ(r.size(), 1u);
  ASSERT_TRUE(std::isfinite(r[0].data[0]));
  HostTensor want({}, t);
  want.data[0] = crossEntropyRef(z, y);
  expectClose(r[0], want, t, "cross_entropy");
  HostTensor zs = randomTensor({2, 3, 4}, t, 28, -2, 2);
  HostTensor ys({2, 3}, DType::I32);
  ys.data = {0, 1, 2, 3, 3, 1};
  r = m->call("seq", {zs, ys}, {});
  ASSERT_EQ(r.size(), 1u);
  want.data[0] = crossEntropyRef(zs, ys);
  expectClose(r[0], want, t, "cross_entropy over a sequence");
}

INSTANTIATE_TEST_SUITE_P(NNForward, ForDType,
                         ::testing::Values(DType::F32, DType::F64),
                         dtypeTestName);

} // namespace
