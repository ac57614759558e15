//===- NNAutodiff.cpp - backprop: reverse-mode differentiation -------------===//
//
// Adds `<f>_grad` next to every loss function `f`: the same body followed
// by the reverse pass, returning the loss and every parameter's gradient.
//
//===----------------------------------------------------------------------===//
#include "pcc/Transforms/Passes.h"
#include "pcc/Transforms/ReverseMode.h"

#include "mlir/IR/SymbolTable.h"

namespace pcc {
#define GEN_PASS_DEF_NNAUTODIFF
#include "pcc/Transforms/Passes.h.inc"
} // namespace pcc

using namespace mlir;
using namespace pcc;

namespace {

struct NNAutodiffPass : pcc::impl::NNAutodiffBase<NNAutodiffPass> {
  using Base::Base;

  LogicalResult differentiate(func::FuncOp f, SymbolTable &symbols) {
    std::string name = (f.getSymName() + "_grad").str();
    if (symbols.lookup(name))
      return f.emitError("cannot add '")
             << name << "': a symbol of that name exists";
    OpBuilder b(f.getContext());
    b.setInsertionPointAfter(f);
    auto g = cast<func::FuncOp>(b.clone(*f));
    g.setSymName(name);
    symbols.insert(g);

    Block &body = g.front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    Value loss = ret.getOperand(0);
    SmallVector<Operation *> ops;
    SmallVector<Value> wrt;
    SmallVector<StringAttr> wrtNames;
    for (Operation &op : body.without_terminator()) {
      ops.push_back(&op);
      if (auto p = dyn_cast<nn::ParamOp>(op)) {
        wrt.push_back(p.getResult());
        wrtNames.push_back(p.getNameAttr());
      }
    }
    if (inputs)
      for (BlockArgument arg : body.getArguments())
        if (auto t = dyn_cast<RankedTensorType>(arg.getType());
            t && isa<FloatType>(t.getElementType())) {
          wrt.push_back(arg);
          wrtNames.push_back(
              b.getStringAttr("arg" + std::to_string(arg.getArgNumber())));
        }

    b.setInsertionPoint(ret);
    Location loc = ret.getLoc();
    Type et = cast<RankedTensorType>(loss.getType()).getElementType();
    Value one = scalarTensor(b, loc, et, 1.0);
    FailureOr<SmallVector<Value>> grads =
        emitReverse(b, ops, {{loss, one}}, wrt);
    if (failed(grads))
      return failure();

    SmallVector<Value> results{loss};
    SmallVector<Attribute> resultAttrs{DictionaryAttr::get(
        f.getContext(), {NamedAttribute(b.getStringAttr("pcc.name"),
                                        b.getStringAttr("loss"))})};
    for (auto [v, grad, n] : llvm::zip(wrt, *grads, wrtNames))
      appendNamedResult(results, resultAttrs, grad ? grad : zerosLike(b, loc, v),
                        n);
    func::ReturnOp::create(b, loc, results);
    ret.erase();
    g.setFunctionType(
        b.getFunctionType(body.getArgumentTypes(), ValueRange(results).getTypes()));
    g.setAllResultAttrs(resultAttrs);
    return success();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> targets;
    for (auto f : module.getOps<func::FuncOp>())
      if (f.isPublic() && getReturnedLoss(f))
        targets.push_back(f);
    for (func::FuncOp f : targets)
      if (failed(differentiate(f, symbols)))
        return signalPassFailure();
  }
};

} // namespace
