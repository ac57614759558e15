//===- EquivalenceTest.cpp - backprop vs finite differences, PC vs backprop ===//
//
// On every test graph of test/Graphs (MLP, residual DAG, CNN, unrolled RNN,
// LSTM cell, attention block, the scalar graph of Millidge et al.), on
// native code:
//  - nn-autodiff's gradients against central finite differences (f64,
//    relative error <= 1e-6, see GradCheck.h);
//  - the predictive-coding train step of every mode against nn-autodiff:
//    fixed-prediction with η = 1 and T = height, and zero-divergence, agree
//    to <= 1e-10 (f64) / <= 1e-5 (f32) relative error per parameter; with
//    T = height - 1 some parameter is visibly wrong (its error has not
//    arrived); fixed-prediction solved in closed form agrees with its loop
//    at every T and η tried; strict inference with a small step approaches backprop as T
//    grows. Relative error and angle per parameter are printed for every
//    mode.
//
//===----------------------------------------------------------------------===//
#include <cmath>
#include "GradCheck.h"

#include "pcc_rt/Kernels.h"

#include <iomanip>
#include <iostream>

using namespace pcc::test;

namespace {

struct ArgSpec {
  std::vector<int64_t> shape;
  bool integer = false;
  double lo = -1, hi = 1;
};

struct GraphSpec {
  const char *name;
  std::vector<ArgSpec> args;
};

const std::vector<GraphSpec> &graphs() {
  static const std::vector<GraphSpec> g = {
      {"mlp", {{{5, 6}}, {{5}, true, 0, 3}}},
      {"residual", {{{5, 4}}, {{5, 2}}}},
      {"cnn", {{{3, 1, 6, 6}}, {{3}, true, 0, 4}}},
      {"rnn",
       {{{4, 3}},
        {{4, 3}},
        {{4, 3}},
        {{4}, true, 0, 3},
        {{4}, true, 0, 3},
        {{4}, true, 0, 3}}},
      {"lstm", {{{4, 3}}, {{4, 4}}, {{4, 4}}, {{4, 2}}}},
      {"attention", {{{3, 4, 6}}, {{3}, true, 0, 3}}},
      {"scalar", {{{1, 1}, false, 5, 5}, {{1, 1}, false, 1, 1}}},
  };
  return g;
}

const GraphSpec &graph(const std::string &name) {
  for (const GraphSpec &g : graphs())
    if (name == g.name)
      return g;
  ADD_FAILURE() << "unknown graph " << name;
  return graphs().front();
}

std::vector<HostTensor> inputsFor(const GraphSpec &g, DType t) {
  std::vector<HostTensor> args;
  uint64_t seed = 100;
  for (const ArgSpec &a : g.args)
    args.push_back(
        randomTensor(a.shape, a.integer ? DType::I64 : t, seed++, a.lo, a.hi));
  return args;
}

std::vector<std::string> graphNames() {
  std::vector<std::string> names;
  for (const GraphSpec &g : graphs())
    names.push_back(g.name);
  return names;
}

/// The largest `level` of a printed pc network.
int64_t maxLevel(const std::string &ir) {
  std::regex level(R"(pc\.node "[^"]*" level (\d+))");
  int64_t m = 0;
  for (std::sregex_iterator it(ir.begin(), ir.end(), level), end; it != end;
       ++it)
    m = std::max<int64_t>(m, std::stoll((*it)[1]));
  return m;
}

/// The largest `at_step` of a printed zero-divergence network: the level of
/// the deepest node that owns a parameter.
int64_t maxLearnStep(const std::string &ir) {
  std::regex step(R"(at_step (\d+))");
  int64_t m = 0;
  for (std::sregex_iterator it(ir.begin(), ir.end(), step), end; it != end;
       ++it)
    m = std::max<int64_t>(m, std::stoll((*it)[1]));
  return m;
}

/// The graph with its loss multiplied by `scale` (weak supervision: small
/// output errors).
std::string scaleLoss(const std::string &src, double scale) {
  std::regex ret(R"(return (%\w+) : (tensor<\w+>)\n\})");
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6e", scale);
  return std::regex_replace(
      src, ret,
      std::string("%pcc_scale = arith.constant dense<") + buf +
          "> : $2\n  %pcc_scaled = nn.mul $1, %pcc_scale : ($2, $2) -> $2\n"
          "  return %pcc_scaled : $2\n}");
}

/// nn.param names in order of appearance.
std::vector<std::string> paramNames(const std::string &src) {
  return paramsAsArgs(src).names;
}

//===----------------------------------------------------------------------===//
// Backprop against finite differences (f64)
//===----------------------------------------------------------------------===//

class BackpropFD : public ::testing::TestWithParam<std::string> {};

TEST_P(BackpropFD, MatchesCentralDifferences) {
  const GraphSpec &g = graph(GetParam());
  ParamsAsArgs pa = paramsAsArgs(readGraph(g.name, DType::F64));
  std::string error;
  auto m = compileModule(pa.source, error, "nn-autodiff{inputs=true}");
  ASSERT_TRUE(m) << error;
  std::vector<HostTensor> args = inputsFor(g, DType::F64);
  size_t numInputs = args.size();
  for (HostTensor &p : m->call("params", {}, {}))
    args.push_back(p);
  std::vector<HostTensor> r = m->call("loss_grad", args, {});
  size_t next = 1;
  for (size_t k = 0; k < args.size(); ++k) {
    if (args[k].dtype != DType::F64)
      continue;
    ASSERT_LT(next, r.size());
    const HostTensor &ad = r[next++];
    HostTensor fd = finiteDifference(*m, args, k);
    std::string what = k < numInputs ? "input #" + std::to_string(k)
                                     : "parameter " + pa.names[k - numInputs];
    EXPECT_LE(relativeError(ad, fd), 1e-6)
        << g.name << ": gradient of " << what << " (|fd| = " << norm2(fd)
        << ")";
  }
  EXPECT_EQ(next, r.size());
}

INSTANTIATE_TEST_SUITE_P(Graphs, BackpropFD, ::testing::ValuesIn(graphNames()),
                         [](const auto &info) { return info.param; });

//===----------------------------------------------------------------------===//
// Predictive coding against backprop
//===----------------------------------------------------------------------===//

struct PCRun {
  std::vector<HostTensor> grads; // one per parameter
};

class Equivalence
    : public ::testing::TestWithParam<std::tuple<std::string, DType>> {
protected:
  void SetUp() override {
    auto [name, t] = GetParam();
    spec = &graph(name);
    dtype = t;
    src = readGraph(name, t);
    names = paramNames(src);
    inputs = inputsFor(*spec, t);
    computeBackprop();
  }

  void computeBackprop() {
    std::string error;
    auto bp = compileModule(src, error, "nn-autodiff");
    ASSERT_TRUE(bp) << error;
    std::vector<HostTensor> r = bp->call("loss_grad", inputs, {});
    ASSERT_EQ(r.size(), names.size() + 1);
    backprop.assign(r.begin() + 1, r.end());
  }

  std::string pcPipeline(const std::string &mode,
                         const std::string &granularity = "op") {
    return "convert-nn-to-pc{mode=" + mode + " granularity=" + granularity +
           "},pc-lower-inference";
  }

  std::string network(const std::string &mode, const std::string &granularity) {
    std::string error;
    std::string ir = transformModule(
        src, "convert-nn-to-pc{mode=" + mode + " granularity=" + granularity + "}",
        error);
    EXPECT_FALSE(ir.empty()) << error;
    return ir;
  }

  std::vector<HostTensor> train(CompiledModule &m, int64_t steps, double eta) {
    std::vector<HostTensor> args = inputs;
    HostTensor s({}, DType::I64), e({}, dtype);
    s.data[0] = double(steps);
    e.data[0] = eta;
    args.push_back(s);
    args.push_back(e);
    std::vector<HostTensor> r = m.call("loss_train", args, {});
    EXPECT_EQ(r.size(), names.size() + 1);
    if (r.size() != names.size() + 1)
      return {};
    return std::vector<HostTensor>(r.begin() + 1, r.end());
  }

  /// Asserts that two train steps' gradients are the same bits.
  void expectSameBits(const std::vector<HostTensor> &a,
                      const std::vector<HostTensor> &b,
                      const std::string &what) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t p = 0; p < a.size(); ++p) {
      ASSERT_EQ(a[p].data.size(), b[p].data.size());
      for (size_t i = 0; i < a[p].data.size(); ++i)
        ASSERT_EQ(a[p].data[i], b[p].data[i])
            << what << ": " << names[p] << "[" << i << "]";
    }
  }

  /// Prints relative error and angle per parameter; returns the largest
  /// relative error.
  double report(const std::string &what, const std::vector<HostTensor> &pc) {
    double worst = 0;
    for (size_t p = 0; p < names.size() && p < pc.size(); ++p) {
      double rel = relativeError(pc[p], backprop[p]);
      double ang = angleDegrees(pc[p], backprop[p]);
      worst = std::max(worst, rel);
      std::cout << "  " << std::get<0>(GetParam()) << " "
                << typeName(dtype) << " " << std::left << std::setw(34) << what
                << std::setw(7) << names[p] << " rel.err " << std::scientific
                << std::setprecision(2) << rel << "  angle " << std::fixed
                << std::setprecision(4) << ang << "°\n"
                << std::defaultfloat;
    }
    return worst;
  }

  /// The angle between the concatenated gradients of all parameters.
  double totalAngle(const std::vector<HostTensor> &pc) {
    HostTensor a({0}, DType::F64), b({0}, DType::F64);
    for (size_t p = 0; p < pc.size(); ++p) {
      a.data.insert(a.data.end(), pc[p].data.begin(), pc[p].data.end());
      b.data.insert(b.data.end(), backprop[p].data.begin(),
                    backprop[p].data.end());
    }
    return angleDegrees(a, b);
  }

  double tol() const { return dtype == DType::F64 ? 1e-10 : 1e-5; }

  const GraphSpec *spec = nullptr;
  DType dtype = DType::F64;
  std::string src;
  std::vector<std::string> names;
  std::vector<HostTensor> inputs, backprop;
};

TEST_P(Equivalence, FixedPredictionIsExactAtHeight) {
  for (std::string granularity : {"op", "layer"}) {
    std::string error;
    auto m = compileModule(src, error,
                           pcPipeline("fixed-prediction", granularity));
    ASSERT_TRUE(m) << error;
    // The height of the network, and the level of the deepest node with a
    // parameter: its error is exact after that many steps.
    int64_t h = maxLevel(network("fixed-prediction", granularity));
    int64_t hp = maxLearnStep(network("zero-divergence", granularity));
    ASSERT_GE(h, hp);
    ASSERT_GE(hp, 1);
    std::string tag = "fixed-prediction/" + granularity + " eta=1 T=";
    double exact = report(tag + std::to_string(hp), train(*m, hp, 1.0));
    EXPECT_LE(exact, tol()) << "fixed-prediction with eta = 1, T = " << hp
                            << " (" << granularity << ")";
    // One step fewer: the error of the deepest node with a parameter has not
    // (fully) arrived, so its gradient is wrong. The test can fail.
    double early = report(tag + std::to_string(hp - 1), train(*m, hp - 1, 1.0));
    EXPECT_GT(early, 1e-3) << "T = " << hp - 1 << " should not be exact ("
                           << granularity << ")";
    // More steps change nothing once the errors are exact.
    EXPECT_LE(report(tag + std::to_string(2 * h), train(*m, 2 * h, 1.0)),
              tol());
  }
}

// Fixed-prediction's error dynamics are linear with frozen Jacobians, and
// pc-lower-inference solves them in closed form (one VJP per node and path
// length). Against the loop that iterates them, at several T and eta (before,
// at and after the height; T = 20 as trained): the same gradients up to
// rounding. Tolerance: relative error per parameter <= 1e-10 (f64) / 1e-5
// (f32), as for exactness against backprop; the loop rounds at every step.
TEST_P(Equivalence, ClosedFormFixedPredictionMatchesTheLoop) {
  std::string error;
  auto solved = compileModule(src, error, pcPipeline("fixed-prediction"));
  ASSERT_TRUE(solved) << error;
  auto loop = compileModule(src, error,
                            "convert-nn-to-pc{mode=fixed-prediction},"
                            "pc-lower-inference{closed-form=false}");
  ASSERT_TRUE(loop) << error;
  int64_t h = maxLevel(network("fixed-prediction", "op"));
  for (double eta : {0.1, 0.5, 1.0})
    for (int64_t steps : {int64_t(1), h - 1, h, 2 * h + 1, int64_t(20)}) {
      if (steps < 1)
        continue;
      auto a = train(*solved, steps, eta);
      auto b = train(*loop, steps, eta);
      ASSERT_EQ(a.size(), b.size());
      for (size_t p = 0; p < a.size(); ++p)
        EXPECT_LE(relativeError(a[p], b[p]), tol())
            << names[p] << " at T = " << steps << ", eta = " << eta;
    }
}

// pcc-parallelize-loops gives every generated loop nest with at least
// min-iterations iterations a version that runs on every thread. With the
// threshold at 1 (everything it can parallelize runs in parallel, on 2
// threads) the train step is the same bits as with every generated loop on
// one thread: each element is computed by the same code, and the kernels
// split their work the same way in both builds. So is the build with every
// parallel region in a function of its own (what functions with thousands
// of ops get).
TEST_P(Equivalence, ParallelLoopsAreBitIdentical) {
  pcc_rt_set_num_threads(2);
  pcc::LoweringOptions everything, outOfLine, serialLoops;
  everything.parallelMinIterations = 1;
  outOfLine.parallelMinIterations = 1;
  outOfLine.parallelOutOfLineMinOps = 1;
  serialLoops.parallelMinIterations = 0;
  for (const char *mode : {"strict", "fixed-prediction", "zero-divergence"}) {
    std::string error;
    auto serial = compileModule(src, error, pcPipeline(mode), serialLoops);
    ASSERT_TRUE(serial) << error;
    auto b = train(*serial, 7, 0.3);
    for (const auto &[kind, lowering] :
         {std::pair("in place", everything), std::pair("out of line", outOfLine)}) {
      auto parallel = compileModule(src, error, pcPipeline(mode), lowering);
      ASSERT_TRUE(parallel) << error;
      auto a = train(*parallel, 7, 0.3);
      ASSERT_NO_FATAL_FAILURE(expectSameBits(
          a, b, std::string(mode) + ", regions " + kind));
    }
  }
  pcc_rt_set_num_threads(0);
}

// pcc-merge-sibling-elementwise runs pointwise ops that read the same tensor
// as one loop and recomputes an error they share instead of storing it:
// every element goes through the same operations, so the gradients are the
// same bits as without the merge.
TEST_P(Equivalence, MergingSiblingElementwiseIsExact) {
  pcc::LoweringOptions separate;
  separate.mergeSiblingElementwise = false;
  for (const char *mode : {"strict", "fixed-prediction", "incremental"}) {
    std::string error;
    auto merged = compileModule(src, error, pcPipeline(mode));
    ASSERT_TRUE(merged) << error;
    auto apart = compileModule(src, error, pcPipeline(mode), separate);
    ASSERT_TRUE(apart) << error;
    auto a = train(*merged, 5, 0.3);
    auto b = train(*apart, 5, 0.3);
    ASSERT_NO_FATAL_FAILURE(expectSameBits(a, b, mode));
  }
}

// Strict, incremental and zero-divergence inference skip the work of the
// nodes the errors have not reached yet (pc-lower-inference{skip-unchanged};
// incremental also tracks which parameters have moved), which peels the
// first steps of strict and incremental inference off their loop. Skipped terms are
// the feed-forward predictions (the same bits) or exact zeros, so the
// gradients equal, bit for bit, those of evaluating every node every step,
// at T before, inside and after the peeled steps (T = 0: no step at all).
// Where the dynamics diverge (strict with eta = 1 on some graphs) both must
// be non-finite at the same elements.
//
// Except on the attention graph: there the reference re-predicts the
// scores q·kᵀ from the stored transpose node with a plain GEMM, while the
// feed-forward pass multiplies by k read transposed (the transpose folded
// into the GEMM), which rounds differently. So the reference's errors at the
// feed-forward values are rounding residues instead of zeros, and they
// spread. There the test checks that zero-divergence with skipping is the
// closer of the two to backprop (it is exact within tol(), see
// ZeroDivergenceIsExact).
TEST_P(Equivalence, SkippingUnchangedNodesIsExact) {
  int64_t h = maxLevel(network("strict", "op"));
  bool residues = std::get<0>(GetParam()) == "attention";
  for (const char *mode : {"strict", "zero-divergence", "incremental"}) {
    std::string error;
    auto skip = compileModule(src, error, pcPipeline(mode));
    ASSERT_TRUE(skip) << error;
    auto all = compileModule(
        src, error,
        std::string("convert-nn-to-pc{mode=") + mode +
            "},pc-lower-inference{skip-unchanged=false}");
    ASSERT_TRUE(all) << error;
    if (residues) {
      if (std::string(mode) != "zero-divergence")
        continue;
      auto a = train(*skip, 1, 1.0);
      auto b = train(*all, 1, 1.0);
      ASSERT_EQ(a.size(), b.size());
      for (size_t p = 0; p < a.size(); ++p)
        EXPECT_LE(relativeError(a[p], backprop[p]),
                  relativeError(b[p], backprop[p]))
            << names[p];
      continue;
    }
    for (double eta : {0.1, 1.0})
      for (int64_t steps : {int64_t(0), int64_t(1), int64_t(2), h - 1, h,
                            h + 1, int64_t(20)}) {
        if (steps < 0)
          continue;
        auto a = train(*skip, steps, eta);
        auto b = train(*all, steps, eta);
        ASSERT_EQ(a.size(), b.size());
        for (size_t p = 0; p < a.size(); ++p) {
          ASSERT_EQ(a[p].data.size(), b[p].data.size());
          for (size_t i = 0; i < a[p].data.size(); ++i) {
            double x = a[p].data[i], y = b[p].data[i];
            if (!std::isfinite(y)) {
              ASSERT_FALSE(std::isfinite(x));
              continue;
            }
            ASSERT_EQ(x, y) << mode << " T = " << steps << ", eta = " << eta
                            << ": " << names[p] << "[" << i << "]";
          }
        }
      }
  }
}

TEST_P(Equivalence, ZeroDivergenceIsExact) {
  std::string error;
  auto m = compileModule(src, error, pcPipeline("zero-divergence"));
  ASSERT_TRUE(m) << error;
  // T and eta are fixed by the mode (largest level, 1): the arguments are
  // ignored.
  double rel = report("zero-divergence", train(*m, 1, 0.5));
  EXPECT_LE(rel, tol());
}

// Levelling is what makes zero-divergence exact on a graph with an edge that
// skips levels (Salvatori et al.): without it (level=false) the residual
// graph's first layer learns at its level from an error that has not
// received the skip path's share, so its gradient is visibly wrong. On a
// chain there is nothing to level: exact either way.
TEST_P(Equivalence, ZeroDivergenceNeedsLevelling) {
  std::string name = std::get<0>(GetParam());
  if (name != "residual" && name != "mlp")
    GTEST_SKIP() << "run on the residual DAG and on a chain";
  std::string error;
  auto m = compileModule(src, error,
                         "convert-nn-to-pc{mode=zero-divergence level=false},"
                         "pc-lower-inference");
  ASSERT_TRUE(m) << error;
  double rel = report("zero-divergence, unlevelled", train(*m, 1, 1.0));
  if (name == "mlp")
    EXPECT_LE(rel, tol());
  else
    EXPECT_GT(rel, 1e-3);
}

TEST_P(Equivalence, StrictApproachesBackpropAsTGrows) {
  // Strict PC evaluates predictions and Jacobians at the relaxing values, so
  // its equilibrium equals backprop only in the limit of small output
  // errors (Whittington & Bogacz 2017; Millidge et al. 2022). The loss is
  // scaled by 1e-3 (weak supervision) to be in that regime; backprop of the
  // same scaled loss is the reference.
  src = scaleLoss(src, 1e-3);
  computeBackprop();
  std::string error;
  auto m = compileModule(src, error, pcPipeline("strict"));
  ASSERT_TRUE(m) << error;
  double eta = 0.1;
  std::vector<double> rel, angle;
  for (int64_t steps : {10, 100, 1000}) {
    auto g = train(*m, steps, eta);
    rel.push_back(report("strict eta=0.1 T=" + std::to_string(steps) +
                             " loss*1e-3",
                         g));
    angle.push_back(totalAngle(g));
    std::cout << "  strict total angle at T=" << steps << ": " << angle.back()
              << "°\n";
  }
  // The largest relative error over the parameters and the angle between
  // all gradients shrink as inference converges, and the gradients end up
  // aligned with backprop. (In f32 the strict state μ cancels against the
  // prediction in ε = μ - v̂, so the error floor is higher: DESIGN.md §1.)
  EXPECT_LT(rel[1], rel[0]);
  EXPECT_LT(rel[2], rel[1]);
  EXPECT_LE(angle[1], angle[0]);
  EXPECT_LE(angle[2], angle[1]);
  EXPECT_LT(angle[2], 5.0);
}

TEST_P(Equivalence, IncrementalReport) {
  std::string error;
  auto m = compileModule(src, error, pcPipeline("incremental"));
  ASSERT_TRUE(m) << error;
  // Inference starts at the feed-forward values, where every error is 0:
  // after one step nothing has been learnt.
  for (const HostTensor &g : train(*m, 1, 0.1))
    EXPECT_EQ(norm2(g), 0.0);
  auto g = train(*m, 20, 0.1);
  report("incremental eta=0.1 T=20", g);
  for (const HostTensor &t : g)
    EXPECT_TRUE(std::isfinite(norm2(t)));
}

INSTANTIATE_TEST_SUITE_P(
    Graphs, Equivalence,
    ::testing::Combine(::testing::ValuesIn(graphNames()),
                       ::testing::Values(DType::F64, DType::F32)),
    [](const auto &info) {
      return std::get<0>(info.param) + "_" +
             typeName(std::get<1>(info.param));
    });

//===----------------------------------------------------------------------===//
// The scalar graph: the input error converges to ∂loss/∂y0
//===----------------------------------------------------------------------===//

TEST(ScalarGraph, InputErrorConvergesToInputGradient) {
  const GraphSpec &g = graph("scalar");
  std::string src = readGraph("scalar", DType::F64), error;
  auto bp = compileModule(src, error, "nn-autodiff{inputs=true}");
  ASSERT_TRUE(bp) << error;
  std::vector<HostTensor> in = inputsFor(g, DType::F64);
  ASSERT_EQ(in[0].data[0], 5.0);
  // Results: loss, dθ, dy0, dt.
  HostTensor want = bp->call("loss_grad", in, {})[2];
  auto pc = compileModule(src, error,
                          "convert-nn-to-pc{mode=fixed-prediction},"
                          "pc-lower-inference{inputs=true}");
  ASSERT_TRUE(pc) << error;
  std::vector<double> errs;
  for (int64_t steps : {5, 50, 400}) {
    std::vector<HostTensor> args = in;
    HostTensor s({}, DType::I64), e({}, DType::F64);
    s.data[0] = double(steps);
    e.data[0] = 0.1;
    args.push_back(s);
    args.push_back(e);
    HostTensor got = pc->call("loss_train", args, {})[2];
    errs.push_back(relativeError(got, want));
    std::cout << "  scalar graph, fixed-prediction eta=0.1 T=" << steps
              << ": input error " << got.data[0] << ", dloss/dy0 "
              << want.data[0] << ", rel.err " << errs.back() << "\n";
  }
  EXPECT_LT(errs[1], errs[0]);
  EXPECT_LE(errs[2], 1e-10);
}

} // namespace
