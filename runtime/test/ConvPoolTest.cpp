//===- ConvPoolTest.cpp - conv2d / max_pool2d / sum_pool2d tests ----------===//
#include "TestUtil.h"

#include <limits>
#include <string>

using namespace pcc_rt_test;

namespace {

struct ConvCase {
  int64_t N, C, H, W, F, KH, KW, sH, sW, dH, dW;
  int64_t trimOH = 0, trimOW = 0; // use fewer output rows/cols than possible
  bool allLayouts = true;
};

int64_t outExtent(int64_t in, int64_t k, int64_t s, int64_t d) {
  int64_t span = d * (k - 1) + 1;
  return in >= span ? (in - span) / s + 1 : 0;
}

std::string describe(const ConvCase &c) {
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "N=%lld C=%lld H=%lld W=%lld F=%lld K=%lldx%lld s=%lld,%lld "
                "d=%lld,%lld",
                (long long)c.N, (long long)c.C, (long long)c.H, (long long)c.W,
                (long long)c.F, (long long)c.KH, (long long)c.KW,
                (long long)c.sH, (long long)c.sW, (long long)c.dH,
                (long long)c.dW);
  return buf;
}

// 4-d layouts.  "nhwc" stores channels innermost; "fchw-perm" stores the
// filter with F innermost (like HWCF); "bcast-c" broadcasts along dim 1.
const Layout kNHWC = permuted("nhwc", {1, 3, 2, 0});
const Layout kFilterPerm = permuted("hwcf", {0, 1, 3, 2});
const Layout kPadded = Layout{"padded", {}, 1, 2, 5, 0};

template <typename T>
class ConvPoolTest : public ::testing::Test {};
TYPED_TEST_SUITE(ConvPoolTest, FloatTypes);

template <typename T>
void runConv(const ConvCase &cc, const Layout &li, const Layout &lf,
             const Layout &lo) {
  const int64_t OH = std::max<int64_t>(
      0, outExtent(cc.H, cc.KH, cc.sH, cc.dH) - cc.trimOH);
  const int64_t OW = std::max<int64_t>(
      0, outExtent(cc.W, cc.KW, cc.sW, cc.dW) - cc.trimOW);
  SCOPED_TRACE(describe(cc) + " in:" + li.name + " filter:" + lf.name +
               " out:" + lo.name);
  std::mt19937 rng(11);
  Tensor<T, 4> in({cc.N, cc.C, cc.H, cc.W}, li, rng);
  Tensor<T, 4> flt({cc.F, cc.C, cc.KH, cc.KW}, lf, rng);
  Tensor<T, 4> out({cc.N, cc.F, OH, OW}, lo, rng);
  std::vector<Expected> ref(static_cast<size_t>(out.numel()));
  forEachIndex<4>(out.sizes, [&](const std::array<int64_t, 4> &o) {
    Expected &e = ref[static_cast<size_t>(out.flat(o))];
    e.value = out[o];
    e.absSum = std::fabs(e.value);
    for (int64_t c = 0; c < cc.C; ++c)
      for (int64_t kh = 0; kh < cc.KH; ++kh)
        for (int64_t kw = 0; kw < cc.KW; ++kw) {
          double t = double(in[{o[0], c, o[2] * cc.sH + kh * cc.dH,
                                o[3] * cc.sW + kw * cc.dW}]) *
                     double(flt[{o[1], c, kh, kw}]);
          e.value += t;
          e.absSum += std::fabs(t);
        }
  });
  out.snapshot();
  conv2d(&in.m, &flt.m, &out.m, cc.sH, cc.sW, cc.dH, cc.dW);
  checkResult(out, ref);
}

const ConvCase kConvCases[] = {
    {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
    {3, 3, 17, 17, 17, 3, 3, 2, 2, 2, 2},
    {2, 17, 17, 33, 3, 2, 3, 1, 2, 2, 1},
    {1, 3, 17, 1000, 17, 1, 3, 1, 2, 1, 2},
    {2, 17, 17, 17, 3, 1, 1, 1, 1, 1, 1},   // pointwise
    {2, 17, 17, 17, 3, 1, 1, 2, 2, 1, 1},   // strided pointwise
    {17, 3, 9, 9, 17, 3, 3, 1, 1, 1, 1},    // batch >= threads
    {2, 3, 9, 9, 1000, 3, 2, 2, 1, 1, 2},   // many filters
    {1, 3, 17, 17, 3, 3, 3, 2, 1, 1, 2, 2, 1},    // smaller output than fits
    {1, 1, 1000, 1, 3, 17, 1, 2, 1, 3, 1},        // OW == 1
    {20, 6, 12, 12, 16, 5, 5, 1, 1, 1, 1},   // LeNet's conv2: images share tiles
    {5, 2, 7, 6, 3, 2, 3, 2, 1, 2, 1},       // shared tiles, strides, dilations
    {1, 1000, 5, 40, 3, 3, 3, 1, 1, 1, 1, 0, 0, false}, // split for threads
    // im2col exceeds the per-tile budget: one output row per tile.
    {1, 1000, 5, 502, 3, 3, 3, 1, 1, 1, 1, 0, 0, false},
};

TYPED_TEST(ConvPoolTest, Conv2d) {
  const Layout ins[] = {rowMajor(), kPadded, kNHWC, strided(),
                        broadcast("bcast-h", 4)};
  const Layout flts[] = {rowMajor(), kFilterPerm, strided(),
                         broadcast("bcast-c", 2)};
  const Layout outs[] = {rowMajor(), kPadded, kNHWC, strided()};
  for (const ConvCase &cc : kConvCases) {
    if (!cc.allLayouts) {
      runConv<TypeParam>(cc, rowMajor(), rowMajor(), rowMajor());
      runConv<TypeParam>(cc, kNHWC, kFilterPerm, kPadded);
      continue;
    }
    for (const Layout &li : ins)
      for (const Layout &lf : flts)
        for (const Layout &lo : outs)
          runConv<TypeParam>(cc, li, lf, lo);
  }
}

/// The filter gradient dw[f,c,kh,kw] += Σ g[n,f,oh,ow]·in[n,c,oh·s+kh·d,…]
/// and the input gradient dx[n,c,oh·s+kh·d,…] += Σ_f g[n,f,oh,ow]·w[f,c,kh,kw]
/// against the sums written out, for every layout of their operands.
template <typename T>
void runConvGrads(const ConvCase &cc, const Layout &lg, const Layout &lo,
                  const Layout &lr) {
  const int64_t OH = std::max<int64_t>(
      0, outExtent(cc.H, cc.KH, cc.sH, cc.dH) - cc.trimOH);
  const int64_t OW = std::max<int64_t>(
      0, outExtent(cc.W, cc.KW, cc.sW, cc.dW) - cc.trimOW);
  SCOPED_TRACE(describe(cc) + " grad:" + lg.name + " other:" + lo.name +
               " result:" + lr.name);
  std::mt19937 rng(13);
  Tensor<T, 4> g({cc.N, cc.F, OH, OW}, lg, rng);
  Tensor<T, 4> in({cc.N, cc.C, cc.H, cc.W}, lo, rng);
  Tensor<T, 4> flt({cc.F, cc.C, cc.KH, cc.KW}, lo, rng);
  Tensor<T, 4> dw({cc.F, cc.C, cc.KH, cc.KW}, lr, rng);
  Tensor<T, 4> dx({cc.N, cc.C, cc.H, cc.W}, lr, rng);
  std::vector<Expected> refW(static_cast<size_t>(dw.numel())),
      refX(static_cast<size_t>(dx.numel()));
  forEachIndex<4>(dw.sizes, [&](const std::array<int64_t, 4> &i) {
    Expected &e = refW[static_cast<size_t>(dw.flat(i))];
    e.value = dw[i];
    e.absSum = std::fabs(e.value);
  });
  forEachIndex<4>(dx.sizes, [&](const std::array<int64_t, 4> &i) {
    Expected &e = refX[static_cast<size_t>(dx.flat(i))];
    e.value = dx[i];
    e.absSum = std::fabs(e.value);
  });
  forEachIndex<4>(g.sizes, [&](const std::array<int64_t, 4> &o) {
    for (int64_t c = 0; c < cc.C; ++c)
      for (int64_t kh = 0; kh < cc.KH; ++kh)
        for (int64_t kw = 0; kw < cc.KW; ++kw) {
          std::array<int64_t, 4> x = {o[0], c, o[2] * cc.sH + kh * cc.dH,
                                      o[3] * cc.sW + kw * cc.dW};
          std::array<int64_t, 4> w = {o[1], c, kh, kw};
          double tw = double(g[o]) * double(in[x]);
          Expected &ew = refW[static_cast<size_t>(dw.flat(w))];
          ew.value += tw;
          ew.absSum += std::fabs(tw);
          double tx = double(g[o]) * double(flt[w]);
          Expected &ex = refX[static_cast<size_t>(dx.flat(x))];
          ex.value += tx;
          ex.absSum += std::fabs(tx);
        }
  });
  dw.snapshot();
  dx.snapshot();
  conv2dGradFilter(&g.m, &in.m, &dw.m, cc.sH, cc.sW, cc.dH, cc.dW);
  conv2dGradInput(&g.m, &flt.m, &dx.m, cc.sH, cc.sW, cc.dH, cc.dW);
  checkResult(dw, refW);
  checkResult(dx, refX);
}

TYPED_TEST(ConvPoolTest, Conv2dGradients) {
  const Layout gs[] = {rowMajor(), kPadded, kNHWC, strided()};
  const Layout others[] = {rowMajor(), kNHWC, strided(),
                           broadcast("bcast-h", 4)};
  const Layout results[] = {rowMajor(), kPadded, kNHWC, strided()};
  for (const ConvCase &cc : kConvCases) {
    if (!cc.allLayouts) {
      runConvGrads<TypeParam>(cc, rowMajor(), rowMajor(), rowMajor());
      runConvGrads<TypeParam>(cc, kNHWC, kFilterPerm, kPadded);
      continue;
    }
    for (const Layout &lg : gs)
      for (const Layout &lo : others)
        for (const Layout &lr : results)
          runConvGrads<TypeParam>(cc, lg, lo, lr);
  }
}

TYPED_TEST(ConvPoolTest, Conv2dGradientsOneThreadEqualsTwo) {
  ThreadGuard guard;
  // Large enough to be threaded: over images and, for the input gradient
  // of one image, over channel blocks.
  for (const ConvCase &cc : {ConvCase{8, 6, 20, 20, 16, 5, 5, 1, 1, 1, 1},
                             ConvCase{1, 32, 30, 30, 16, 3, 3, 2, 2, 1, 1}}) {
    pcc_rt_set_num_threads(1);
    runConvGrads<TypeParam>(cc, rowMajor(), rowMajor(), kPadded);
    pcc_rt_set_num_threads(2);
    runConvGrads<TypeParam>(cc, rowMajor(), rowMajor(), kPadded);
  }
}

TYPED_TEST(ConvPoolTest, Conv2dZeroSized) {
  const ConvCase cases[] = {
      {0, 3, 5, 5, 3, 3, 3, 1, 1, 1, 1}, // N = 0
      {2, 0, 5, 5, 3, 3, 3, 1, 1, 1, 1}, // C = 0: output unchanged
      {2, 3, 5, 5, 0, 3, 3, 1, 1, 1, 1}, // F = 0
      {2, 3, 2, 5, 3, 3, 3, 1, 1, 1, 1}, // OH = 0
      {2, 3, 5, 5, 3, 0, 3, 1, 1, 1, 1}, // KH = 0: output unchanged
      {2, 3, 5, 0, 3, 3, 3, 1, 1, 1, 1}, // W = 0, OW = 0
  };
  for (const ConvCase &cc : cases)
    runConv<TypeParam>(cc, rowMajor(), kPadded, kPadded);
}

struct PoolCase {
  int64_t N, C, H, W, KH, KW, sH, sW, dH, dW;
};

template <typename T>
void runPool(bool isMax, const PoolCase &pc, const Layout &li,
             const Layout &lo) {
  const int64_t OH = outExtent(pc.H, pc.KH, pc.sH, pc.dH);
  const int64_t OW = outExtent(pc.W, pc.KW, pc.sW, pc.dW);
  SCOPED_TRACE(std::string(isMax ? "max" : "sum") + " N=" +
               std::to_string(pc.N) + " C=" + std::to_string(pc.C) +
               " H=" + std::to_string(pc.H) + " W=" + std::to_string(pc.W) +
               " K=" + std::to_string(pc.KH) + "x" + std::to_string(pc.KW) +
               " s=" + std::to_string(pc.sH) + "," + std::to_string(pc.sW) +
               " d=" + std::to_string(pc.dH) + "," + std::to_string(pc.dW) +
               " in:" + li.name + " out:" + lo.name);
  std::mt19937 rng(5);
  Tensor<T, 4> in({pc.N, pc.C, pc.H, pc.W}, li, rng);
  // For max pooling, initial outputs in [-1, 1.5] so that some of them are
  // larger than their whole window and must be kept.
  Tensor<T, 4> out({pc.N, pc.C, OH, OW}, lo, rng, -1.0, isMax ? 1.5 : 1.0);
  std::vector<Expected> ref(static_cast<size_t>(out.numel()));
  forEachIndex<4>(out.sizes, [&](const std::array<int64_t, 4> &o) {
    Expected &e = ref[static_cast<size_t>(out.flat(o))];
    e.value = out[o];
    e.absSum = std::fabs(e.value);
    for (int64_t kh = 0; kh < pc.KH; ++kh)
      for (int64_t kw = 0; kw < pc.KW; ++kw) {
        double x = in[{o[0], o[1], o[2] * pc.sH + kh * pc.dH,
                       o[3] * pc.sW + kw * pc.dW}];
        e.value = isMax ? std::max(e.value, x) : e.value + x;
        e.absSum += std::fabs(x);
      }
  });
  out.snapshot();
  if (isMax)
    maxPool(&in.m, &out.m, pc.KH, pc.KW, pc.sH, pc.sW, pc.dH, pc.dW);
  else
    sumPool(&in.m, &out.m, pc.KH, pc.KW, pc.sH, pc.sW, pc.dH, pc.dW);
  checkResult(out, ref, /*exact=*/isMax);
}

const PoolCase kPoolCases[] = {
    {1, 1, 1, 1, 1, 1, 1, 1, 1, 1},      {3, 17, 17, 17, 3, 2, 2, 2, 2, 2},
    {2, 3, 1000, 17, 3, 1, 2, 1, 1, 1},  {1, 1, 17, 1000, 1, 3, 1, 2, 1, 2},
    {17, 3, 9, 9, 2, 2, 2, 2, 1, 1},     {1, 1000, 3, 3, 3, 3, 1, 1, 1, 1},
    {2, 3, 17, 3, 17, 3, 1, 1, 1, 1},    {1, 3, 17, 1000, 3, 3, 2, 2, 1, 1},
};

TYPED_TEST(ConvPoolTest, Pooling) {
  const Layout ins[] = {rowMajor(), kPadded, kNHWC, strided(),
                        broadcast("bcast-c", 2)};
  const Layout outs[] = {rowMajor(), kPadded, kNHWC, strided()};
  for (bool isMax : {true, false})
    for (const PoolCase &pc : kPoolCases)
      for (const Layout &li : ins)
        for (const Layout &lo : outs)
          runPool<TypeParam>(isMax, pc, li, lo);
}

TYPED_TEST(ConvPoolTest, PoolingZeroSized) {
  const PoolCase cases[] = {
      {0, 3, 5, 5, 2, 2, 1, 1, 1, 1}, {3, 0, 5, 5, 2, 2, 1, 1, 1, 1},
      {3, 3, 1, 5, 2, 2, 1, 1, 1, 1}, // OH = 0
      {3, 3, 5, 5, 0, 2, 1, 1, 1, 1}, // empty window: output unchanged
  };
  for (bool isMax : {true, false})
    for (const PoolCase &pc : cases)
      runPool<TypeParam>(isMax, pc, kPadded, kPadded);
}

TYPED_TEST(ConvPoolTest, MaxPoolNaNAndSignedZero) {
  using T = TypeParam;
  const T nan = std::numeric_limits<T>::quiet_NaN();
  // 1x1x2x4 input, 2x2 window, stride 2: two outputs.
  T in[8] = {1, 2, 3, 4, 5, nan, 7, 8};
  T out[2] = {-1, -1};
  MemRef<T, 4> mi{in, in, 0, {1, 1, 2, 4}, {8, 8, 4, 1}};
  MemRef<T, 4> mo{out, out, 0, {1, 1, 1, 2}, {2, 2, 2, 1}};
  maxPool(&mi, &mo, 2, 2, 2, 2, 1, 1);
  EXPECT_TRUE(std::isnan(out[0])) << out[0]; // NaN in the window
  EXPECT_EQ(out[1], T(8));
  // A NaN accumulator stays NaN.
  T in2[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  T out2[2] = {nan, 100};
  mi.aligned = mi.allocated = in2;
  mo.aligned = mo.allocated = out2;
  maxPool(&mi, &mo, 2, 2, 2, 2, 1, 1);
  EXPECT_TRUE(std::isnan(out2[0]));
  EXPECT_EQ(out2[1], T(100));
  // +0 is larger than -0.
  T in3[8] = {0, 0, -1, -1, 0, 0, -1, -1};
  T out3[2] = {-T(0), -T(0)};
  mi.aligned = mi.allocated = in3;
  mo.aligned = mo.allocated = out3;
  maxPool(&mi, &mo, 2, 2, 2, 2, 1, 1);
  EXPECT_FALSE(std::signbit(out3[0]));
  EXPECT_TRUE(std::signbit(out3[1]));
}

TYPED_TEST(ConvPoolTest, OneThreadEqualsTwoThreads) {
  using T = TypeParam;
  ThreadGuard guard;
  std::mt19937 rng(9);
  Tensor<T, 4> in({1, 16, 40, 40}, rowMajor(), rng),
      flt({32, 16, 3, 3}, rowMajor(), rng), out({1, 32, 38, 38}, kPadded, rng);
  Tensor<T, 4> pin({2, 3, 300, 300}, rowMajor(), rng),
      pout({2, 3, 149, 149}, rowMajor(), rng);
  auto run = [&](int threads) {
    pcc_rt_set_num_threads(threads);
    Tensor<T, 4> o = out, p1 = pout, p2 = pout;
    for (auto *t : {&o, &p1, &p2}) {
      t->m.allocated = t->buf.data();
      t->m.aligned = t->buf.data() + 1;
    }
    conv2d(&in.m, &flt.m, &o.m, 1, 1, 1, 1);
    maxPool(&pin.m, &p1.m, 3, 3, 2, 2, 1, 1);
    sumPool(&pin.m, &p2.m, 3, 3, 2, 2, 1, 1);
    return std::vector<std::vector<T>>{o.buf, p1.buf, p2.buf};
  };
  auto r1 = run(1), r2 = run(2);
  // |terms| <= 1: S <= 16*9+1 for conv, <= 10 for the sum pool.
  const double scale[] = {145.0, 0.0, 10.0};
  for (int k = 0; k < 3; ++k) {
    int failures = 0;
    for (size_t i = 0; i < r1[k].size(); ++i)
      if (!(std::fabs(double(r1[k][i]) - double(r2[k][i])) <=
            2 * kRelTol<T> * scale[k]) &&
          ++failures <= 10)
        ADD_FAILURE() << "result " << k << " differs at buffer index " << i
                      << ": " << r1[k][i] << " vs " << r2[k][i];
    EXPECT_EQ(failures, 0);
  }
}

TEST(ConvPoolDeathTest, WindowOutOfBoundsAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  std::vector<float> buf(256, 1.0f);
  float *p = buf.data();
  MemRef<float, 4> in{p, p, 0, {1, 1, 5, 5}, {25, 25, 5, 1}};
  MemRef<float, 4> flt{p, p, 0, {1, 1, 3, 3}, {9, 9, 3, 1}};
  MemRef<float, 4> out{p, p, 0, {1, 1, 4, 3}, {12, 12, 3, 1}}; // OH too big
  EXPECT_DEATH(conv2d(&in, &flt, &out, 1, 1, 1, 1), "window exceeds");
  MemRef<float, 4> pout{p, p, 0, {1, 1, 2, 2}, {4, 4, 2, 1}};
  EXPECT_DEATH(maxPool(&in, &pout, 3, 3, 2, 2, 2, 1), "window exceeds");
}

} // namespace
