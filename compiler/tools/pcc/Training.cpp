//===- Training.cpp - the driver's training-model path ---------------------===//
#include "Training.h"

#include "pcc/Dialect/NN/IR/NN.h"
#include "pcc/Transforms/ReverseMode.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Support/raw_ostream.h"

#include <sstream>

using namespace mlir;

namespace pcc::driver {

const char *const kTrainingEntryPoints[4] = {"pcc_init", "loss_train",
                                             "loss_grad", "loss_predict"};

bool isTrainingModel(ModuleOp module) {
  auto loss = module.lookupSymbol<func::FuncOp>("loss");
  return loss && loss.isPublic() && getReturnedLoss(loss);
}

static LogicalResult runPipeline(ModuleOp module, const std::string &text) {
  PassManager pm(module.getContext());
  std::string error;
  llvm::raw_string_ostream os(error);
  if (failed(parsePassPipeline(text, pm, os))) {
    llvm::errs() << "pcc: error: internal pipeline '" << text
                 << "': " << error << "\n";
    return failure();
  }
  return pm.run(module);
}

LogicalResult buildPCNetwork(ModuleOp module, const TrainingOptions &o) {
  auto loss = module.lookupSymbol<func::FuncOp>("loss");
  bool hasParams = false;
  loss.walk([&](nn::ParamOp) { hasParams = true; });
  if (!hasParams)
    return emitError(loss.getLoc(),
                     "@loss has no parameters (nn.param): there is nothing "
                     "to train");
  // Backprop executables still get a PC network: its predict function is
  // the feed-forward pass, and `grads` compares against it.
  std::string mode = o.mode == "backprop" ? "fixed-prediction" : o.mode;
  std::ostringstream eta;
  eta.precision(17);
  eta << o.eta;
  return runPipeline(module, "nn-autodiff,convert-nn-to-pc{mode=" + mode +
                                 " steps=" + std::to_string(o.steps) +
                                 " eta=" + eta.str() +
                                 " granularity=" + o.granularity +
                                 (o.level ? "" : " level=false") + "}");
}

static const char *typeName(Type t) {
  if (t.isF32())
    return "f32";
  if (t.isF64())
    return "f64";
  if (t.isInteger(32))
    return "i32";
  return "i64";
}

static void describe(std::ostream &os, Type type) {
  auto t = cast<RankedTensorType>(type);
  os << typeName(t.getElementType()) << " " << t.getRank();
  for (int64_t d : t.getShape())
    os << " " << (ShapedType::isDynamic(d) ? -1 : d);
}

LogicalResult buildTrainingFunctions(ModuleOp module,
                                     const TrainingOptions &o,
                                     std::string &info) {
  // The names of @loss's arguments (model files give them), read before
  // the lowering replaces @loss.
  SmallVector<StringAttr> argNames;
  if (auto loss = module.lookupSymbol<func::FuncOp>("loss"))
    for (unsigned a = 0; a < loss.getNumArguments(); ++a)
      argNames.push_back(loss.getArgAttrOfType<StringAttr>(a, "pcc.name"));
  // A backprop executable's PC train step only serves `grads`: the plain
  // inference loop will do (the closed form would add to its compile time).
  std::string lower = "pc-lower-inference{closed-form=";
  lower += o.mode == "backprop" || !o.closedForm ? "false" : "true";
  lower += std::string(" skip-unchanged=") + (o.skipUnchanged ? "true" : "false");
  lower += "}";
  if (failed(runPipeline(module, lower + ",pcc-externalize-params")))
    return failure();
  auto init = module.lookupSymbol<func::FuncOp>("pcc_init");
  auto train = module.lookupSymbol<func::FuncOp>("loss_train");
  auto grad = module.lookupSymbol<func::FuncOp>("loss_grad");
  auto predict = module.lookupSymbol<func::FuncOp>("loss_predict");
  if (!init || !train || !grad || !predict)
    return emitError(module.getLoc(),
                     "internal error: the training functions were not "
                     "generated");
  unsigned numParams = init.getNumResults();
  std::ostringstream os;
  os << "name " << o.name << "\n";
  os << "mode " << o.mode << "\n";
  auto steps = train->getAttrOfType<IntegerAttr>("pcc.default_steps");
  auto eta = train->getAttrOfType<FloatAttr>("pcc.default_eta");
  os << "steps " << (steps ? steps.getInt() : o.steps) << "\n";
  os.precision(15);
  os << "eta " << (eta ? eta.getValueAsDouble() : o.eta) << "\n";
  os << "dtype "
     << typeName(cast<RankedTensorType>(train.getResultTypes()[0])
                     .getElementType())
     << "\n";
  for (unsigned p = 0; p < numParams; ++p) {
    auto name = init.getResultAttrOfType<StringAttr>(p, "pcc.param");
    os << "param " << (name ? name.getValue().str() : "p" + std::to_string(p))
       << " ";
    describe(os, init.getResultTypes()[p]);
    os << "\n";
  }
  // The loss arguments after the parameters; the ones @loss_predict reads
  // are inputs, the others targets.
  llvm::SmallDenseSet<int64_t> inputs;
  for (unsigned a = numParams; a < predict.getNumArguments(); ++a)
    if (auto idx = predict.getArgAttrOfType<IntegerAttr>(a, "pcc.arg"))
      inputs.insert(idx.getInt());
  for (unsigned a = numParams; a < grad.getNumArguments(); ++a) {
    int64_t idx = a - numParams;
    // Model files name their arguments (`input x: ...`).
    StringAttr argName;
    if (static_cast<size_t>(idx) < argNames.size())
      argName = argNames[idx];
    os << "arg "
       << (argName ? argName.str() : "arg" + std::to_string(idx)) << " "
       << (inputs.count(idx) ? "input" : "target")
       << " ";
    describe(os, grad.getArgumentTypes()[a]);
    os << "\n";
  }
  for (Type t : predict.getResultTypes()) {
    os << "output ";
    describe(os, t);
    os << "\n";
  }
  info = os.str();
  return success();
}

void addRuntimeInterface(llvm::Module &m, const std::string &info) {
  llvm::LLVMContext &ctx = m.getContext();
  llvm::IRBuilder<> b(ctx);
  auto *ptrTy = llvm::PointerType::get(ctx, 0);
  for (const char *name : kTrainingEntryPoints) {
    llvm::Function *target =
        m.getFunction(std::string("_mlir_ciface_") + name);
    if (!target)
      continue;
    auto *type = llvm::FunctionType::get(b.getVoidTy(), {ptrTy}, false);
    auto *wrapper =
        llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                               std::string("pcc_call_") + name, m);
    b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", wrapper));
    llvm::Value *args = wrapper->getArg(0);
    llvm::SmallVector<llvm::Value *> callArgs;
    for (unsigned i = 0; i < target->arg_size(); ++i) {
      llvm::Value *slot = b.CreateConstGEP1_64(ptrTy, args, i);
      callArgs.push_back(b.CreateLoad(ptrTy, slot));
    }
    b.CreateCall(target, callArgs);
    b.CreateRetVoid();
  }
  auto *text = llvm::ConstantDataArray::getString(ctx, info, true);
  new llvm::GlobalVariable(m, text->getType(), true,
                           llvm::GlobalValue::ExternalLinkage, text,
                           "pcc_model_info");
}

} // namespace pcc::driver
