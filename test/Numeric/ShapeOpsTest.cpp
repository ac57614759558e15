//===- ShapeOpsTest.cpp - shape ops and parameter initialisers, natively --===//
//
// Shape ops must move every element to the right place (exact equality);
// initialisers must be deterministic in the seed and follow their
// distribution (statistical bounds stated at each check).
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include <cmath>

using namespace pcc::test;

namespace {

/// Row-major linear index → multi-index.
std::vector<int64_t> unravel(int64_t i, const std::vector<int64_t> &shape) {
  std::vector<int64_t> idx(shape.size());
  for (int64_t d = (int64_t)shape.size() - 1; d >= 0; --d) {
    idx[d] = i % shape[d];
    i /= shape[d];
  }
  return idx;
}

int64_t ravel(const std::vector<int64_t> &idx, const std::vector<int64_t> &shape) {
  int64_t lin = 0;
  for (size_t d = 0; d < shape.size(); ++d)
    lin = lin * shape[d] + idx[d];
  return lin;
}

void expectExact(const HostTensor &got, const HostTensor &want,
                 const std::string &what) {
  ASSERT_EQ(got.shape, want.shape) << what;
  for (size_t i = 0; i < got.data.size(); ++i)
    ASSERT_EQ(got.data[i], want.data[i]) << what << " at element " << i;
}

TEST(ShapeOps, ReshapeFlattenTranspose) {
  std::string src = R"(
    func.func @f(%x: tensor<?x3x4xf64>) -> (tensor<?x12xf64>, tensor<?x12xf64>, tensor<4x?x3xf64>, tensor<?x4xf64>) {
      %r = nn.reshape %x : (tensor<?x3x4xf64>) -> tensor<?x12xf64>
      %f = nn.flatten %x : (tensor<?x3x4xf64>) -> tensor<?x12xf64>
      %t = nn.transpose %x {permutation = array<i64: 2, 0, 1>} : (tensor<?x3x4xf64>) -> tensor<4x?x3xf64>
      %g = nn.flatten %x {axis = 2 : i64} : (tensor<?x3x4xf64>) -> tensor<?x4xf64>
      return %r, %f, %t, %g : tensor<?x12xf64>, tensor<?x12xf64>, tensor<4x?x3xf64>, tensor<?x4xf64>
    })";
  HostTensor x = randomTensor({2, 3, 4}, DType::F64, 30);
  auto r = runFunction(src, "f", {x});
  ASSERT_EQ(r.size(), 4u);
  HostTensor flat({2, 12}, DType::F64);
  flat.data = x.data;
  expectExact(r[0], flat, "reshape");
  expectExact(r[1], flat, "flatten");
  HostTensor tr({4, 2, 3}, DType::F64);
  for (int64_t i = 0; i < 24; ++i) {
    auto idx = unravel(i, x.shape);
    tr.data[ravel({idx[2], idx[0], idx[1]}, tr.shape)] = x.data[i];
  }
  expectExact(r[2], tr, "transpose");
  HostTensor g({6, 4}, DType::F64);
  g.data = x.data;
  expectExact(r[3], g, "flatten axis 2");
}

TEST(ShapeOps, ReshapeStaticRank4ToRank2) {
  std::string src = R"(
    func.func @f(%x: tensor<2x1x4x3xf32>) -> tensor<6x4xf32> {
      %r = nn.reshape %x : (tensor<2x1x4x3xf32>) -> tensor<6x4xf32>
      return %r : tensor<6x4xf32>
    })";
  HostTensor x = randomTensor({2, 1, 4, 3}, DType::F32, 31);
  auto r = runFunction(src, "f", {x});
  ASSERT_EQ(r.size(), 1u);
  HostTensor want({6, 4}, DType::F32);
  want.data = x.data;
  expectExact(r[0], want, "reshape");
}

TEST(ShapeOps, ConcatDynamicAndSlice) {
  std::string src = R"(
    func.func @cat(%a: tensor<?x3xf32>, %b: tensor<?x2xf32>, %c: tensor<4x3xf32>) -> (tensor<?x5xf32>, tensor<?x3xf32>) {
      %x = nn.concat %a, %b {axis = 1 : i64} : (tensor<?x3xf32>, tensor<?x2xf32>) -> tensor<?x5xf32>
      %y = nn.concat %a, %c {axis = -2 : i64} : (tensor<?x3xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
      return %x, %y : tensor<?x5xf32>, tensor<?x3xf32>
    }
    func.func @slice(%x: tensor<7x9xf32>, %d: tensor<?x9xf32>) -> (tensor<3x3xf32>, tensor<?x4xf32>) {
      %s = nn.slice %x {offsets = array<i64: 1, 2>, sizes = array<i64: 3, 3>, strides = array<i64: 2, 3>} : (tensor<7x9xf32>) -> tensor<3x3xf32>
      %t = nn.slice %d {offsets = array<i64: 0, 5>, sizes = array<i64: -1, 4>, strides = array<i64: 1, 1>} : (tensor<?x9xf32>) -> tensor<?x4xf32>
      return %s, %t : tensor<3x3xf32>, tensor<?x4xf32>
    })";
  std::string error;
  auto m = compileModule(src, error);
  ASSERT_TRUE(m) << error;
  HostTensor a = randomTensor({2, 3}, DType::F32, 32),
             b = randomTensor({2, 2}, DType::F32, 33),
             c = randomTensor({4, 3}, DType::F32, 34);
  auto r = m->call("cat", {a, b, c}, {});
  ASSERT_EQ(r.size(), 2u);
  HostTensor x({2, 5}, DType::F32), y({6, 3}, DType::F32);
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 5; ++j)
      x.at({i, j}) = j < 3 ? a.at({i, j}) : b.at({i, j - 3});
  for (int64_t i = 0; i < 6; ++i)
    for (int64_t j = 0; j < 3; ++j)
      y.at({i, j}) = i < 2 ? a.at({i, j}) : c.at({i - 2, j});
  expectExact(r[0], x, "concat axis 1");
  expectExact(r[1], y, "concat axis -2");
  HostTensor s = randomTensor({7, 9}, DType::F32, 35),
             d = randomTensor({3, 9}, DType::F32, 36);
  r = m->call("slice", {s, d}, {});
  ASSERT_EQ(r.size(), 2u);
  HostTensor ws({3, 3}, DType::F32), wt({3, 4}, DType::F32);
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 3; ++j)
      ws.at({i, j}) = s.at({1 + 2 * i, 2 + 3 * j});
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 4; ++j)
      wt.at({i, j}) = d.at({i, 5 + j});
  expectExact(r[0], ws, "strided slice");
  expectExact(r[1], wt, "slice of a dynamic dimension");
}

struct Moments {
  double mean = 0, stddev = 0, min = INFINITY, max = -INFINITY;
};

Moments moments(const HostTensor &t) {
  Moments m;
  for (double v : t.data) {
    m.mean += v;
    m.min = std::min(m.min, v);
    m.max = std::max(m.max, v);
  }
  m.mean /= t.numElements();
  for (double v : t.data)
    m.stddev += (v - m.mean) * (v - m.mean);
  m.stddev = std::sqrt(m.stddev / (t.numElements() - 1));
  return m;
}

TEST(ParamInit, DistributionsAndDeterminism) {
  std::string src = R"(
    func.func @f() -> (tensor<256x128xf32>, tensor<256x128xf32>, tensor<256x128xf32>, tensor<16x8x3x3xf64>, tensor<64x1024xf64>, tensor<64x1024xf64>, tensor<5xf32>, tensor<3x2xf64>) {
      %g = nn.param "g" glorot_uniform seed 7 : tensor<256x128xf32>
      %g2 = nn.param "g2" glorot_uniform seed 7 : tensor<256x128xf32>
      %g3 = nn.param "g3" glorot_uniform seed 8 : tensor<256x128xf32>
      %h = nn.param "h" he_normal seed 3 : tensor<16x8x3x3xf64>
      %u = nn.param "u" uniform(-0.5, 1.5) seed 1 : tensor<64x1024xf64>
      %n = nn.param "n" normal(1.0, 2.0) seed 2 : tensor<64x1024xf64>
      %c = nn.param "c" constant(0.25) seed 0 : tensor<5xf32>
      %z = nn.param "z" zeros seed 0 : tensor<3x2xf64>
      return %g, %g2, %g3, %h, %u, %n, %c, %z : tensor<256x128xf32>, tensor<256x128xf32>, tensor<256x128xf32>, tensor<16x8x3x3xf64>, tensor<64x1024xf64>, tensor<64x1024xf64>, tensor<5xf32>, tensor<3x2xf64>
    })";
  auto r = runFunction(src, "f", {});
  ASSERT_EQ(r.size(), 8u);
  // Same seed, same tensor; another seed, another tensor.
  EXPECT_EQ(r[0].data, r[1].data);
  EXPECT_NE(r[0].data, r[2].data);
  // Glorot uniform: U(±√(6/(256+128))) = U(±0.125). With n = 32768 draws the
  // extremes lie within 1% of the bound (a gap that large has probability
  // e^-327), and the sample standard deviation bound/√3 has a relative
  // standard error of about 0.3%, so 1.5% is a 5-sigma bound.
  double bound = std::sqrt(6.0 / 384.0);
  Moments g = moments(r[0]);
  EXPECT_LE(g.max, bound);
  EXPECT_GE(g.min, -bound);
  EXPECT_GT(g.max, 0.99 * bound);
  EXPECT_LT(g.min, -0.99 * bound);
  EXPECT_NEAR(g.stddev, bound / std::sqrt(3.0), 0.015 * bound / std::sqrt(3.0));
  EXPECT_NEAR(g.mean, 0.0, 5 * bound / std::sqrt(3.0) / std::sqrt(32768.0));
  // He normal on a conv filter: fan_in = 8·3·3 = 72, σ = √(2/72) = 1/6.
  // n = 1152 draws: the sample σ is within 3·σ/√(2n) ≈ 6.3% with
  // overwhelming probability; the mean within 5σ/√n.
  Moments h = moments(r[3]);
  EXPECT_NEAR(h.stddev, 1.0 / 6, 0.063 / 6);
  EXPECT_NEAR(h.mean, 0.0, 5.0 / 6 / std::sqrt(1152.0));
  // uniform(-0.5, 1.5): mean 0.5, σ = 2/√12; n = 65536, so the sample σ has
  // a relative standard error of 0.2%; 0.01 absolute is ~1.7%.
  Moments u = moments(r[4]);
  EXPECT_GE(u.min, -0.5);
  EXPECT_LT(u.max, 1.5);
  EXPECT_NEAR(u.mean, 0.5, 5 * (2 / std::sqrt(12.0)) / 256);
  EXPECT_NEAR(u.stddev, 2 / std::sqrt(12.0), 0.01);
  // normal(1, 2): mean within 5σ/√n = 0.039; σ within 2% (7 standard errors).
  Moments n = moments(r[5]);
  EXPECT_NEAR(n.mean, 1.0, 5 * 2.0 / 256);
  EXPECT_NEAR(n.stddev, 2.0, 0.04);
  for (double v : r[6].data)
    EXPECT_EQ(v, 0.25);
  for (double v : r[7].data)
    EXPECT_EQ(v, 0.0);
}

TEST(Harness, CompileErrorsAreReportedNotCrashed) {
  std::string error;
  auto m = compileModule(R"(
    func.func @f(%x: tensor<3x4xf32>) -> tensor<3x5xf32> {
      %y = nn.relu %x : tensor<3x4xf32>
      return %y : tensor<3x5xf32>
    })",
                         error);
  EXPECT_FALSE(m);
  EXPECT_NE(error.find("test.mlir\":4:14"), std::string::npos) << error;
  EXPECT_NE(error.find("expects different type"), std::string::npos) << error;
}

} // namespace
