//===- ReverseMode.cpp - reverse accumulation over nn ops ------------------===//
#include "pcc/Transforms/ReverseMode.h"

#include "pcc/Dialect/NN/IR/NN.h"
#include "pcc/Interfaces/DifferentiableOpInterface.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;

Value pcc::scalarTensor(OpBuilder &b, Location loc, Type elementType,
                        double value) {
  auto type = RankedTensorType::get({}, elementType);
  return arith::ConstantOp::create(
      b, loc, type,
      DenseElementsAttr::get(type, FloatAttr::get(elementType, value)));
}

Value pcc::zerosLike(OpBuilder &b, Location loc, Value like) {
  auto type = cast<RankedTensorType>(like.getType());
  Type et = type.getElementType();
  if (type.hasStaticShape())
    return arith::ConstantOp::create(
        b, loc, type, DenseElementsAttr::get(type, FloatAttr::get(et, 0.0)));
  SmallVector<Value> dynamic;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dynamic.push_back(tensor::DimOp::create(b, loc, like, d));
  Value empty = tensor::EmptyOp::create(b, loc, type, dynamic);
  Value zero = arith::ConstantOp::create(b, loc, et, FloatAttr::get(et, 0.0));
  return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
}

Value pcc::addTensors(OpBuilder &b, Location loc, Value a, Value c) {
  Value sum = nn::AddOp::create(b, loc, a, c);
  if (sum.getType() != a.getType())
    sum = tensor::CastOp::create(b, loc, a.getType(), sum);
  return sum;
}

FailureOr<SmallVector<Value>>
pcc::emitReverse(OpBuilder &b, ArrayRef<Operation *> ops,
                 ArrayRef<std::pair<Value, Value>> seeds, ArrayRef<Value> wrt) {
  // Activity: the values that depend on a value we differentiate against.
  llvm::DenseSet<Value> varied(wrt.begin(), wrt.end());
  for (Operation *op : ops)
    if (llvm::any_of(op->getOperands(),
                     [&](Value v) { return varied.contains(v); }))
      varied.insert(op->result_begin(), op->result_end());

  llvm::DenseMap<Value, Value> cot;
  auto accumulate = [&](Value v, Value g, Location loc) {
    if (g.getType() != v.getType())
      g = tensor::CastOp::create(b, loc, v.getType(), g);
    auto it = cot.find(v);
    if (it == cot.end())
      cot[v] = g;
    else
      it->second = addTensors(b, loc, it->second, g);
  };
  for (auto [v, g] : seeds)
    if (varied.contains(v))
      accumulate(v, g, v.getLoc());

  for (Operation *op : llvm::reverse(ops)) {
    if (op->getNumResults() == 0)
      continue;
    bool hasCot = llvm::any_of(op->getResults(),
                               [&](Value r) { return cot.count(r); });
    if (!hasCot)
      continue;
    bool hasVariedOperand = llvm::any_of(
        op->getOperands(), [&](Value v) { return varied.contains(v); });
    if (!hasVariedOperand)
      continue;
    auto iface = dyn_cast<DifferentiableOpInterface>(op);
    if (!iface)
      return op->emitOpError("cannot be differentiated: it does not "
                             "implement DifferentiableOpInterface"),
             failure();
    if (op->getNumResults() != 1)
      return op->emitOpError("cannot be differentiated: it has ")
                 << op->getNumResults() << " results",
             failure();
    Value g = cot.lookup(op->getResult(0));
    SmallVector<Value> operands(op->getOperands());
    for (unsigned i = 0; i < operands.size(); ++i) {
      if (!varied.contains(operands[i]) || !iface.isOperandDifferentiable(i))
        continue;
      FailureOr<Value> d =
          iface.buildVJP(b, i, operands, op->getResult(0), g);
      if (failed(d))
        return failure();
      accumulate(operands[i], *d, op->getLoc());
    }
  }
  SmallVector<Value> result;
  for (Value v : wrt)
    result.push_back(cot.lookup(v));
  return result;
}

Value pcc::getReturnedLoss(Operation *op) {
  auto func = dyn_cast<func::FuncOp>(op);
  if (!func || func.isExternal() || !func.getBody().hasOneBlock())
    return nullptr;
  auto ret = dyn_cast<func::ReturnOp>(func.front().getTerminator());
  if (!ret || ret.getNumOperands() != 1)
    return nullptr;
  Value loss = ret.getOperand(0);
  auto type = dyn_cast<RankedTensorType>(loss.getType());
  if (!type || type.getRank() != 0 || !isa<FloatType>(type.getElementType()))
    return nullptr;
  // Walk back from the returned value looking for a loss op.
  SmallVector<Value> work{loss};
  llvm::DenseSet<Operation *> seen;
  while (!work.empty()) {
    Operation *def = work.pop_back_val().getDefiningOp();
    if (!def || !seen.insert(def).second)
      continue;
    if (auto iface = dyn_cast<DifferentiableOpInterface>(def);
        iface && iface.isLoss())
      return loss;
    work.append(def->operand_begin(), def->operand_end());
  }
  return nullptr;
}

void pcc::appendNamedResult(SmallVectorImpl<Value> &results,
                            SmallVectorImpl<Attribute> &names, Value value,
                            StringAttr name) {
  results.push_back(value);
  names.push_back(DictionaryAttr::get(
      value.getContext(),
      {NamedAttribute(StringAttr::get(value.getContext(), "pcc.grad_of"),
                      name)}));
}
