//===- PCLowerInference.cpp - pc networks to train and predict functions ---===//
//
// Expands each predictive-coding network into
//   <f>_train(args..., %steps, %eta) -> (loss, param grads... [, input grads])
//   <f>_predict(inputs...) -> (predictions feeding the loss...)
// Everything a node sends to its parents is a VJP emitted through
// DifferentiableOpInterface by the shared reverse-mode engine, at the values
// the mode prescribes (feed-forward for fixed-prediction, current beliefs
// for strict, zero-divergence and incremental).
//
//===----------------------------------------------------------------------===//
#include "pcc/Dialect/PC/IR/PC.h"
#include "pcc/Transforms/Passes.h"
#include "pcc/Transforms/ReverseMode.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseSet.h"

#include <map>

namespace pcc {
#define GEN_PASS_DEF_PCLOWERINFERENCE
#include "pcc/Transforms/Passes.h.inc"
} // namespace pcc

using namespace mlir;
using namespace pcc;

namespace {

/// A node's prediction materialised at some values of its inputs.
struct NodeEval {
  SmallVector<Operation *> ops; // the cloned prediction, in order
  SmallVector<Value> inputs;    // the values it was evaluated at
  Value out;                    // the prediction
};

/// The network as read from a pc function.
struct Network {
  func::FuncOp func;
  pc::Mode mode;
  SmallVector<pc::NodeOp> nodes;
  llvm::DenseMap<Operation *, unsigned> index; // node -> position in `nodes`
  SmallVector<Operation *> loss;   // ops after the nodes (the loss)
  SmallVector<Operation *> others; // parameters, constants, clamped values
  SmallVector<nn::ParamOp> params;
  SmallVector<pc::LearnOp> learns;
  Value lossValue;

  std::optional<unsigned> nodeOf(Value v) const {
    auto n = v.getDefiningOp<pc::NodeOp>();
    if (!n)
      return std::nullopt;
    return index.lookup(n);
  }
};

LogicalResult readNetwork(func::FuncOp f, Network &net) {
  net.func = f;
  auto modeAttr = f->getAttrOfType<StringAttr>(pc::kModeAttr);
  auto mode = modeAttr ? pc::parseMode(modeAttr.getValue()) : std::nullopt;
  if (!mode)
    return f.emitError("expects a valid '") << pc::kModeAttr << "' attribute";
  net.mode = *mode;
  if (!f.getBody().hasOneBlock())
    return f.emitError("expects a network function with one block");
  Block &body = f.front();
  auto ret = dyn_cast<func::ReturnOp>(body.getTerminator());
  if (!ret || ret.getNumOperands() != 1)
    return f.emitError("expects a network function that returns its loss");
  net.lossValue = ret.getOperand(0);
  llvm::DenseSet<Operation *> afterNodes;
  for (Operation &op : body.without_terminator()) {
    if (auto n = dyn_cast<pc::NodeOp>(op)) {
      net.index[n] = net.nodes.size();
      net.nodes.push_back(n);
      continue;
    }
    if (auto l = dyn_cast<pc::LearnOp>(op)) {
      net.learns.push_back(l);
      continue;
    }
    if (isa<pc::ErrorOp, pc::EnergyOp>(op))
      continue;
    if (auto p = dyn_cast<nn::ParamOp>(op))
      net.params.push_back(p);
    bool fromNode = llvm::any_of(op.getOperands(), [&](Value v) {
      Operation *d = v.getDefiningOp();
      return d && (isa<pc::NodeOp>(d) || afterNodes.contains(d));
    });
    if (fromNode) {
      afterNodes.insert(&op);
      net.loss.push_back(&op);
    } else {
      net.others.push_back(&op);
    }
  }
  return success();
}

bool isFloatTensor(Type t) {
  auto rt = dyn_cast<RankedTensorType>(t);
  return rt && isa<FloatType>(rt.getElementType());
}

/// The closed form of fixed-prediction is emitted only when its VJPs are at
/// most this many backward sweeps (compile time and code size).
constexpr uint64_t kMaxClosedFormSweeps = 2;

/// Strict and incremental inference peel their first steps (those that skip
/// work the steady step does not) off the loop while their evaluations add
/// up to at most this many full steps.
constexpr uint64_t kPeelBudget = 1;

/// Builds the train step of one network.
class TrainStepBuilder {
public:
  TrainStepBuilder(Network &net, bool inputGrads, bool closedForm,
                   bool skipUnchanged)
      : net(net), inputGrads(inputGrads), closedForm(closedForm),
        skipUnchanged(skipUnchanged), b(net.func.getContext()) {}

  LogicalResult build(func::FuncOp train);

private:
  Network &net;
  bool inputGrads;
  bool closedForm;
  bool skipUnchanged;
  OpBuilder b;
  Location loc = net.func.getLoc();
  Type elementType;
  Value eta, oneMinusEta;

  NodeEval evalNode(pc::NodeOp n, IRMapping &map) {
    NodeEval e;
    IRMapping m;
    for (auto [arg, in] : llvm::zip(n.getBody().getArguments(), n.getInputs())) {
      Value v = map.lookupOrDefault(in);
      m.map(arg, v);
      e.inputs.push_back(v);
    }
    for (Operation &op : n.getBody().without_terminator())
      e.ops.push_back(b.clone(op, m));
    e.out = m.lookupOrDefault(n.getPredictionValue());
    return e;
  }

  /// Position of a parameter in the moved-sets below: after the nodes.
  std::optional<unsigned> paramPosition(Value v) const {
    auto p = v.getDefiningOp<nn::ParamOp>();
    if (!p)
      return std::nullopt;
    auto it = llvm::find(net.params, p);
    if (it == net.params.end())
      return std::nullopt;
    return net.nodes.size() + (it - net.params.begin());
  }

  /// Whether an input of `n` (a parent node, or a parameter when those
  /// move) is in `moved`: then its prediction must be evaluated again.
  bool parentMoved(pc::NodeOp n, const llvm::BitVector &moved) const {
    return llvm::any_of(n.getInputs(), [&](Value in) {
      std::optional<unsigned> p = net.nodeOf(in);
      if (!p)
        p = paramPosition(in);
      return p && *p < moved.size() && moved.test(*p);
    });
  }

  /// The nodes (and with `paramsMove`, the parameters, after the nodes)
  /// that may have moved away from the feed-forward pass after a step of
  /// strict value inference that started with those in `moved`: a node
  /// moves when the loss reads it or its error may be nonzero, and then so
  /// do its parents and the parameters it learns (incremental).
  llvm::BitVector movedBy(const llvm::BitVector &moved, bool paramsMove) const {
    llvm::BitVector next = moved;
    for (auto [j, n] : llvm::enumerate(net.nodes)) {
      bool readByLoss = llvm::any_of(n->getUsers(), [&](Operation *u) {
        return llvm::is_contained(net.loss, u);
      });
      if (readByLoss)
        next.set(j);
      if (!moved.test(j) && !parentMoved(n, moved))
        continue;
      next.set(j);
      for (Value in : n.getInputs())
        if (auto p = net.nodeOf(in))
          next.set(*p);
      if (paramsMove)
        for (pc::LearnOp l : net.learns)
          if (l.getNode() == n.getResult())
            if (auto p = paramPosition(l.getParam()))
              next.set(*p);
    }
    return next;
  }

  /// Every node evaluated at `map` (which gives each node's current value).
  /// With `moved`, a node none of whose inputs is in it keeps its
  /// feed-forward evaluation from `ff` (the same prediction).
  SmallVector<NodeEval> evalNodes(IRMapping &map, ArrayRef<NodeEval> ff = {},
                                  const llvm::BitVector *moved = nullptr) {
    SmallVector<NodeEval> evals;
    for (auto [i, n] : llvm::enumerate(net.nodes))
      evals.push_back(moved && !parentMoved(n, *moved) ? ff[i]
                                                       : evalNode(n, map));
    return evals;
  }

  /// The loss at `map`; fills `ops` with the cloned loss ops.
  Value evalLoss(IRMapping &map, SmallVectorImpl<Operation *> &ops) {
    for (Operation *op : net.loss)
      ops.push_back(b.clone(*op, map));
    return map.lookupOrDefault(net.lossValue);
  }

  /// -∂ℓ/∂μ_i for every node the loss reads (null where it reads none), and
  /// ∂ℓ/∂a for `args` read by the loss directly.
  FailureOr<SmallVector<Value>> lossFeedback(ArrayRef<Operation *> lossOps,
                                             Value loss, IRMapping &map,
                                             ArrayRef<Value> args,
                                             SmallVectorImpl<Value> &argGrads) {
    SmallVector<Value> wrt;
    for (pc::NodeOp n : net.nodes)
      wrt.push_back(map.lookupOrDefault(n.getResult()));
    wrt.append(args.begin(), args.end());
    Value one = scalarTensor(b, loc, elementType, 1.0);
    auto cot = emitReverse(b, lossOps, {{loss, one}}, wrt);
    if (failed(cot))
      return failure();
    SmallVector<Value> fb;
    for (unsigned i = 0; i < net.nodes.size(); ++i)
      fb.push_back((*cot)[i] ? Value(nn::NegOp::create(b, loc, (*cot)[i]))
                             : Value());
    argGrads.assign(cot->begin() + net.nodes.size(), cot->end());
    return fb;
  }

  /// s_i = fb_i + Σ_j J_jiᵀ ε_j: what every node receives from its children.
  FailureOr<SmallVector<Value>> feedback(ArrayRef<NodeEval> evals,
                                         ArrayRef<Value> errors,
                                         ArrayRef<Value> lossFb) {
    SmallVector<Value> s(lossFb.begin(), lossFb.end());
    for (auto [j, n] : llvm::enumerate(net.nodes)) {
      if (!errors[j])
        continue; // known to be zero: nothing to send
      SmallVector<Value> wrt;
      SmallVector<unsigned> parents;
      for (auto [k, in] : llvm::enumerate(n.getInputs()))
        if (auto p = net.nodeOf(in)) {
          wrt.push_back(evals[j].inputs[k]);
          parents.push_back(*p);
        }
      if (wrt.empty())
        continue;
      auto cot = emitReverse(b, evals[j].ops, {{evals[j].out, errors[j]}}, wrt);
      if (failed(cot))
        return failure();
      for (auto [p, g] : llvm::zip(parents, *cot))
        if (g)
          s[p] = s[p] ? addTensors(b, loc, s[p], g) : g;
    }
    return s;
  }

  /// Σ (∂f_j/∂θ)ᵀ ε_j over the `pc.learn` rules selected by `take`, per
  /// parameter (null where none contributes). The gradient is its negation.
  FailureOr<SmallVector<Value>>
  paramPull(ArrayRef<NodeEval> evals, ArrayRef<Value> errors,
            ArrayRef<Value> paramValues,
            llvm::function_ref<bool(pc::LearnOp)> take) {
    SmallVector<Value> pull(net.params.size());
    for (pc::LearnOp l : net.learns) {
      if (!take(l))
        continue;
      unsigned j = *net.nodeOf(l.getNode());
      auto pIt = llvm::find(net.params, l.getParam().getDefiningOp());
      if (pIt == net.params.end() || !errors[j])
        continue; // not a parameter, or an error known to be zero
      unsigned p = pIt - net.params.begin();
      // The parameter as the prediction read it (a prediction kept from
      // the feed-forward pass read the feed-forward parameters).
      Value at = paramValues[p];
      for (auto [k, in] : llvm::enumerate(net.nodes[j].getInputs()))
        if (in == l.getParam())
          at = evals[j].inputs[k];
      auto cot = emitReverse(b, evals[j].ops, {{evals[j].out, errors[j]}},
                             {at});
      if (failed(cot))
        return failure();
      if (Value g = (*cot)[0])
        pull[p] = pull[p] ? addTensors(b, loc, pull[p], g) : g;
    }
    return pull;
  }

  /// Σ_j J_jaᵀ ε_j for each float argument read by nodes.
  FailureOr<SmallVector<Value>> argPull(ArrayRef<NodeEval> evals,
                                        ArrayRef<Value> errors,
                                        ArrayRef<Value> args) {
    SmallVector<Value> pull(args.size());
    for (auto [j, e] : llvm::enumerate(evals)) {
      SmallVector<Value> wrt;
      SmallVector<unsigned> which;
      for (auto [a, v] : llvm::enumerate(args))
        if (llvm::is_contained(e.inputs, v)) {
          wrt.push_back(v);
          which.push_back(a);
        }
      if (wrt.empty())
        continue;
      auto cot = emitReverse(b, e.ops, {{e.out, errors[j]}}, wrt);
      if (failed(cot))
        return failure();
      for (auto [a, g] : llvm::zip(which, *cot))
        if (g)
          pull[a] = pull[a] ? addTensors(b, loc, pull[a], g) : g;
    }
    return pull;
  }

  /// ∂loss/∂a ≈ (what the loss reads of a directly) − Σ_j J_jaᵀ ε_j.
  LogicalResult inputGradients(ArrayRef<NodeEval> evals, ArrayRef<Value> errors,
                               ArrayRef<Value> args, ArrayRef<Value> direct,
                               SmallVectorImpl<Value> &grads) {
    auto pull = argPull(evals, errors, args);
    if (failed(pull))
      return failure();
    for (unsigned a = 0; a < args.size(); ++a) {
      Value fromNodes =
          (*pull)[a] ? Value(nn::NegOp::create(b, loc, (*pull)[a])) : Value();
      grads[a] = direct[a] && fromNodes
                     ? addTensors(b, loc, direct[a], fromNodes)
                     : (direct[a] ? direct[a] : fromNodes);
    }
    return success();
  }

  /// ε' = (1-η)·ε + η·s (exactly s when η = 1).
  Value relaxError(Value e, Value s) {
    Value kept = nn::MulOp::create(b, loc, oneMinusEta, e);
    if (!s)
      return kept;
    return nn::AddOp::create(b, loc, kept, nn::MulOp::create(b, loc, eta, s));
  }

  /// μ' = μ - η·(ε - s).
  Value relaxValue(Value mu, Value e, Value s) {
    // A null error or feedback is known to be zero.
    if (!e && !s)
      return mu;
    Value d = !e  ? Value(nn::NegOp::create(b, loc, s))
              : s ? Value(nn::SubOp::create(b, loc, e, s))
                  : e;
    return nn::SubOp::create(b, loc, mu, nn::MulOp::create(b, loc, eta, d));
  }

  /// Path lengths of the fixed-prediction error dynamics: for node i, the
  /// sorted lengths k of the paths of node-to-node edges from i to a node
  /// that receives feedback from the loss (k = 0: i itself).
  struct PathLengths {
    SmallVector<SmallVector<unsigned>> lengths;      // per node
    SmallVector<SmallVector<unsigned>> parents;      // per node: its parents
    SmallVector<SmallVector<unsigned>> parentInputs; // their input positions
    unsigned maxLength = 0;
    uint64_t sends = 0;   // VJPs of the closed form
    uint64_t senders = 0; // VJPs of one loop step
  };

  PathLengths pathLengths(ArrayRef<Value> lossFb) {
    PathLengths pl;
    unsigned numNodes = net.nodes.size();
    pl.lengths.resize(numNodes);
    pl.parents.resize(numNodes);
    pl.parentInputs.resize(numNodes);
    for (auto [j, n] : llvm::enumerate(net.nodes))
      for (auto [k, in] : llvm::enumerate(n.getInputs()))
        if (auto p = net.nodeOf(in)) {
          pl.parents[j].push_back(*p);
          pl.parentInputs[j].push_back(k);
        }
    // Operands are defined before their users: a node's children come
    // after it, so in reverse order every node's set is complete when it is
    // reached.
    for (unsigned j = numNodes; j-- > 0;) {
      SmallVector<unsigned> &len = pl.lengths[j];
      if (lossFb[j])
        len.push_back(0);
      llvm::sort(len);
      len.erase(std::unique(len.begin(), len.end()), len.end());
      if (!len.empty())
        pl.maxLength = std::max(pl.maxLength, len.back());
      if (pl.parents[j].empty() || len.empty())
        continue;
      ++pl.senders;
      pl.sends += len.size();
      for (unsigned p : pl.parents[j])
        for (unsigned k : len)
          pl.lengths[p].push_back(k + 1);
    }
    return pl;
  }

  /// Fixed-prediction inference solved in closed form. With the
  /// predictions and Jacobians frozen, the errors follow a linear,
  /// time-invariant recurrence from ε = 0:
  ///   ε_i(t+1) = (1-η) ε_i(t) + η (fb_i + Σ_c J_ciᵀ ε_c(t)).
  /// Split the feedback by the length k of the path it travelled,
  ///   g_i⁽⁰⁾ = fb_i,   g_i⁽ᵏ⁾ = Σ_c J_ciᵀ g_c⁽ᵏ⁻¹⁾,
  /// and each g_i⁽ᵏ⁾ reaches ε_i through k + 1 first-order filters in
  /// series, so by linearity
  ///   ε_i(T) = Σ_k y_{k+1}(T) g_i⁽ᵏ⁾,
  /// with the scalars y_0 = 1, y_m(0) = 0,
  ///   y_m(t+1) = (1-η) y_m(t) + η y_{m-1}(t).
  /// One VJP per node and path length instead of one per node and step;
  /// for a chain, one backward sweep whatever T. With η = 1, y_m(T) is 1
  /// for m <= T and 0 otherwise: the errors of the nodes further than T
  /// from the loss are still zero.
  FailureOr<SmallVector<Value>>
  closedFormFixedPrediction(ArrayRef<NodeEval> evals, ArrayRef<Value> lossFb,
                            const PathLengths &pl, Value steps,
                            ArrayRef<Type> errorTypes) {
    unsigned numNodes = net.nodes.size();
    // The coefficients y_1..y_{maxLength+1}, in f64, by a scalar loop over
    // the T steps.
    unsigned numCoeffs = pl.maxLength + 1;
    Type f64 = b.getF64Type();
    Value etaScalar = tensor::ExtractOp::create(b, loc, eta, ValueRange{});
    if (etaScalar.getType() != f64)
      etaScalar = arith::ExtFOp::create(b, loc, f64, etaScalar);
    Value zeroF = arith::ConstantOp::create(b, loc, b.getF64FloatAttr(0.0));
    Value oneF = arith::ConstantOp::create(b, loc, b.getF64FloatAttr(1.0));
    Value keep = arith::SubFOp::create(b, loc, oneF, etaScalar);
    Value lb = arith::ConstantIndexOp::create(b, loc, 0);
    Value stepOne = arith::ConstantIndexOp::create(b, loc, 1);
    SmallVector<Value> y0(numCoeffs, zeroF);
    auto coeffLoop = scf::ForOp::create(
        b, loc, lb, steps, stepOne, y0,
        [&](OpBuilder &nb, Location l, Value, ValueRange y) {
          SmallVector<Value> next;
          for (unsigned m = 0; m < numCoeffs; ++m) {
            Value in = m == 0 ? oneF : y[m - 1];
            next.push_back(arith::AddFOp::create(
                nb, l, arith::MulFOp::create(nb, l, keep, y[m]),
                arith::MulFOp::create(nb, l, etaScalar, in)));
          }
          scf::YieldOp::create(nb, l, next);
        });
    SmallVector<Value> coeff; // coeff[k]: y_{k+1}(T), a rank-0 tensor
    auto scalarType = RankedTensorType::get({}, elementType);
    for (Value y : coeffLoop.getResults()) {
      if (elementType != f64)
        y = arith::TruncFOp::create(b, loc, elementType, y);
      coeff.push_back(
          tensor::FromElementsOp::create(b, loc, scalarType, ValueRange{y}));
    }

    // g[i][k], children before parents.
    SmallVector<llvm::SmallDenseMap<unsigned, Value>> g(numNodes);
    SmallVector<Value> errors(numNodes);
    for (unsigned j = numNodes; j-- > 0;) {
      if (lossFb[j])
        g[j][0] = lossFb[j];
      SmallVector<Value> wrt;
      for (unsigned k : pl.parentInputs[j])
        wrt.push_back(evals[j].inputs[k]);
      Value e;
      for (unsigned k : pl.lengths[j]) {
        Value gk = g[j].lookup(k);
        if (!gk)
          continue; // every contribution was known to be zero
        if (!wrt.empty()) {
          auto cot = emitReverse(b, evals[j].ops, {{evals[j].out, gk}}, wrt);
          if (failed(cot))
            return failure();
          for (auto [p, c] : llvm::zip(pl.parents[j], *cot))
            if (c) {
              Value &slot = g[p][k + 1];
              slot = slot ? addTensors(b, loc, slot, c) : c;
            }
        }
        Value term = nn::MulOp::create(b, loc, coeff[k], gk);
        e = e ? addTensors(b, loc, e, term) : term;
      }
      if (!e)
        e = zerosLike(b, loc, evals[j].out);
      if (e.getType() != errorTypes[j])
        e = tensor::CastOp::create(b, loc, errorTypes[j], e);
      errors[j] = e;
    }
    return errors;
  }

  /// Writes each new state tensor into the buffer of the old one, so the
  /// loop yields what it received and bufferization allocates every
  /// temporary once, outside the loop, instead of once per step.
  void yieldInPlace(ValueRange old, ArrayRef<Value> next) {
    SmallVector<Value> results;
    for (auto [o, n] : llvm::zip(old, next))
      results.push_back(n == o ? n
                               : linalg::CopyOp::create(b, loc, n, o)
                                     .getResult(0));
    scf::YieldOp::create(b, loc, results);
  }

  SmallVector<Value> errorsAt(ArrayRef<NodeEval> evals, ValueRange mu) {
    SmallVector<Value> errors;
    for (auto [e, m] : llvm::zip(evals, mu))
      errors.push_back(nn::SubOp::create(b, loc, m, e.out));
    return errors;
  }
};

LogicalResult TrainStepBuilder::build(func::FuncOp train) {
  Block *entry = train.addEntryBlock();
  b.setInsertionPointToStart(entry);
  elementType = cast<RankedTensorType>(net.lossValue.getType()).getElementType();
  Block &old = net.func.front();
  unsigned numArgs = old.getNumArguments();
  Value stepsArg = entry->getArgument(numArgs);
  eta = entry->getArgument(numArgs + 1);

  // Feed-forward pass: every node at its prediction.
  IRMapping ff;
  for (auto [o, n] : llvm::zip(old.getArguments(), entry->getArguments()))
    ff.map(o, n);
  SmallVector<NodeEval> ffEvals(net.nodes.size());
  SmallVector<Operation *> ffLossOps;
  for (Operation &op : old.without_terminator()) {
    if (auto n = dyn_cast<pc::NodeOp>(op)) {
      unsigned i = net.index.lookup(n);
      ffEvals[i] = evalNode(n, ff);
      ff.map(n.getResult(), ffEvals[i].out);
    } else if (!isa<pc::ErrorOp, pc::EnergyOp, pc::LearnOp>(op)) {
      Operation *c = b.clone(op, ff);
      if (llvm::is_contained(net.loss, &op))
        ffLossOps.push_back(c);
    }
  }
  Value ffLoss = ff.lookupOrDefault(net.lossValue);
  SmallVector<Value> ffParams;
  for (nn::ParamOp p : net.params)
    ffParams.push_back(ff.lookup(p.getResult()));
  SmallVector<Value> floatArgs;
  SmallVector<unsigned> floatArgIdx;
  if (inputGrads)
    for (BlockArgument a : entry->getArguments().take_front(numArgs))
      if (isFloatTensor(a.getType())) {
        floatArgs.push_back(a);
        floatArgIdx.push_back(a.getArgNumber());
      }

  Value one = scalarTensor(b, loc, elementType, 1.0);
  oneMinusEta = nn::SubOp::create(b, loc, one, eta);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value stepOne = arith::ConstantIndexOp::create(b, loc, 1);
  Value steps = arith::IndexCastOp::create(
      b, loc, b.getIndexType(),
      tensor::ExtractOp::create(b, loc, stepsArg, ValueRange{}));

  unsigned numNodes = net.nodes.size();
  SmallVector<Value> ffOut;
  for (NodeEval &e : ffEvals)
    ffOut.push_back(e.out);

  SmallVector<Value> paramGrads(net.params.size()), argGrads(floatArgs.size());
  bool failedInLoop = false;

  if (net.mode == pc::Mode::FixedPrediction) {
    // Predictions, Jacobians and the loss gradient stay at the feed-forward
    // values; the errors are the state.
    SmallVector<Value> direct;
    auto lossFb = lossFeedback(ffLossOps, ffLoss, ff, floatArgs, direct);
    if (failed(lossFb))
      return failure();
    SmallVector<Value> init;
    SmallVector<Type> errorTypes;
    for (Value v : ffOut) {
      init.push_back(zerosLike(b, loc, v));
      errorTypes.push_back(v.getType());
    }
    // The closed form when it needs fewer VJPs than the loop (a run-time
    // comparison: T is an argument); otherwise the loop. Its code has a VJP
    // per (node, path length): where nodes reach the loss along many path
    // lengths (unrolled recurrences) that is many sweeps' worth of code, so
    // it is emitted only while it is at most kMaxClosedFormSweeps sweeps.
    PathLengths pl = pathLengths(*lossFb);
    Value useClosedForm =
        arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
    if (closedForm && pl.sends <= kMaxClosedFormSweeps * pl.senders)
      useClosedForm = arith::CmpIOp::create(
          b, loc, arith::CmpIPredicate::uge,
          arith::MulIOp::create(
              b, loc, steps,
              arith::ConstantIndexOp::create(b, loc, pl.senders)),
          arith::ConstantIndexOp::create(b, loc, pl.sends));
    auto choose = scf::IfOp::create(b, loc, errorTypes, useClosedForm,
                                    /*withElseRegion=*/true);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(choose.thenBlock());
      auto solved = closedFormFixedPrediction(ffEvals, *lossFb, pl, steps,
                                              errorTypes);
      if (failed(solved))
        return failure();
      scf::YieldOp::create(b, loc, *solved);
      b.setInsertionPointToStart(choose.elseBlock());
      auto loop = scf::ForOp::create(
          b, loc, zero, steps, stepOne, init,
          [&](OpBuilder &nb, Location, Value, ValueRange errs) {
            OpBuilder::InsertionGuard g(b);
            b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
            SmallVector<Value> next;
            auto s = feedback(ffEvals, llvm::to_vector(errs), *lossFb);
            if (failed(s)) {
              failedInLoop = true;
              next.assign(errs.begin(), errs.end());
            } else {
              for (unsigned i = 0; i < numNodes; ++i)
                next.push_back(relaxError(errs[i], (*s)[i]));
            }
            yieldInPlace(errs, next);
          });
      if (failedInLoop)
        return failure();
      loop->setAttr("pcc.inference_loop", b.getUnitAttr());
      scf::YieldOp::create(b, loc, loop.getResults());
    }
    SmallVector<Value> errors(choose.getResults());
    auto pull = paramPull(ffEvals, errors, ffParams,
                          [](pc::LearnOp) { return true; });
    if (failed(pull))
      return failure();
    paramGrads = *pull;
    if (inputGrads) {
      if (failed(inputGradients(ffEvals, errors, floatArgs, direct, argGrads)))
        return failure();
    }
  } else {
    // Strict dynamics: everything at the current values μ.
    bool zil = net.mode == pc::Mode::ZeroDivergence;
    bool incremental = net.mode == pc::Mode::Incremental;
    int64_t maxLevel = 0;
    for (pc::NodeOp n : net.nodes)
      maxLevel = std::max<int64_t>(maxLevel, n.getLevel());
    if (zil) {
      eta = one;
      oneMinusEta = scalarTensor(b, loc, elementType, 0.0);
    }
    // Levelled: every node-to-node edge goes down exactly one level (what
    // convert-nn-to-pc makes for zero-divergence).
    bool leveled = true;
    for (pc::NodeOp n : net.nodes)
      for (Value in : n.getInputs())
        if (auto p = net.nodeOf(in))
          leveled &= net.nodes[*p].getLevel() == n.getLevel() + 1;
    unsigned numParams = net.params.size();
    // State: μ (nodes), then for zero-divergence and incremental the
    // accumulated gradients, then for incremental the moving parameters.
    SmallVector<Value> init(ffOut.begin(), ffOut.end());
    if (zil || incremental)
      for (Value p : ffParams)
        init.push_back(zerosLike(b, loc, p));
    if (incremental)
      init.append(ffParams.begin(), ffParams.end());

    auto atState = [&](ValueRange state, IRMapping &map,
                       SmallVectorImpl<Value> &paramValues) {
      map = ff;
      for (unsigned i = 0; i < numNodes; ++i)
        map.map(net.nodes[i].getResult(), state[i]);
      paramValues.assign(ffParams.begin(), ffParams.end());
      if (incremental)
        for (unsigned p = 0; p < numParams; ++p) {
          Value v = state[numNodes + numParams + p];
          map.map(net.params[p].getResult(), v);
          paramValues[p] = v;
        }
    };

    // One inference step at `b`'s insertion point: the next state. Under
    // zero-divergence, `step` (1-based) selects the rules that learn now.
    // `stepValue` (1-based, an index) replaces `step` in a loop.
    //
    // `changed` (null: any) holds the nodes (and under incremental the
    // parameters) whose value may differ from the feed-forward one at the
    // start of the step. Every value starts at the feed-forward pass, where
    // each error is exactly zero. So a node none of whose inputs changed
    // has its feed-forward prediction (the same bits), and if it has not
    // changed either, its error is exactly zero and it sends nothing:
    // skipping that work is exact. Errors spread from the loss one edge per
    // step, so the first steps skip most of the graph.
    auto emitStep = [&](ValueRange state, int64_t step, Value stepValue,
                        const llvm::BitVector *changed)
        -> FailureOr<SmallVector<Value>> {
      SmallVector<Value> next(state.begin(), state.end());
      IRMapping map;
      SmallVector<Value> paramValues;
      atState(state, map, paramValues);
      SmallVector<NodeEval> evals = evalNodes(map, ffEvals, changed);
      SmallVector<Value> errors;
      for (auto [i, n] : llvm::enumerate(net.nodes))
        errors.push_back(!changed || changed->test(i) ||
                                 parentMoved(n, *changed)
                             ? Value(nn::SubOp::create(b, loc, state[i],
                                                       evals[i].out))
                             : Value());
      SmallVector<Operation *> lossOps;
      Value loss = evalLoss(map, lossOps);
      SmallVector<Value> unused;
      auto lossFb = lossFeedback(lossOps, loss, map, {}, unused);
      if (failed(lossFb))
        return failure();
      auto s = feedback(evals, errors, *lossFb);
      if (failed(s))
        return failure();
      for (unsigned i = 0; i < numNodes; ++i)
        next[i] = relaxValue(state[i], errors[i], (*s)[i]);
      if (incremental) {
        auto pull = paramPull(evals, errors, paramValues,
                              [](pc::LearnOp) { return true; });
        if (failed(pull))
          return failure();
        for (unsigned p = 0; p < numParams; ++p) {
          if (!(*pull)[p])
            continue;
          Value grad = nn::NegOp::create(b, loc, (*pull)[p]);
          next[numNodes + p] = addTensors(b, loc, state[numNodes + p], grad);
          next[numNodes + numParams + p] = nn::SubOp::create(
              b, loc, state[numNodes + numParams + p],
              nn::MulOp::create(b, loc, eta, grad));
        }
      }
      if (zil && stepValue) {
        // In a loop (unlevelled graphs): each group of rules learns under
        // an scf.if on the step, from the errors this step produced.
        std::map<int64_t, SmallVector<pc::LearnOp>> byStep;
        for (pc::LearnOp l : net.learns)
          if (l.getAtStep())
            byStep[int64_t(*l.getAtStep())].push_back(l);
        for (auto &[at, group] : byStep) {
          SmallVector<unsigned> touched;
          for (pc::LearnOp l : group) {
            auto pIt = llvm::find(net.params, l.getParam().getDefiningOp());
            if (pIt != net.params.end() &&
                !llvm::is_contained(touched, pIt - net.params.begin()))
              touched.push_back(pIt - net.params.begin());
          }
          if (touched.empty())
            continue;
          SmallVector<Value> old;
          SmallVector<Type> types;
          for (unsigned p : touched) {
            old.push_back(next[numNodes + p]);
            types.push_back(next[numNodes + p].getType());
          }
          Value now = arith::CmpIOp::create(
              b, loc, arith::CmpIPredicate::eq, stepValue,
              arith::ConstantIndexOp::create(b, loc, at));
          auto learnNow = scf::IfOp::create(b, loc, types, now,
                                            /*withElseRegion=*/true);
          {
            OpBuilder::InsertionGuard g(b);
            b.setInsertionPointToStart(learnNow.thenBlock());
            SmallVector<Value> fresh(numNodes);
            for (pc::LearnOp l : group) {
              unsigned i = *net.nodeOf(l.getNode());
              if (!fresh[i])
                fresh[i] = nn::SubOp::create(b, loc, next[i], evals[i].out);
            }
            auto pull = paramPull(evals, fresh, paramValues,
                                  [&](pc::LearnOp l) {
                                    return llvm::is_contained(group, l);
                                  });
            if (failed(pull))
              return failure();
            SmallVector<Value> updated;
            for (auto [k, p] : llvm::enumerate(touched)) {
              Value v = (*pull)[p]
                            ? Value(nn::SubOp::create(b, loc, old[k], (*pull)[p]))
                            : old[k];
              if (v.getType() != types[k])
                v = tensor::CastOp::create(b, loc, types[k], v);
              updated.push_back(v);
            }
            scf::YieldOp::create(b, loc, updated);
            b.setInsertionPointToStart(learnNow.elseBlock());
            scf::YieldOp::create(b, loc, old);
          }
          for (auto [k, p] : llvm::enumerate(touched))
            next[numNodes + p] = learnNow.getResult(k);
        }
      } else if (zil) {
        // The contributions of this step, from the errors it produced
        // (parents still at their previous values).
        SmallVector<Value> fresh(numNodes);
        for (pc::LearnOp l : net.learns)
          if (l.getAtStep() && int64_t(*l.getAtStep()) == step) {
            unsigned i = *net.nodeOf(l.getNode());
            if (!fresh[i])
              fresh[i] = nn::SubOp::create(b, loc, next[i], evals[i].out);
          }
        auto pull = paramPull(evals, fresh,
                              paramValues, [&](pc::LearnOp l) {
                                return l.getAtStep() &&
                                       int64_t(*l.getAtStep()) == step;
                              });
        if (failed(pull))
          return failure();
        for (unsigned p = 0; p < numParams; ++p)
          if ((*pull)[p])
            next[numNodes + p] =
                nn::SubOp::create(b, loc, state[numNodes + p], (*pull)[p]);
      }
      return next;
    };

    // The nodes (and under incremental the parameters) that may have
    // moved at the start of each step, while that grows (a fixed point
    // after at most one step per node and parameter): changedBefore[t]
    // before step t + 1; `steady` holds for every later step.
    SmallVector<llvm::BitVector> changedBefore;
    std::optional<llvm::BitVector> steady;
    if (skipUnchanged) {
      llvm::BitVector c(numNodes + (incremental ? net.params.size() : 0));
      while (true) {
        llvm::BitVector next = movedBy(c, incremental);
        if (next == c)
          break;
        changedBefore.push_back(c);
        c = next;
      }
      steady = c;
    }

    SmallVector<Value> state = init;
    if (zil && leveled) {
      // The schedule is static (T = the largest level, each rule at its
      // step), so the steps are emitted one after the other: every
      // contribution is computed exactly once, where it happens. (An
      // unlevelled graph runs them in a loop instead, each rule learning
      // under an scf.if on the step.)
      for (int64_t t = 1; t <= maxLevel; ++t) {
        const llvm::BitVector *changed =
            !steady ? nullptr
            : size_t(t) <= changedBefore.size() ? &changedBefore[t - 1]
                                                 : &*steady;
        auto next = emitStep(state, t, Value(), changed);
        if (failed(next))
          return failure();
        state = *next;
      }
    } else {
      // Strict and incremental: the steps whose pattern of skipped work
      // differs from the steady one are peeled off the loop, each run only when T reaches
      // it (T is an argument); the loop runs the rest.
      Value lb = zero;
      if (!zil && steady) {
        // Peeled code costs compile time: the peeled steps together
        // evaluate at most kPeelBudget times as many nodes (predictions
        // plus errors sent) as one full step; the first steps, which skip
        // the most, come first. The loop's steady pattern holds from any
        // step on.
        uint64_t budget = kPeelBudget * 2 * numNodes, spent = 0;
        unsigned peel = 0;
        for (const llvm::BitVector &changed : changedBefore) {
          for (pc::NodeOp n : net.nodes) {
            bool parentChanged = parentMoved(n, changed);
            spent += parentChanged;
            spent += parentChanged || changed.test(net.index.lookup(n));
          }
          if (spent > budget)
            break;
          ++peel;
        }
        changedBefore.resize(peel);
        for (auto [t, changed] : llvm::enumerate(changedBefore)) {
          Value reached = arith::CmpIOp::create(
              b, loc, arith::CmpIPredicate::sgt, steps,
              arith::ConstantIndexOp::create(b, loc, t));
          auto peeled = scf::IfOp::create(b, loc, ValueRange(state).getTypes(),
                                          reached, /*withElseRegion=*/true);
          OpBuilder::InsertionGuard g(b);
          b.setInsertionPointToStart(peeled.thenBlock());
          auto next = emitStep(state, t + 1, Value(), &changed);
          if (failed(next))
            return failure();
          SmallVector<Value> results;
          for (auto [n, old] : llvm::zip(*next, state))
            results.push_back(n.getType() == old.getType()
                                  ? n
                                  : tensor::CastOp::create(b, loc,
                                                           old.getType(), n)
                                        .getResult());
          scf::YieldOp::create(b, loc, results);
          b.setInsertionPointToStart(peeled.elseBlock());
          scf::YieldOp::create(b, loc, state);
          state.assign(peeled.getResults().begin(), peeled.getResults().end());
        }
        lb = arith::ConstantIndexOp::create(b, loc, changedBefore.size());
      }
      Value ub = zil ? arith::ConstantIndexOp::create(b, loc, maxLevel)
                           .getResult()
                     : steps;
      const llvm::BitVector *changed =
          steady && !zil ? &*steady : nullptr;
      auto loop = scf::ForOp::create(
          b, loc, lb, ub, stepOne, state,
          [&](OpBuilder &nb, Location, Value iv, ValueRange iterState) {
            OpBuilder::InsertionGuard g(b);
            b.setInsertionPoint(nb.getInsertionBlock(),
                                nb.getInsertionPoint());
            Value stepValue =
                zil ? arith::AddIOp::create(b, loc, iv, stepOne).getResult()
                    : Value();
            auto next = emitStep(iterState, 0, stepValue, changed);
            if (failed(next)) {
              failedInLoop = true;
              yieldInPlace(iterState, llvm::to_vector(iterState));
              return;
            }
            yieldInPlace(iterState, *next);
          });
      if (failedInLoop)
        return failure();
      loop->setAttr("pcc.inference_loop", b.getUnitAttr());
      state.assign(loop.getResults().begin(), loop.getResults().end());
    }
    if (zil || incremental) {
      for (unsigned p = 0; p < numParams; ++p)
        paramGrads[p] = state[numNodes + p];
    }
    if ((!zil && !incremental) || inputGrads) {
      // Errors at the final values give the gradients.
      IRMapping map;
      SmallVector<Value> paramValues;
      atState(state, map, paramValues);
      SmallVector<NodeEval> evals =
          evalNodes(map, ffEvals, steady ? &*steady : nullptr);
      SmallVector<Value> errors =
          errorsAt(evals, ValueRange(state).take_front(numNodes));
      if (!zil && !incremental) {
        auto pull = paramPull(evals, errors, paramValues,
                              [](pc::LearnOp) { return true; });
        if (failed(pull))
          return failure();
        for (unsigned p = 0; p < numParams; ++p)
          if ((*pull)[p])
            paramGrads[p] = nn::NegOp::create(b, loc, (*pull)[p]);
      }
      if (inputGrads) {
        SmallVector<Operation *> lossOps;
        Value loss = evalLoss(map, lossOps);
        SmallVector<Value> direct;
        if (failed(lossFeedback(lossOps, loss, map, floatArgs, direct)))
          return failure();
        if (failed(inputGradients(evals, errors, floatArgs, direct, argGrads)))
          return failure();
      }
    }
  }

  // Fixed-prediction: the gradient is minus the pull.
  if (net.mode == pc::Mode::FixedPrediction)
    for (Value &g : paramGrads)
      if (g)
        g = nn::NegOp::create(b, loc, g);

  SmallVector<Value> results{ffLoss};
  SmallVector<Attribute> attrs{DictionaryAttr::get(
      b.getContext(), {NamedAttribute(b.getStringAttr("pcc.name"),
                                      b.getStringAttr("loss"))})};
  for (auto [p, g, v] : llvm::zip(net.params, paramGrads, ffParams))
    appendNamedResult(results, attrs, g ? g : zerosLike(b, loc, v),
                      p.getNameAttr());
  for (auto [a, g, v] : llvm::zip(floatArgIdx, argGrads, floatArgs))
    appendNamedResult(results, attrs, g ? g : zerosLike(b, loc, v),
                      b.getStringAttr("arg" + std::to_string(a)));
  func::ReturnOp::create(b, loc, results);
  train.setFunctionType(b.getFunctionType(
      entry->getArgumentTypes(), ValueRange(results).getTypes()));
  train.setAllResultAttrs(attrs);
  return success();
}

/// <f>_predict: the feed-forward pass up to the values the loss reads.
void buildPredict(Network &net, func::FuncOp predict,
                  ArrayRef<unsigned> keptArgs) {
  OpBuilder b(net.func.getContext());
  Block *entry = predict.addEntryBlock();
  b.setInsertionPointToStart(entry);
  Block &old = net.func.front();
  IRMapping map;
  for (auto [i, a] : llvm::enumerate(keptArgs))
    map.map(old.getArgument(a), entry->getArgument(i));
  for (Operation &op : old.without_terminator()) {
    if (auto n = dyn_cast<pc::NodeOp>(op)) {
      IRMapping m;
      for (auto [arg, in] :
           llvm::zip(n.getBody().getArguments(), n.getInputs()))
        m.map(arg, map.lookupOrDefault(in));
      for (Operation &inner : n.getBody().without_terminator())
        b.clone(inner, m);
      map.map(n.getResult(), m.lookupOrDefault(n.getPredictionValue()));
    } else if (!isa<pc::ErrorOp, pc::EnergyOp, pc::LearnOp>(op) &&
               !llvm::is_contained(net.loss, &op)) {
      b.clone(op, map);
    }
  }
  SmallVector<Value> outputs;
  llvm::SetVector<Value> seen;
  for (Operation *op : net.loss)
    for (Value v : op->getOperands())
      if (v.getDefiningOp<pc::NodeOp>() && seen.insert(v))
        outputs.push_back(map.lookup(v));
  func::ReturnOp::create(b, net.func.getLoc(), outputs);
  predict.setFunctionType(b.getFunctionType(entry->getArgumentTypes(),
                                            ValueRange(outputs).getTypes()));
}

struct PCLowerInferencePass
    : pcc::impl::PCLowerInferenceBase<PCLowerInferencePass> {
  using Base::Base;

  LogicalResult lower(func::FuncOp f, SymbolTable &symbols) {
    Network net;
    if (failed(readNetwork(f, net)))
      return failure();
    std::string trainName = (f.getSymName() + "_train").str();
    std::string predictName = (f.getSymName() + "_predict").str();
    for (StringRef name : {StringRef(trainName), StringRef(predictName)})
      if (symbols.lookup(name))
        return f.emitError("cannot add '")
               << name << "': a symbol of that name exists";
    OpBuilder b(f.getContext());
    b.setInsertionPointAfter(f);
    auto lossType = cast<RankedTensorType>(net.lossValue.getType());
    SmallVector<Type> trainArgs(f.getArgumentTypes());
    trainArgs.push_back(RankedTensorType::get({}, b.getI64Type()));
    trainArgs.push_back(RankedTensorType::get({}, lossType.getElementType()));
    auto train = func::FuncOp::create(b, f.getLoc(), trainName,
                                      b.getFunctionType(trainArgs, {}));
    train->setAttr(pc::kModeAttr, f->getAttr(pc::kModeAttr));
    for (StringRef a : {pc::kStepsAttr, pc::kEtaAttr})
      if (Attribute v = f->getAttr(a))
        train->setAttr(("pcc.default_" + a.drop_front(3)).str(), v);
    if (failed(TrainStepBuilder(net, inputs, closedForm, skipUnchanged)
                   .build(train)))
      return failure();

    // Arguments the feed-forward pass reads (targets are read only by the
    // loss).
    SmallVector<unsigned> kept;
    SmallVector<Type> keptTypes;
    for (BlockArgument a : f.front().getArguments())
      if (llvm::any_of(a.getUsers(), [&](Operation *u) {
            return !llvm::is_contained(net.loss, u);
          })) {
        kept.push_back(a.getArgNumber());
        keptTypes.push_back(a.getType());
      }
    b.setInsertionPointAfter(train);
    auto predict = func::FuncOp::create(b, f.getLoc(), predictName,
                                        b.getFunctionType(keptTypes, {}));
    buildPredict(net, predict, kept);
    // Which loss argument each predict argument is (the runtime tells
    // inputs from targets by it).
    for (auto [j, a] : llvm::enumerate(kept))
      predict.setArgAttr(j, "pcc.arg", b.getI64IntegerAttr(a));
    symbols.insert(train);
    symbols.insert(predict);
    symbols.erase(f);
    return success();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> targets;
    for (auto f : module.getOps<func::FuncOp>())
      if (f->hasAttr(pc::kModeAttr))
        targets.push_back(f);
    for (func::FuncOp f : targets)
      if (failed(lower(f, symbols)))
        return signalPassFailure();
  }
};

} // namespace
