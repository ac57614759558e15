//===- KernelsTest.cpp - matmul / batch_matmul / threads / symbols --------===//
#include "TestUtil.h"

#include "pcc_rt/Symbols.h"

#include <cstring>

#include <omp.h>

#include <set>
#include <string>

using namespace pcc_rt_test;

namespace {

const int64_t kSizes[] = {1, 3, 17, 1000};

template <typename T>
class GemmTest : public ::testing::Test {};
TYPED_TEST_SUITE(GemmTest, FloatTypes);

/// C += A*B with the given layouts; checks against a naive double loop.
template <typename T>
void runMatmul(int64_t M, int64_t K, int64_t N, const Layout &la,
               const Layout &lb, const Layout &lc, unsigned seed = 1) {
  SCOPED_TRACE("M=" + std::to_string(M) + " K=" + std::to_string(K) +
               " N=" + std::to_string(N) + " A:" + la.name + " B:" + lb.name +
               " C:" + lc.name);
  std::mt19937 rng(seed);
  Tensor<T, 2> A({M, K}, la, rng), B({K, N}, lb, rng), C({M, N}, lc, rng);
  std::vector<Expected> ref(static_cast<size_t>(M * N));
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n) {
      Expected &e = ref[static_cast<size_t>(m * N + n)];
      e.value = C[{m, n}];
      e.absSum = std::fabs(e.value);
      for (int64_t k = 0; k < K; ++k) {
        double t = double(A[{m, k}]) * double(B[{k, n}]);
        e.value += t;
        e.absSum += std::fabs(t);
      }
    }
  C.snapshot();
  matmul(&A.m, &B.m, &C.m);
  checkResult(C, ref);
}

TYPED_TEST(GemmTest, AllShapesRowMajor) {
  for (int64_t M : kSizes)
    for (int64_t K : kSizes)
      for (int64_t N : kSizes) {
        if (M == 1000 && K == 1000 && N == 1000)
          continue; // naive reference would be too slow
        runMatmul<TypeParam>(M, K, N, rowMajor(), rowMajor(), rowMajor());
      }
}

TYPED_TEST(GemmTest, StridedAndTransposedViews) {
  const Layout colMajor = permuted("colmajor", {0, 1});
  const Layout colStrided = permuted("colstrided", {0, 1}, 3, 1, 0);
  const std::vector<Layout> inputs = {
      rowMajor(),         pitched(),           colMajor,
      strided(),          colStrided,          broadcast("bcast-rows", 1),
      broadcast("bcast-cols", 2), broadcast("bcast-all", 3)};
  const std::vector<Layout> outputs = {rowMajor(), pitched(), colMajor,
                                       strided(), colStrided};
  const int64_t shapes[][3] = {{3, 17, 1000}, {1000, 3, 17}, {17, 1000, 3},
                               {17, 17, 17},  {1, 17, 3},    {3, 1, 17},
                               {17, 3, 1}};
  for (const auto &s : shapes)
    for (const Layout &la : inputs)
      for (const Layout &lb : inputs)
        for (const Layout &lc : outputs)
          runMatmul<TypeParam>(s[0], s[1], s[2], la, lb, lc);
}

TYPED_TEST(GemmTest, LargeThreadedProduct) {
  // Big enough to be split over the threads (runMatmul takes M, K, N): by
  // columns (N > M: 300x411, and a batch of 64 rows, the shape of a network
  // step), by rows (M >= N: a square 256x256 output with K = 10, the VJP
  // from 10 classes, and the column-major outputs below, computed
  // transposed).
  runMatmul<TypeParam>(300, 257, 411, rowMajor(), rowMajor(), rowMajor());
  runMatmul<TypeParam>(256, 10, 256, rowMajor(), rowMajor(), rowMajor());
  runMatmul<TypeParam>(64, 300, 257, rowMajor(), rowMajor(), rowMajor());
  runMatmul<TypeParam>(64, 300, 257, rowMajor(), pitched(),
                       permuted("colmajor", {0, 1}));
  runMatmul<TypeParam>(300, 257, 411, permuted("colmajor", {0, 1}), pitched(),
                       permuted("colmajor", {0, 1}));
}

TYPED_TEST(GemmTest, ZeroSizedDimensions) {
  const int64_t shapes[][3] = {{0, 3, 17}, {3, 0, 17}, {3, 17, 0}, {0, 0, 0}};
  for (const auto &s : shapes)
    runMatmul<TypeParam>(s[0], s[1], s[2], rowMajor(), pitched(), rowMajor());
  // Zero-sized operands may come with a null data pointer.
  MemRef<TypeParam, 2> a{nullptr, nullptr, 0, {0, 5}, {5, 1}};
  MemRef<TypeParam, 2> b{nullptr, nullptr, 0, {5, 4}, {4, 1}};
  MemRef<TypeParam, 2> c{nullptr, nullptr, 0, {0, 4}, {4, 1}};
  matmul(&a, &b, &c);
}

template <typename T>
void runBatchMatmul(int64_t Bt, int64_t M, int64_t K, int64_t N,
                    const Layout &la, const Layout &lb, const Layout &lc) {
  SCOPED_TRACE("B=" + std::to_string(Bt) + " M=" + std::to_string(M) +
               " K=" + std::to_string(K) + " N=" + std::to_string(N) +
               " A:" + la.name + " B:" + lb.name + " C:" + lc.name);
  std::mt19937 rng(7);
  Tensor<T, 3> A({Bt, M, K}, la, rng), B({Bt, K, N}, lb, rng),
      C({Bt, M, N}, lc, rng);
  std::vector<Expected> ref(static_cast<size_t>(Bt * M * N));
  for (int64_t b = 0; b < Bt; ++b)
    for (int64_t m = 0; m < M; ++m)
      for (int64_t n = 0; n < N; ++n) {
        Expected &e = ref[static_cast<size_t>(C.flat({b, m, n}))];
        e.value = C[{b, m, n}];
        e.absSum = std::fabs(e.value);
        for (int64_t k = 0; k < K; ++k) {
          double t = double(A[{b, m, k}]) * double(B[{b, k, n}]);
          e.value += t;
          e.absSum += std::fabs(t);
        }
      }
  C.snapshot();
  batchMatmul(&A.m, &B.m, &C.m);
  checkResult(C, ref);
}

TYPED_TEST(GemmTest, BatchMatmulShapes) {
  const int64_t shapes[][4] = {
      {1, 1, 1, 1},    {3, 17, 1000, 3}, {17, 3, 17, 1000}, {1000, 3, 3, 17},
      {2, 200, 150, 100}, // even batch of big products: over the batch
      {3, 200, 150, 100}, // odd batch of big products: Eigen threads each
      {1, 1000, 17, 3},   {17, 1, 1, 1}};
  for (const auto &s : shapes)
    runBatchMatmul<TypeParam>(s[0], s[1], s[2], s[3], rowMajor(), rowMajor(),
                              rowMajor());
}

TYPED_TEST(GemmTest, BatchMatmulLayouts) {
  const std::vector<Layout> inputs = {
      rowMajor(), pitched(), strided(),
      permuted("transposed", {1, 2, 0}),        // last two dims swapped
      permuted("batch-inner", {0, 2, 1}, 1, 1), // batch dim innermost
      broadcast("bcast-batch", 1)};             // shared across the batch
  const std::vector<Layout> outputs = {rowMajor(), pitched(), strided(),
                                       permuted("transposed", {1, 2, 0}),
                                       permuted("batch-inner", {0, 2, 1})};
  const int64_t shapes[][4] = {{3, 17, 3, 17}, {17, 3, 17, 1}, {2, 1, 17, 3}};
  for (const auto &s : shapes)
    for (const Layout &la : inputs)
      for (const Layout &lb : inputs)
        for (const Layout &lc : outputs)
          runBatchMatmul<TypeParam>(s[0], s[1], s[2], s[3], la, lb, lc);
}

TYPED_TEST(GemmTest, BatchMatmulZeroSized) {
  const int64_t shapes[][4] = {
      {0, 3, 3, 3}, {3, 0, 3, 3}, {3, 3, 0, 3}, {3, 3, 3, 0}};
  for (const auto &s : shapes)
    runBatchMatmul<TypeParam>(s[0], s[1], s[2], s[3], rowMajor(), pitched(),
                              strided());
}

TEST(Threads, SetAndGet) {
  ThreadGuard guard;
  const int64_t def = pcc_rt_get_num_threads();
  EXPECT_GE(def, 1);
  EXPECT_EQ(def, omp_get_max_threads());
  pcc_rt_set_num_threads(1);
  EXPECT_EQ(pcc_rt_get_num_threads(), 1);
  pcc_rt_set_num_threads(2);
  EXPECT_EQ(pcc_rt_get_num_threads(), 2);
  _mlir_ciface_pcc_rt_set_num_threads(3);
  EXPECT_EQ(_mlir_ciface_pcc_rt_get_num_threads(), 3);
  pcc_rt_set_num_threads(0);
  EXPECT_EQ(pcc_rt_get_num_threads(), def);
  pcc_rt_set_num_threads(-5);
  EXPECT_EQ(pcc_rt_get_num_threads(), def);
}

/// Runs `fn` on a copy of `out` with 1 and with 2 threads and compares.
template <typename T, int N, typename Fn>
void compareThreadCounts(const Tensor<T, N> &out, Fn fn, double absScale) {
  ThreadGuard guard;
  Tensor<T, N> o1 = out, o2 = out;
  o1.m.allocated = o1.buf.data();
  o1.m.aligned = o1.buf.data() + 1;
  o2.m.allocated = o2.buf.data();
  o2.m.aligned = o2.buf.data() + 1;
  pcc_rt_set_num_threads(1);
  fn(&o1.m);
  pcc_rt_set_num_threads(2);
  fn(&o2.m);
  int failures = 0;
  forEachIndex<N>(out.sizes, [&](const std::array<int64_t, N> &idx) {
    double a = o1[idx], b = o2[idx];
    if (!(std::fabs(a - b) <= 2 * kRelTol<T> * absScale) && ++failures <= 10)
      ADD_FAILURE() << "1 vs 2 threads differ at " << indexString<N>(idx)
                    << ": " << a << " vs " << b;
  });
  EXPECT_EQ(failures, 0);
}

TYPED_TEST(GemmTest, OneThreadEqualsTwoThreads) {
  using T = TypeParam;
  std::mt19937 rng(3);
  // Every |term| <= 1, so K (+1 for the initial value) bounds S.
  Tensor<T, 2> A({300, 500}, rowMajor(), rng), B({500, 200}, rowMajor(), rng),
      C({300, 200}, pitched(), rng);
  compareThreadCounts(C, [&](MemRef<T, 2> *c) { matmul(&A.m, &B.m, c); },
                      501.0);
  Tensor<T, 3> BA({8, 64, 100}, rowMajor(), rng),
      BB({8, 100, 64}, rowMajor(), rng), BC({8, 64, 64}, rowMajor(), rng);
  compareThreadCounts(
      BC, [&](MemRef<T, 3> *c) { batchMatmul(&BA.m, &BB.m, c); }, 101.0);
}

TEST(MemRefCopy, StridedToContiguousAndBack) {
  // src: a 3x4 view with row pitch 7 and column stride 2 into a larger
  // buffer; dst: contiguous 3x4.
  std::vector<float> big(64);
  for (size_t i = 0; i < big.size(); ++i)
    big[i] = float(i);
  std::vector<float> out(12, -1.0f);
  int64_t src[3 + 4] = {0, 0, 5, 3, 4, 7, 2};
  int64_t dst[3 + 4] = {0, 0, 0, 3, 4, 4, 1};
  reinterpret_cast<float **>(src)[1] = big.data();
  reinterpret_cast<float **>(dst)[1] = out.data();
  PccRtUnrankedMemRef s{2, src}, d{2, dst};
  memrefCopy(sizeof(float), &s, &d);
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 4; ++j)
      EXPECT_EQ(out[i * 4 + j], big[5 + i * 7 + j * 2]) << i << "," << j;
  // Zero-size copies touch nothing.
  int64_t empty[3 + 2] = {0, 0, 0, 0, 1};
  reinterpret_cast<float **>(empty)[1] = out.data();
  PccRtUnrankedMemRef e{1, empty};
  memrefCopy(sizeof(float), &e, &e);
}

TEST(Symbols, TableListsEveryEntryPoint) {
  int64_t count = -1;
  const PccRtSymbol *syms = pcc_rt_symbols(&count);
  ASSERT_NE(syms, nullptr);
  ASSERT_EQ(count, 19);
  EXPECT_EQ(pcc_rt_symbols(nullptr), syms);
  std::set<std::string> names;
  for (int64_t i = 0; i < count; ++i) {
    ASSERT_NE(syms[i].name, nullptr);
    EXPECT_NE(syms[i].address, nullptr) << syms[i].name;
    names.insert(syms[i].name);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(count)) << "duplicate names";
  const std::pair<const char *, void *> expected[] = {
      {"_mlir_ciface_pcc_rt_matmul_f32",
       reinterpret_cast<void *>(&_mlir_ciface_pcc_rt_matmul_f32)},
      {"_mlir_ciface_pcc_rt_matmul_f64",
       reinterpret_cast<void *>(&_mlir_ciface_pcc_rt_matmul_f64)},
      {"_mlir_ciface_pcc_rt_batch_matmul_f32",
       reinterpret_cast<void *>(&_mlir_ciface_pcc_rt_batch_matmul_f32)},
      {"_mlir_ciface_pcc_rt_batch_matmul_f64",
       reinterpret_cast<void *>(&_mlir_ciface_pcc_rt_batch_matmul_f64)},
      {"_mlir_ciface_pcc_rt_conv2d_nchw_fchw_f32",
       reinterpret_cast<void *>(&_mlir_ciface_pcc_rt_conv2d_nchw_fchw_f32)},
      {"_mlir_ciface_pcc_rt_conv2d_nchw_fchw_f64",
       reinterpret_cast<void *>(&_mlir_ciface_pcc_rt_conv2d_nchw_fchw_f64)},
      {"_mlir_ciface_pcc_rt_conv2d_grad_filter_nchw_fchw_f32",
       reinterpret_cast<void *>(
           &_mlir_ciface_pcc_rt_conv2d_grad_filter_nchw_fchw_f32)},
      {"_mlir_ciface_pcc_rt_conv2d_grad_filter_nchw_fchw_f64",
       reinterpret_cast<void *>(
           &_mlir_ciface_pcc_rt_conv2d_grad_filter_nchw_fchw_f64)},
      {"_mlir_ciface_pcc_rt_conv2d_grad_input_nchw_fchw_f32",
       reinterpret_cast<void *>(
           &_mlir_ciface_pcc_rt_conv2d_grad_input_nchw_fchw_f32)},
      {"_mlir_ciface_pcc_rt_conv2d_grad_input_nchw_fchw_f64",
       reinterpret_cast<void *>(
           &_mlir_ciface_pcc_rt_conv2d_grad_input_nchw_fchw_f64)},
      {"_mlir_ciface_pcc_rt_max_pool2d_nchw_f32",
       reinterpret_cast<void *>(&_mlir_ciface_pcc_rt_max_pool2d_nchw_f32)},
      {"_mlir_ciface_pcc_rt_max_pool2d_nchw_f64",
       reinterpret_cast<void *>(&_mlir_ciface_pcc_rt_max_pool2d_nchw_f64)},
      {"_mlir_ciface_pcc_rt_sum_pool2d_nchw_f32",
       reinterpret_cast<void *>(&_mlir_ciface_pcc_rt_sum_pool2d_nchw_f32)},
      {"_mlir_ciface_pcc_rt_sum_pool2d_nchw_f64",
       reinterpret_cast<void *>(&_mlir_ciface_pcc_rt_sum_pool2d_nchw_f64)},
      {"pcc_rt_set_num_threads",
       reinterpret_cast<void *>(&pcc_rt_set_num_threads)},
      {"pcc_rt_get_num_threads",
       reinterpret_cast<void *>(&pcc_rt_get_num_threads)},
      {"_mlir_ciface_pcc_rt_set_num_threads",
       reinterpret_cast<void *>(&_mlir_ciface_pcc_rt_set_num_threads)},
      {"_mlir_ciface_pcc_rt_get_num_threads",
       reinterpret_cast<void *>(&_mlir_ciface_pcc_rt_get_num_threads)},
  };
  for (const auto &e : expected) {
    bool found = false;
    for (int64_t i = 0; i < count; ++i)
      if (std::string(syms[i].name) == e.first) {
        found = true;
        EXPECT_EQ(syms[i].address, e.second) << e.first;
      }
    EXPECT_TRUE(found) << e.first;
  }
}

TEST(MemRefHelpers, AtHonorsOffsetAndStrides) {
  float buf[32];
  for (int i = 0; i < 32; ++i)
    buf[i] = float(i);
  MemRef<float, 2> m{buf, buf + 1, 2, {3, 4}, {1, 5}}; // transposed, offset
  EXPECT_EQ(m.at(0, 0), 3.0f);
  EXPECT_EQ(m.at(2, 3), 3.0f + 2 + 15);
  EXPECT_EQ(m.numElements(), 12);
  auto c = pcc_rt::makeContiguousMemRef<float, 3>(buf, {2, 3, 4}, 1);
  EXPECT_EQ(c.strides[0], 12);
  EXPECT_EQ(c.strides[2], 1);
  EXPECT_EQ(c.at(1, 2, 3), float(1 + 12 + 8 + 3));
}

TEST(KernelsDeathTest, InconsistentShapesAbort) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  std::vector<float> buf(64, 1.0f);
  MemRef<float, 2> a{buf.data(), buf.data(), 0, {2, 3}, {3, 1}};
  MemRef<float, 2> b{buf.data(), buf.data(), 0, {4, 2}, {2, 1}};
  MemRef<float, 2> c{buf.data(), buf.data(), 0, {2, 2}, {2, 1}};
  EXPECT_DEATH(matmul(&a, &b, &c), "pcc_rt_matmul_f32: shape mismatch");
  MemRef<float, 2> b2{buf.data(), buf.data(), 0, {3, 2}, {2, 1}};
  MemRef<float, 2> cb{buf.data(), buf.data(), 0, {2, 2}, {0, 1}};
  EXPECT_DEATH(matmul(&a, &b2, &cb), "stride 0");
}

} // namespace
