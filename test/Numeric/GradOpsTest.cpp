//===- GradOpsTest.cpp - ops that differentiation emits vs float64 -------===//
//
// The elementwise ops, reductions and broadcasts that differentiation
// needs, and the gradient ops, each lowered to native code, run on
// odd-sized random inputs and compared with a naive float64 loop. The
// references of the window gradients are written in "scatter" form — loop
// over the forward op's outputs and add each one's contribution to the
// input positions it read — while the lowering gathers, so the two
// formulations check each other. Tolerances: see TestUtil.h.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include <cmath>
#include <limits>

using namespace pcc::test;

namespace {

class GradOps : public ForDType {};

/// Random values on a grid of `levels` steps in [lo, hi): exact in f32 and
/// full of ties, which decide where max pooling routes its gradient.
HostTensor gridTensor(std::vector<int64_t> shape, DType t, uint64_t seed,
                      double lo, double hi, int levels) {
  HostTensor x = randomTensor(std::move(shape), t, seed, 0, levels);
  for (double &v : x.data)
    v = lo + std::floor(v) * (hi - lo) / levels;
  return x;
}

//===----------------------------------------------------------------------===//
// Elementwise ops, reductions, broadcasts
//===----------------------------------------------------------------------===//

TEST_P(GradOps, DivBroadcastAndUnaryOps) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%a: tensor<3x1x5x$T>, %b: tensor<4x1x$T>, %x: tensor<?x7x$T>, %p: tensor<?x7x$T>, %q: tensor<?x7x$T>)
        -> (tensor<3x4x5x$T>, tensor<?x7x$T>, tensor<?x7x$T>, tensor<?x7x$T>, tensor<?x7x$T>, tensor<?x7x$T>) {
      %d = nn.div %a, %b : (tensor<3x1x5x$T>, tensor<4x1x$T>) -> tensor<3x4x5x$T>
      %0 = nn.neg %x : tensor<?x7x$T>
      %1 = nn.sqrt %p : tensor<?x7x$T>
      %2 = nn.sin %x : tensor<?x7x$T>
      %3 = nn.cos %x : tensor<?x7x$T>
      %4 = nn.tan %q : tensor<?x7x$T>
      return %d, %0, %1, %2, %3, %4 : tensor<3x4x5x$T>, tensor<?x7x$T>, tensor<?x7x$T>, tensor<?x7x$T>, tensor<?x7x$T>, tensor<?x7x$T>
    })", t);
  HostTensor a = randomTensor({3, 1, 5}, t, 101),
             b = randomTensor({4, 1}, t, 102, 0.5, 2.0);
  b.data[1] = -b.data[1];
  HostTensor x = randomTensor({3, 7}, t, 103, -4, 4),
             p = randomTensor({3, 7}, t, 104, 0.01, 5),
             q = randomTensor({3, 7}, t, 105, -1.3, 1.3);
  p.data[0] = 0; // sqrt(0) = 0 exactly
  auto r = runFunction(src, "f", {a, b, x, p, q});
  ASSERT_EQ(r.size(), 6u);
  HostTensor d({3, 4, 5}, t);
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 4; ++j)
      for (int64_t k = 0; k < 5; ++k)
        d.at({i, j, k}) = a.at({i, 0, k}) / b.at({j, 0});
  expectClose(r[0], d, t, "div");
  std::vector<HostTensor> want(5, HostTensor({3, 7}, t));
  for (int64_t i = 0; i < 21; ++i) {
    want[0].data[i] = -x.data[i];
    want[1].data[i] = std::sqrt(p.data[i]);
    want[2].data[i] = std::sin(x.data[i]);
    want[3].data[i] = std::cos(x.data[i]);
    want[4].data[i] = std::tan(q.data[i]);
  }
  const char *names[] = {"neg", "sqrt", "sin", "cos", "tan"};
  for (int k = 0; k < 5; ++k)
    expectClose(r[k + 1], want[k], t, names[k]);
}

TEST_P(GradOps, ReduceSumAxesAndKeepDims) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%x: tensor<?x3x5x$T>) -> (tensor<3x$T>, tensor<?x3x1x$T>, tensor<$T>, tensor<1x1x1x$T>, tensor<?x1x5x$T>, tensor<?x3x5x$T>) {
      %0 = nn.reduce_sum %x {axes = array<i64: 0, 2>} : (tensor<?x3x5x$T>) -> tensor<3x$T>
      %1 = nn.reduce_sum %x {axes = array<i64: -1>, keep_dims = true} : (tensor<?x3x5x$T>) -> tensor<?x3x1x$T>
      %2 = nn.reduce_sum %x {axes = array<i64: 2, 0, 1>} : (tensor<?x3x5x$T>) -> tensor<$T>
      %3 = nn.reduce_sum %x {axes = array<i64: 0, 1, 2>, keep_dims = true} : (tensor<?x3x5x$T>) -> tensor<1x1x1x$T>
      %4 = nn.reduce_sum %x {axes = array<i64: 1>, keep_dims = true} : (tensor<?x3x5x$T>) -> tensor<?x1x5x$T>
      %5 = nn.reduce_sum %x {axes = array<i64>} : (tensor<?x3x5x$T>) -> tensor<?x3x5x$T>
      return %0, %1, %2, %3, %4, %5 : tensor<3x$T>, tensor<?x3x1x$T>, tensor<$T>, tensor<1x1x1x$T>, tensor<?x1x5x$T>, tensor<?x3x5x$T>
    })", t);
  HostTensor x = randomTensor({4, 3, 5}, t, 106);
  auto r = runFunction(src, "f", {x});
  ASSERT_EQ(r.size(), 6u);
  HostTensor s02({3}, t), s2({4, 3, 1}, t), all({}, t), allKeep({1, 1, 1}, t),
      s1({4, 1, 5}, t);
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = 0; j < 3; ++j)
      for (int64_t k = 0; k < 5; ++k) {
        double v = x.at({i, j, k});
        s02.at({j}) += v;
        s2.at({i, j, 0}) += v;
        all.data[0] += v;
        allKeep.data[0] += v;
        s1.at({i, 0, k}) += v;
      }
  expectClose(r[0], s02, t, "reduce_sum axes [0, 2]");
  expectClose(r[1], s2, t, "reduce_sum axes [-1] keep_dims");
  expectClose(r[2], all, t, "reduce_sum every axis");
  expectClose(r[3], allKeep, t, "reduce_sum every axis keep_dims");
  expectClose(r[4], s1, t, "reduce_sum axes [1] keep_dims");
  expectClose(r[5], x, t, "reduce_sum no axes");
}

TEST_P(GradOps, BroadcastLikeAxesAndNumPy) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%g: tensor<?x5x$T>, %v: tensor<3x$T>, %c: tensor<3x1x$T>, %s: tensor<$T>, %like: tensor<?x3x5x$T>)
        -> (tensor<?x3x5x$T>, tensor<?x3x5x$T>, tensor<?x3x5x$T>, tensor<?x3x5x$T>, tensor<?x3x5x$T>) {
      %0 = nn.broadcast_like %g, %like {axes = array<i64: 1>} : (tensor<?x5x$T>, tensor<?x3x5x$T>) -> tensor<?x3x5x$T>
      %1 = nn.broadcast_like %v, %like {axes = array<i64: 0, -1>} : (tensor<3x$T>, tensor<?x3x5x$T>) -> tensor<?x3x5x$T>
      %2 = nn.broadcast_like %c, %like : (tensor<3x1x$T>, tensor<?x3x5x$T>) -> tensor<?x3x5x$T>
      %3 = nn.broadcast_like %s, %like : (tensor<$T>, tensor<?x3x5x$T>) -> tensor<?x3x5x$T>
      %4 = nn.broadcast_like %s, %like {axes = array<i64: 0, 1, 2>} : (tensor<$T>, tensor<?x3x5x$T>) -> tensor<?x3x5x$T>
      return %0, %1, %2, %3, %4 : tensor<?x3x5x$T>, tensor<?x3x5x$T>, tensor<?x3x5x$T>, tensor<?x3x5x$T>, tensor<?x3x5x$T>
    })", t);
  HostTensor g = randomTensor({4, 5}, t, 107), v = randomTensor({3}, t, 108),
             c = randomTensor({3, 1}, t, 109), s = randomTensor({}, t, 110),
             like = randomTensor({4, 3, 5}, t, 111);
  auto r = runFunction(src, "f", {g, v, c, s, like});
  ASSERT_EQ(r.size(), 5u);
  std::vector<HostTensor> want(5, HostTensor({4, 3, 5}, t));
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = 0; j < 3; ++j)
      for (int64_t k = 0; k < 5; ++k) {
        want[0].at({i, j, k}) = g.at({i, k});
        want[1].at({i, j, k}) = v.at({j});
        want[2].at({i, j, k}) = c.at({j, 0});
        want[3].at({i, j, k}) = s.data[0];
        want[4].at({i, j, k}) = s.data[0];
      }
  const char *names[] = {"broadcast_like axes [1]", "broadcast_like axes [0, -1]",
                         "broadcast_like 3x1", "broadcast_like scalar",
                         "broadcast_like scalar along every axis"};
  for (int k = 0; k < 5; ++k)
    expectClose(r[k], want[k], t, names[k]);
}

//===----------------------------------------------------------------------===//
// Elementwise gradients
//===----------------------------------------------------------------------===//

TEST_P(GradOps, ReluAndGeluGrad) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%x: tensor<?x17x$T>, %g: tensor<?x17x$T>) -> (tensor<?x17x$T>, tensor<?x17x$T>) {
      %0 = nn.relu_grad %x, %g : tensor<?x17x$T>
      %1 = nn.gelu_grad %x, %g : tensor<?x17x$T>
      return %0, %1 : tensor<?x17x$T>, tensor<?x17x$T>
    })", t);
  HostTensor x = randomTensor({3, 17}, t, 112, -4, 4),
             g = randomTensor({3, 17}, t, 113);
  x.data[0] = 0, x.data[1] = -30, x.data[2] = 30; // relu' at 0 is 0
  auto r = runFunction(src, "f", {x, g});
  ASSERT_EQ(r.size(), 2u);
  HostTensor relu({3, 17}, t), gelu({3, 17}, t);
  for (int64_t i = 0; i < x.numElements(); ++i) {
    double v = x.data[i];
    relu.data[i] = v > 0 ? g.data[i] : 0.0;
    double cdf = 0.5 * (1 + std::erf(v / std::sqrt(2.0)));
    double pdf = std::exp(-v * v / 2) / std::sqrt(2 * M_PI);
    gelu.data[i] = g.data[i] * (cdf + v * pdf);
  }
  expectClose(r[0], relu, t, "relu_grad");
  expectClose(r[1], gelu, t, "gelu_grad");
}

//===----------------------------------------------------------------------===//
// Convolution gradients
//===----------------------------------------------------------------------===//

// The forward convolution: x [2, 3, 10, 11], w [4, 3, 3, 2], stride (2, 3),
// padding (1, 2), dilation (2, 1): OH = (10 + 2 - 4 - 1)/2 + 1 = 4 and
// OW = (11 + 4 - 1 - 1)/3 + 1 = 5. With dilation 2 and stride 2 only odd
// rows are read, and the last column is not read at all.
constexpr int64_t kN = 2, kC = 3, kH = 10, kW = 11, kF = 4, kKH = 3, kKW = 2,
                  kOH = 4, kOW = 5;

/// Calls `body(n, f, oh, ow, c, kh, kw, h, w)` for every term of the forward
/// convolution that reads an input position inside the image.
template <typename Fn> void forEachConvTerm(Fn body) {
  for (int64_t n = 0; n < kN; ++n)
    for (int64_t f = 0; f < kF; ++f)
      for (int64_t oh = 0; oh < kOH; ++oh)
        for (int64_t ow = 0; ow < kOW; ++ow)
          for (int64_t c = 0; c < kC; ++c)
            for (int64_t kh = 0; kh < kKH; ++kh)
              for (int64_t kw = 0; kw < kKW; ++kw) {
                int64_t h = oh * 2 + kh * 2 - 1, w = ow * 3 + kw * 1 - 2;
                if (h >= 0 && h < kH && w >= 0 && w < kW)
                  body(n, f, oh, ow, c, kh, kw, h, w);
              }
}

TEST_P(GradOps, Conv2DGradInputStridePaddingDilation) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%g: tensor<?x4x4x5x$T>, %w: tensor<4x3x3x2x$T>) -> tensor<?x3x10x11x$T> {
      %dx = nn.conv2d_grad_input %g, %w {stride = array<i64: 2, 3>, padding = array<i64: 1, 2>, dilation = array<i64: 2, 1>} : (tensor<?x4x4x5x$T>, tensor<4x3x3x2x$T>) -> tensor<?x3x10x11x$T>
      return %dx : tensor<?x3x10x11x$T>
    })", t);
  HostTensor g = randomTensor({kN, kF, kOH, kOW}, t, 114),
             w = randomTensor({kF, kC, kKH, kKW}, t, 115);
  auto r = runFunction(src, "f", {g, w});
  ASSERT_EQ(r.size(), 1u);
  HostTensor want({kN, kC, kH, kW}, t);
  forEachConvTerm([&](int64_t n, int64_t f, int64_t oh, int64_t ow, int64_t c,
                      int64_t kh, int64_t kw, int64_t h, int64_t x) {
    want.at({n, c, h, x}) += g.at({n, f, oh, ow}) * w.at({f, c, kh, kw});
  });
  expectClose(r[0], want, t, "conv2d_grad_input");
}

TEST_P(GradOps, Conv2DGradFilterStridePaddingDilation) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%x: tensor<?x3x10x11x$T>, %g: tensor<?x4x4x5x$T>) -> tensor<4x3x3x2x$T> {
      %dw = nn.conv2d_grad_filter %x, %g {stride = array<i64: 2, 3>, padding = array<i64: 1, 2>, dilation = array<i64: 2, 1>} : (tensor<?x3x10x11x$T>, tensor<?x4x4x5x$T>) -> tensor<4x3x3x2x$T>
      return %dw : tensor<4x3x3x2x$T>
    })", t);
  HostTensor x = randomTensor({kN, kC, kH, kW}, t, 116),
             g = randomTensor({kN, kF, kOH, kOW}, t, 117);
  auto r = runFunction(src, "f", {x, g});
  ASSERT_EQ(r.size(), 1u);
  HostTensor want({kF, kC, kKH, kKW}, t);
  forEachConvTerm([&](int64_t n, int64_t f, int64_t oh, int64_t ow, int64_t c,
                      int64_t kh, int64_t kw, int64_t h, int64_t w) {
    want.at({f, c, kh, kw}) += g.at({n, f, oh, ow}) * x.at({n, c, h, w});
  });
  expectClose(r[0], want, t, "conv2d_grad_filter");
}

// At stride 1 the input's spatial size follows from the grad's, so it may
// be dynamic: H = OH - 1 + 2·(3 - 1) + 1 - 2·1 = OH + 2.
TEST_P(GradOps, Conv2DGradInputDynamicImage) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%g: tensor<?x2x?x?x$T>, %w: tensor<2x3x3x3x$T>) -> tensor<?x3x?x?x$T> {
      %dx = nn.conv2d_grad_input %g, %w {padding = array<i64: 1, 1>, dilation = array<i64: 2, 2>} : (tensor<?x2x?x?x$T>, tensor<2x3x3x3x$T>) -> tensor<?x3x?x?x$T>
      return %dx : tensor<?x3x?x?x$T>
    })", t);
  const int64_t n = 1, f = 2, c = 3, oh = 3, ow = 5, h = oh + 2, w = ow + 2;
  HostTensor g = randomTensor({n, f, oh, ow}, t, 118),
             wt = randomTensor({f, c, 3, 3}, t, 119);
  auto r = runFunction(src, "f", {g, wt});
  ASSERT_EQ(r.size(), 1u);
  HostTensor want({n, c, h, w}, t);
  for (int64_t a = 0; a < f; ++a)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j)
        for (int64_t k = 0; k < c; ++k)
          for (int64_t p = 0; p < 3; ++p)
            for (int64_t q = 0; q < 3; ++q) {
              int64_t y = i + 2 * p - 1, x = j + 2 * q - 1;
              if (y >= 0 && y < h && x >= 0 && x < w)
                want.at({0, k, y, x}) += g.at({0, a, i, j}) * wt.at({a, k, p, q});
            }
  expectClose(r[0], want, t, "conv2d_grad_input, dynamic image");
}

//===----------------------------------------------------------------------===//
// Pooling gradients
//===----------------------------------------------------------------------===//

// Overlapping windows: kernel 3x2, stride 2x2, padding 1x1 on 9x8 gives 5x5.
TEST_P(GradOps, MaxPool2DGradFirstMaximumOverlappingWindows) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%x: tensor<?x3x9x8x$T>, %g: tensor<?x3x5x5x$T>) -> tensor<?x3x9x8x$T> {
      %dx = nn.max_pool2d_grad %x, %g {kernel = array<i64: 3, 2>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<?x3x9x8x$T>, tensor<?x3x5x5x$T>) -> tensor<?x3x9x8x$T>
      return %dx : tensor<?x3x9x8x$T>
    }
    func.func @default_stride(%x: tensor<2x2x7x5x$T>, %g: tensor<2x2x3x2x$T>) -> tensor<2x2x7x5x$T> {
      %dx = nn.max_pool2d_grad %x, %g {kernel = array<i64: 2, 2>} : (tensor<2x2x7x5x$T>, tensor<2x2x3x2x$T>) -> tensor<2x2x7x5x$T>
      return %dx : tensor<2x2x7x5x$T>
    }
    func.func @tiled(%x: tensor<?x2x6x9x$T>, %g: tensor<?x2x3x3x$T>) -> tensor<?x2x6x9x$T> {
      %dx = nn.max_pool2d_grad %x, %g {kernel = array<i64: 2, 3>} : (tensor<?x2x6x9x$T>, tensor<?x2x3x3x$T>) -> tensor<?x2x6x9x$T>
      return %dx : tensor<?x2x6x9x$T>
    })", t);
  std::string error;
  auto m = compileModule(src, error);
  ASSERT_TRUE(m) << error;
  // Reference: each window's gradient goes to its first maximum in
  // row-major order; positions in the padding are never candidates.
  auto reference = [](const HostTensor &x, const HostTensor &g, int64_t kh,
                      int64_t kw, int64_t sh, int64_t sw, int64_t pad) {
    HostTensor dx(x.shape, x.dtype);
    for (int64_t n = 0; n < g.shape[0]; ++n)
      for (int64_t c = 0; c < g.shape[1]; ++c)
        for (int64_t i = 0; i < g.shape[2]; ++i)
          for (int64_t j = 0; j < g.shape[3]; ++j) {
            int64_t bh = -1, bw = -1;
            double best = -INFINITY;
            for (int64_t p = 0; p < kh; ++p)
              for (int64_t q = 0; q < kw; ++q) {
                int64_t h = i * sh + p - pad, w = j * sw + q - pad;
                if (h < 0 || h >= x.shape[2] || w < 0 || w >= x.shape[3])
                  continue;
                if (bh < 0 || x.at({n, c, h, w}) > best)
                  best = x.at({n, c, h, w}), bh = h, bw = w;
              }
            dx.at({n, c, bh, bw}) += g.at({n, c, i, j});
          }
    return dx;
  };
  // Negative values on a coarse grid: many ties, and a padding that won
  // with 0 would take the gradient away from the image.
  HostTensor x = gridTensor({2, 3, 9, 8}, t, 120, -2, -1, 4);
  HostTensor g = randomTensor({2, 3, 5, 5}, t, 121);
  auto r = m->call("f", {x, g}, {});
  ASSERT_EQ(r.size(), 1u);
  expectClose(r[0], reference(x, g, 3, 2, 2, 2, 1), t, "max_pool2d_grad");
  HostTensor x2 = gridTensor({2, 2, 7, 5}, t, 122, -1, 1, 3);
  HostTensor g2 = randomTensor({2, 2, 3, 2}, t, 123);
  r = m->call("default_stride", {x2, g2}, {});
  ASSERT_EQ(r.size(), 1u);
  expectClose(r[0], reference(x2, g2, 2, 2, 2, 2, 0), t,
              "max_pool2d_grad, default stride");
  // Windows tiling the image exactly (the lowering's parallel fast path),
  // with ties, a dynamic batch and a non-square kernel.
  HostTensor x3 = gridTensor({3, 2, 6, 9}, t, 124, -1, 1, 3);
  HostTensor g3 = randomTensor({3, 2, 3, 3}, t, 125);
  r = m->call("tiled", {x3, g3}, {});
  ASSERT_EQ(r.size(), 1u);
  expectClose(r[0], reference(x3, g3, 2, 3, 2, 3, 0), t,
              "max_pool2d_grad, windows tiling the image");
}

TEST_P(GradOps, AvgPool2DGradCountIncludePad) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%g: tensor<?x3x5x5x$T>) -> tensor<?x3x9x8x$T> {
      %dx = nn.avg_pool2d_grad %g {kernel = array<i64: 3, 2>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<?x3x5x5x$T>) -> tensor<?x3x9x8x$T>
      return %dx : tensor<?x3x9x8x$T>
    }
    func.func @stride1(%g: tensor<?x2x?x?x$T>) -> tensor<?x2x?x?x$T> {
      %dx = nn.avg_pool2d_grad %g {kernel = array<i64: 3, 3>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>} : (tensor<?x2x?x?x$T>) -> tensor<?x2x?x?x$T>
      return %dx : tensor<?x2x?x?x$T>
    })", t);
  std::string error;
  auto m = compileModule(src, error);
  ASSERT_TRUE(m) << error;
  // Reference: each window spreads g/(kh·kw) over the positions it covers.
  auto reference = [](const HostTensor &g, std::vector<int64_t> xShape,
                      int64_t kh, int64_t kw, int64_t s, int64_t pad) {
    HostTensor dx(xShape, g.dtype);
    for (int64_t n = 0; n < g.shape[0]; ++n)
      for (int64_t c = 0; c < g.shape[1]; ++c)
        for (int64_t i = 0; i < g.shape[2]; ++i)
          for (int64_t j = 0; j < g.shape[3]; ++j)
            for (int64_t p = 0; p < kh; ++p)
              for (int64_t q = 0; q < kw; ++q) {
                int64_t h = i * s + p - pad, w = j * s + q - pad;
                if (h >= 0 && h < xShape[2] && w >= 0 && w < xShape[3])
                  dx.at({n, c, h, w}) += g.at({n, c, i, j}) / double(kh * kw);
              }
    return dx;
  };
  HostTensor g = randomTensor({2, 3, 5, 5}, t, 124);
  auto r = m->call("f", {g}, {});
  ASSERT_EQ(r.size(), 1u);
  expectClose(r[0], reference(g, {2, 3, 9, 8}, 3, 2, 2, 1), t,
              "avg_pool2d_grad");
  HostTensor g2 = randomTensor({1, 2, 5, 4}, t, 125);
  r = m->call("stride1", {g2}, {});
  ASSERT_EQ(r.size(), 1u);
  expectClose(r[0], reference(g2, {1, 2, 5, 4}, 3, 3, 1, 1), t,
              "avg_pool2d_grad, dynamic image");
}

//===----------------------------------------------------------------------===//
// Shape and lookup gradients
//===----------------------------------------------------------------------===//

TEST_P(GradOps, SliceGradStridedBox) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%g: tensor<?x3x$T>, %like: tensor<?x10x$T>, %h: tensor<2x5x2x$T>, %y: tensor<4x5x6x$T>) -> (tensor<?x10x$T>, tensor<4x5x6x$T>) {
      %0 = nn.slice_grad %g, %like {offsets = array<i64: 0, 1>, sizes = array<i64: -1, 3>, strides = array<i64: 1, 3>} : (tensor<?x3x$T>, tensor<?x10x$T>) -> tensor<?x10x$T>
      %1 = nn.slice_grad %h, %y {offsets = array<i64: 1, 0, 2>, sizes = array<i64: 2, -1, 2>, strides = array<i64: 2, 1, 3>} : (tensor<2x5x2x$T>, tensor<4x5x6x$T>) -> tensor<4x5x6x$T>
      return %0, %1 : tensor<?x10x$T>, tensor<4x5x6x$T>
    })", t);
  HostTensor g = randomTensor({3, 3}, t, 126), like = randomTensor({3, 10}, t, 127),
             h = randomTensor({2, 5, 2}, t, 128), y = randomTensor({4, 5, 6}, t, 129);
  auto r = runFunction(src, "f", {g, like, h, y});
  ASSERT_EQ(r.size(), 2u);
  HostTensor want0({3, 10}, t), want1({4, 5, 6}, t);
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 3; ++j)
      want0.at({i, 1 + 3 * j}) = g.at({i, j});
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 5; ++j)
      for (int64_t k = 0; k < 2; ++k)
        want1.at({1 + 2 * i, j, 2 + 3 * k}) = h.at({i, j, k});
  expectClose(r[0], want0, t, "slice_grad 2-d");
  expectClose(r[1], want1, t, "slice_grad 3-d");
}

TEST_P(GradOps, EmbeddingGradRepeatedAndClampedIds) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%ids: tensor<?x3xi64>, %g: tensor<?x3x4x$T>) -> tensor<7x4x$T> {
      %dt = nn.embedding_grad %ids, %g : (tensor<?x3xi64>, tensor<?x3x4x$T>) -> tensor<7x4x$T>
      return %dt : tensor<7x4x$T>
    }
    func.func @flat(%ids: tensor<5xi32>, %g: tensor<5x3x$T>) -> tensor<4x3x$T> {
      %dt = nn.embedding_grad %ids, %g : (tensor<5xi32>, tensor<5x3x$T>) -> tensor<4x3x$T>
      return %dt : tensor<4x3x$T>
    })", t);
  std::string error;
  auto m = compileModule(src, error);
  ASSERT_TRUE(m) << error;
  auto reference = [](const HostTensor &ids, const HostTensor &g,
                      int64_t vocab) {
    int64_t width = g.shape.back();
    HostTensor dt({vocab, width}, g.dtype);
    for (int64_t p = 0; p < ids.numElements(); ++p) {
      int64_t row =
          std::min<int64_t>(std::max<int64_t>(int64_t(ids.data[p]), 0), vocab - 1);
      for (int64_t d = 0; d < width; ++d)
        dt.at({row, d}) += g.data[p * width + d];
    }
    return dt;
  };
  HostTensor ids({3, 3}, DType::I64);
  ids.data = {0, 6, 3, -1, 100, 2, 3, 3, 0}; // repeats, and ids to clamp
  HostTensor g = randomTensor({3, 3, 4}, t, 130);
  auto r = m->call("f", {ids, g}, {});
  ASSERT_EQ(r.size(), 1u);
  expectClose(r[0], reference(ids, g, 7), t, "embedding_grad");
  HostTensor ids32({5}, DType::I32);
  ids32.data = {1, 1, 3, 7, 1};
  HostTensor g2 = randomTensor({5, 3}, t, 131);
  r = m->call("flat", {ids32, g2}, {});
  ASSERT_EQ(r.size(), 1u);
  expectClose(r[0], reference(ids32, g2, 4), t, "embedding_grad, i32 ids");
}

//===----------------------------------------------------------------------===//
// Loss gradients
//===----------------------------------------------------------------------===//

TEST_P(GradOps, MseGrad) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%p: tensor<?x6x$T>, %y: tensor<?x6x$T>, %g: tensor<$T>) -> tensor<?x6x$T> {
      %d = nn.mse_grad %p, %y, %g : (tensor<?x6x$T>, tensor<?x6x$T>, tensor<$T>) -> tensor<?x6x$T>
      return %d : tensor<?x6x$T>
    }
    func.func @scalar(%p: tensor<$T>, %y: tensor<$T>, %g: tensor<$T>) -> tensor<$T> {
      %d = nn.mse_grad %p, %y, %g : (tensor<$T>, tensor<$T>, tensor<$T>) -> tensor<$T>
      return %d : tensor<$T>
    })", t);
  std::string error;
  auto m = compileModule(src, error);
  ASSERT_TRUE(m) << error;
  HostTensor p = randomTensor({5, 6}, t, 132), y = randomTensor({5, 6}, t, 133),
             g = randomTensor({}, t, 134, 0.5, 2);
  auto r = m->call("f", {p, y, g}, {});
  ASSERT_EQ(r.size(), 1u);
  HostTensor want({5, 6}, t);
  for (int64_t i = 0; i < 30; ++i)
    want.data[i] = g.data[0] * (p.data[i] - y.data[i]) / 5;
  expectClose(r[0], want, t, "mse_grad");
  HostTensor ps = randomTensor({}, t, 135), ys = randomTensor({}, t, 136);
  r = m->call("scalar", {ps, ys, g}, {});
  ASSERT_EQ(r.size(), 1u);
  HostTensor wantS({}, t);
  wantS.data[0] = g.data[0] * (ps.data[0] - ys.data[0]);
  expectClose(r[0], wantS, t, "mse_grad, rank 0");
}

HostTensor crossEntropyGradRef(const HostTensor &z, const HostTensor &y,
                               double g) {
  int64_t c = z.shape.back(), positions = y.numElements();
  HostTensor dz(z.shape, z.dtype);
  for (int64_t p = 0; p < positions; ++p) {
    double m = -INFINITY, s = 0;
    for (int64_t k = 0; k < c; ++k)
      m = std::max(m, z.data[p * c + k]);
    for (int64_t k = 0; k < c; ++k)
      s += std::exp(z.data[p * c + k] - m);
    int64_t label =
        std::min<int64_t>(std::max<int64_t>(int64_t(y.data[p]), 0), c - 1);
    for (int64_t k = 0; k < c; ++k)
      dz.data[p * c + k] =
          g * (std::exp(z.data[p * c + k] - m) / s - (k == label ? 1 : 0)) /
          positions;
  }
  return dz;
}

TEST_P(GradOps, CrossEntropyGradHugeLogitsAndSequences) {
  DType t = GetParam();
  std::string src = withType(R"(
    func.func @f(%z: tensor<?x7x$T>, %y: tensor<?xi64>, %g: tensor<$T>) -> tensor<?x7x$T> {
      %d = nn.cross_entropy_grad %z, %y, %g : (tensor<?x7x$T>, tensor<?xi64>, tensor<$T>) -> tensor<?x7x$T>
      return %d : tensor<?x7x$T>
    }
    func.func @seq(%z: tensor<2x3x4x$T>, %y: tensor<2x3xi32>, %g: tensor<$T>) -> tensor<2x3x4x$T> {
      %d = nn.cross_entropy_grad %z, %y, %g : (tensor<2x3x4x$T>, tensor<2x3xi32>, tensor<$T>) -> tensor<2x3x4x$T>
      return %d : tensor<2x3x4x$T>
    })", t);
  std::string error;
  auto m = compileModule(src, error);
  ASSERT_TRUE(m) << error;
  HostTensor z = randomTensor({5, 7}, t, 137, -3, 3);
  for (int64_t k = 0; k < 7; ++k) {
    z.at({0, k}) = k == 2 ? 1e4 : -1e4; // confident and right: gradient ≈ 0
    z.at({1, k}) = k == 2 ? 1e4 : -1e4; // confident and wrong
  }
  HostTensor y({5}, DType::I64);
  y.data = {2, 5, -1, 6, 9}; // -1 and 9 are clamped to 0 and 6
  HostTensor g = randomTensor({}, t, 138, 0.5, 2);
  auto r = m->call("f", {z, y, g}, {});
  ASSERT_EQ(r.size(), 1u);
  for (double v : r[0].data)
    ASSERT_TRUE(std::isfinite(v));
  expectClose(r[0], crossEntropyGradRef(z, y, g.data[0]), t,
              "cross_entropy_grad");
  HostTensor zs = randomTensor({2, 3, 4}, t, 139, -2, 2);
  HostTensor ys({2, 3}, DType::I32);
  ys.data = {0, 1, 2, 3, 3, 1};
  r = m->call("seq", {zs, ys, g}, {});
  ASSERT_EQ(r.size(), 1u);
  expectClose(r[0], crossEntropyGradRef(zs, ys, g.data[0]), t,
              "cross_entropy_grad over a sequence");
}

INSTANTIATE_TEST_SUITE_P(NNGrad, GradOps,
                         ::testing::Values(DType::F32, DType::F64),
                         dtypeTestName);

} // namespace
