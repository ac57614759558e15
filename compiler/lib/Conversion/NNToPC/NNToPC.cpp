//===- NNToPC.cpp - nn programs to predictive-coding networks --------------===//
//
// Finds the loss of each function, makes every op on a path from a
// parameter or input to the loss a pc.node (or, at layer granularity, a
// node per producer with its elementwise consumers folded in), computes
// levels, levels the graph for zero-divergence, and states the errors, the
// energy and the parameter rules.
//
//===----------------------------------------------------------------------===//
#include "pcc/Conversion/Passes.h"
#include "pcc/Dialect/NN/IR/NN.h"
#include "pcc/Dialect/PC/IR/PC.h"
#include "pcc/Interfaces/DifferentiableOpInterface.h"
#include "pcc/Transforms/ReverseMode.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"

#include <cmath>

namespace pcc {
#define GEN_PASS_DEF_CONVERTNNTOPC
#include "pcc/Conversion/Passes.h.inc"
} // namespace pcc

using namespace mlir;
using namespace pcc;

namespace {

bool isFloatTensor(Type t) {
  auto rt = dyn_cast<RankedTensorType>(t);
  return rt && isa<FloatType>(rt.getElementType());
}

/// Elementwise ops that join their producer's node at layer granularity.
bool isElementwise(Operation *op) {
  return isa<nn::ReluOp, nn::TanhOp, nn::SigmoidOp, nn::GeluOp, nn::ExpOp,
             nn::LogOp, nn::NegOp, nn::SqrtOp, nn::SinOp, nn::CosOp,
             nn::TanOp, nn::AddOp, nn::SubOp, nn::MulOp, nn::DivOp>(op);
}

struct Cluster {
  SmallVector<Operation *> ops; // in program order; the last one is the node
  int64_t level = 0;
  Operation *tail() const { return ops.back(); }
};

struct ConvertNNToPCPass : pcc::impl::ConvertNNToPCBase<ConvertNNToPCPass> {
  using Base::Base;

  pc::Mode parsedMode = pc::Mode::FixedPrediction;

  LogicalResult checkOptions() {
    ModuleOp module = getOperation();
    auto m = pc::parseMode(mode);
    if (!m)
      return module.emitError("convert-nn-to-pc: unknown mode '")
             << static_cast<std::string>(mode)
             << "'; expected strict, fixed-prediction, zero-divergence or "
                "incremental";
    parsedMode = *m;
    if (steps < 1)
      return module.emitError("convert-nn-to-pc: steps must be >= 1 but got ")
             << static_cast<int64_t>(steps);
    if (!(eta > 0) || !std::isfinite(eta))
      return module.emitError("convert-nn-to-pc: eta must be a finite "
                              "number > 0 but got ")
             << static_cast<double>(eta);
    if (granularity != "op" && granularity != "layer")
      return module.emitError("convert-nn-to-pc: unknown granularity '")
             << static_cast<std::string>(granularity)
             << "'; expected op or layer";
    return success();
  }

  LogicalResult convert(func::FuncOp f) {
    Block &body = f.front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    MLIRContext *ctx = f.getContext();

    // The loss: loss ops and everything computed from them.
    llvm::DenseSet<Operation *> objective;
    for (Operation &op : body.without_terminator()) {
      auto iface = dyn_cast<DifferentiableOpInterface>(op);
      bool fromLoss = llvm::any_of(op.getOperands(), [&](Value v) {
        Operation *d = v.getDefiningOp();
        return d && objective.contains(d);
      });
      if ((iface && iface.isLoss()) || fromLoss)
        objective.insert(&op);
    }

    // Active values depend on a parameter or a float input.
    llvm::DenseSet<Value> active;
    for (BlockArgument a : body.getArguments())
      if (isFloatTensor(a.getType()))
        active.insert(a);
    for (Operation &op : body.without_terminator()) {
      if (isa<nn::ParamOp>(op)) {
        active.insert(op.getResult(0));
        continue;
      }
      // Only float tensors carry errors: a shape read from an active value
      // (tensor.dim of the batch) and what is built from it alone stay
      // constants of the network.
      if (!objective.contains(&op) &&
          llvm::any_of(op.getOperands(),
                       [&](Value v) { return active.contains(v); }))
        for (Value r : op.getResults())
          if (isFloatTensor(r.getType()))
            active.insert(r);
    }

    // Needed ops lead to the loss.
    llvm::DenseSet<Operation *> needed(objective.begin(), objective.end());
    SmallVector<Operation *> bodyOps;
    for (Operation &op : body.without_terminator())
      bodyOps.push_back(&op);
    for (Operation *op : llvm::reverse(bodyOps)) {
      if (objective.contains(op))
        continue;
      if (llvm::any_of(op->getUsers(),
                       [&](Operation *u) { return needed.contains(u); }))
        needed.insert(op);
    }

    // Candidates: active, needed, not parameters, not the loss.
    SmallVector<Operation *> candidates;
    for (Operation *op : bodyOps) {
      if (objective.contains(op) || !needed.contains(op) ||
          isa<nn::ParamOp>(op))
        continue;
      if (!llvm::any_of(op->getResults(),
                        [&](Value v) { return active.contains(v); }))
        continue;
      if (!isa<DifferentiableOpInterface>(op))
        return op->emitOpError("cannot become a predictive-coding node: it "
                               "does not implement DifferentiableOpInterface");
      if (op->getNumResults() != 1 || !isFloatTensor(op->getResult(0).getType()))
        return op->emitOpError("cannot become a predictive-coding node: it "
                               "must have one float tensor result");
      candidates.push_back(op);
    }
    for (Operation *op : objective) {
      for (Value v : op->getOperands())
        if (auto p = v.getDefiningOp<nn::ParamOp>())
          return op->emitOpError("uses parameter '")
                 << p.getName()
                 << "' directly; predictive coding learns parameters "
                    "through the nodes that use them";
      if (!isa<DifferentiableOpInterface>(op))
        return op->emitOpError("cannot be part of the loss: it does not "
                               "implement DifferentiableOpInterface");
    }

    // Clusters (one per node).
    llvm::DenseMap<Operation *, unsigned> clusterOf;
    std::vector<Cluster> clusters;
    bool layer = granularity == "layer";
    for (Operation *op : candidates) {
      std::optional<unsigned> join;
      if (layer && isElementwise(op)) {
        unsigned nodeOperands = 0;
        for (Value v : op->getOperands()) {
          Operation *d = v.getDefiningOp();
          auto it = d ? clusterOf.find(d) : clusterOf.end();
          if (it == clusterOf.end())
            continue;
          ++nodeOperands;
          if (clusters[it->second].tail() == d && v.hasOneUse())
            join = it->second;
        }
        if (nodeOperands != 1)
          join.reset();
      }
      if (join) {
        clusters[*join].ops.push_back(op);
        clusterOf[op] = *join;
      } else {
        clusterOf[op] = clusters.size();
        clusters.push_back(Cluster{{op}});
      }
    }

    // Levels: the longest path to the loss.
    for (Cluster &c : llvm::reverse(clusters)) {
      int64_t level = 0;
      for (Operation *u : c.tail()->getUsers()) {
        if (objective.contains(u))
          level = std::max<int64_t>(level, 1);
        else if (auto it = clusterOf.find(u); it != clusterOf.end())
          level = std::max(level, clusters[it->second].level + 1);
      }
      c.level = level;
    }

    // Emit the nodes.
    OpBuilder b(ctx);
    SmallVector<pc::NodeOp> nodes;
    llvm::StringMap<unsigned> nameCount;
    for (Cluster &c : clusters) {
      Operation *tail = c.tail();
      llvm::DenseSet<Operation *> inside(c.ops.begin(), c.ops.end());
      llvm::SetVector<Value> inputs;
      for (Operation *op : c.ops)
        for (Value v : op->getOperands())
          if (!v.getDefiningOp() || !inside.contains(v.getDefiningOp()))
            inputs.insert(v);
      StringRef opName = c.ops.front()->getName().stripDialect();
      std::string name =
          (opName + "_" + Twine(nameCount[opName]++)).str();
      b.setInsertionPoint(tail);
      auto node = pc::NodeOp::create(b, tail->getLoc(), name, c.level,
                                     inputs.getArrayRef(),
                                     tail->getResult(0).getType());
      IRMapping map;
      map.map(inputs.getArrayRef(), node.getBody().getArguments());
      OpBuilder inner = OpBuilder::atBlockEnd(&node.getBody());
      for (Operation *op : c.ops)
        inner.clone(*op, map);
      pc::YieldOp::create(inner, tail->getLoc(),
                          map.lookup(tail->getResult(0)));
      tail->getResult(0).replaceAllUsesWith(node.getResult());
      for (Operation *op : llvm::reverse(c.ops))
        op->erase();
      nodes.push_back(node);
    }

    if (parsedMode == pc::Mode::ZeroDivergence && level)
      levelGraph(nodes, objective);

    // Errors, energy and the parameter rules.
    b.setInsertionPoint(ret);
    Location loc = ret.getLoc();
    SmallVector<Value> errors;
    for (pc::NodeOp n : nodes)
      errors.push_back(pc::ErrorOp::create(b, n.getLoc(), n.getType(), n.getResult()));
    pc::EnergyOp::create(b, loc, ret.getOperand(0).getType(), errors,
                         ret.getOperand(0));
    for (pc::NodeOp n : nodes) {
      llvm::SmallPtrSet<Operation *, 4> seen;
      for (Value in : n.getInputs()) {
        auto p = in.getDefiningOp<nn::ParamOp>();
        if (!p || !seen.insert(p).second)
          continue;
        IntegerAttr at;
        if (parsedMode == pc::Mode::ZeroDivergence)
          at = b.getI64IntegerAttr(n.getLevel());
        pc::LearnOp::create(b, n.getLoc(), in, n.getResult(), at);
      }
    }

    f->setAttr(pc::kModeAttr, b.getStringAttr(pc::modeName(parsedMode)));
    // Zero-divergence is defined with η = 1 and as many steps as levels.
    int64_t maxLevel = 0;
    for (pc::NodeOp n : nodes)
      maxLevel = std::max<int64_t>(maxLevel, n.getLevel());
    bool zil = parsedMode == pc::Mode::ZeroDivergence;
    f->setAttr(pc::kStepsAttr, b.getI64IntegerAttr(zil ? maxLevel : steps));
    f->setAttr(pc::kEtaAttr, b.getF64FloatAttr(zil ? 1.0 : eta));
    f->setAttr(pc::kGranularityAttr, b.getStringAttr(granularity));
    return success();
  }

  /// Zero-divergence needs every edge to join consecutive levels: a value
  /// read by a consumer more than one level below it is carried down by a
  /// chain of identity nodes, one per skipped level.
  void levelGraph(SmallVectorImpl<pc::NodeOp> &nodes,
                  const llvm::DenseSet<Operation *> &objective) {
    SmallVector<pc::NodeOp> original(nodes.begin(), nodes.end());
    for (pc::NodeOp n : original) {
      int64_t level = n.getLevel();
      SmallVector<OpOperand *> farUses;
      for (OpOperand &use : n.getResult().getUses()) {
        int64_t consumer = 0;
        if (auto u = dyn_cast<pc::NodeOp>(use.getOwner()))
          consumer = u.getLevel();
        else if (!objective.contains(use.getOwner()))
          continue;
        if (level > consumer + 1)
          farUses.push_back(&use);
      }
      if (farUses.empty())
        continue;
      // chain[l] carries the value at level l.
      llvm::DenseMap<int64_t, Value> chain;
      Value prev = n.getResult();
      Operation *after = n;
      int64_t lowest = level;
      for (OpOperand *use : farUses) {
        int64_t consumer = 0;
        if (auto u = dyn_cast<pc::NodeOp>(use->getOwner()))
          consumer = u.getLevel();
        lowest = std::min(lowest, consumer + 1);
      }
      OpBuilder b(n.getContext());
      for (int64_t l = level - 1; l >= lowest; --l) {
        b.setInsertionPointAfter(after);
        auto id = pc::NodeOp::create(
            b, n.getLoc(), (n.getName() + ".level" + Twine(l)).str(), l,
            ValueRange{prev}, prev.getType());
        OpBuilder inner = OpBuilder::atBlockEnd(&id.getBody());
        pc::YieldOp::create(inner, n.getLoc(), id.getBody().getArgument(0));
        chain[l] = id.getResult();
        prev = id.getResult();
        after = id;
        nodes.push_back(id);
      }
      for (OpOperand *use : farUses) {
        int64_t consumer = 0;
        if (auto u = dyn_cast<pc::NodeOp>(use->getOwner()))
          consumer = u.getLevel();
        use->set(chain[consumer + 1]);
      }
    }
    // Keep nodes in program order.
    llvm::sort(nodes, [](pc::NodeOp a, pc::NodeOp b) {
      return a->isBeforeInBlock(b);
    });
  }

  void runOnOperation() override {
    if (failed(checkOptions()))
      return signalPassFailure();
    SmallVector<func::FuncOp> targets;
    for (auto f : getOperation().getOps<func::FuncOp>())
      if (f.isPublic() && getReturnedLoss(f))
        targets.push_back(f);
    for (func::FuncOp f : targets)
      if (failed(convert(f)))
        return signalPassFailure();
  }
};

} // namespace
