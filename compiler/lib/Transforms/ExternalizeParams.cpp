//===- ExternalizeParams.cpp - parameters become arguments ----------------===//
#include "pcc/Transforms/Passes.h"

#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/MapVector.h"

namespace pcc {
#define GEN_PASS_DEF_PCCEXTERNALIZEPARAMS
#include "pcc/Transforms/Passes.h.inc"
} // namespace pcc

using namespace mlir;
using namespace pcc;

namespace {

constexpr llvm::StringLiteral kParamAttr = "pcc.param";

struct ExternalizeParamsPass
    : pcc::impl::PccExternalizeParamsBase<ExternalizeParamsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    if (symbols.lookup("pcc_init")) {
      module.emitError("cannot add @pcc_init: a symbol of that name exists");
      return signalPassFailure();
    }
    // The parameters, by name, in order of first appearance.
    llvm::MapVector<StringAttr, nn::ParamOp> params;
    SmallVector<func::FuncOp> users;
    for (auto f : module.getOps<func::FuncOp>()) {
      if (!f.isPublic() || f.isExternal())
        continue;
      bool uses = false;
      WalkResult r = f.walk([&](nn::ParamOp p) {
        uses = true;
        auto [it, inserted] = params.insert({p.getNameAttr(), p});
        if (!inserted && it->second.getType() != p.getType()) {
          p.emitOpError("parameter '")
              << p.getName() << "' has type " << p.getType()
              << " here but " << it->second.getType() << " in another function";
          return WalkResult::interrupt();
        }
        return WalkResult::advance();
      });
      if (r.wasInterrupted())
        return signalPassFailure();
      if (uses)
        users.push_back(f);
    }
    if (params.empty())
      return;

    // @pcc_init evaluates every initialiser once.
    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToStart(module.getBody());
    SmallVector<Type> types;
    for (auto &[name, p] : params)
      types.push_back(p.getType());
    auto init = func::FuncOp::create(b, module.getLoc(), "pcc_init",
                                     b.getFunctionType({}, types));
    Block *entry = init.addEntryBlock();
    OpBuilder ib = OpBuilder::atBlockEnd(entry);
    SmallVector<Value> values;
    for (auto &[name, p] : params)
      values.push_back(ib.clone(*p)->getResult(0));
    func::ReturnOp::create(ib, module.getLoc(), values);
    unsigned i = 0;
    for (auto &[name, p] : params)
      init.setResultAttr(i++, kParamAttr, name);

    // Every user takes all parameters as leading arguments.
    for (func::FuncOp f : users) {
      Block &body = f.front();
      unsigned n = params.size();
      SmallVector<unsigned> positions(n);
      for (unsigned k = 0; k < n; ++k)
        positions[k] = 0;
      SmallVector<DictionaryAttr> argAttrs;
      SmallVector<Location> locs(n, f.getLoc());
      if (failed(f.insertArguments(positions, types,
                                   SmallVector<DictionaryAttr>(n), locs)))
        return signalPassFailure();
      unsigned k = 0;
      llvm::DenseMap<StringAttr, Value> argOf;
      for (auto &[name, p] : params) {
        f.setArgAttr(k, kParamAttr, name);
        argOf[name] = body.getArgument(k);
        ++k;
      }
      SmallVector<nn::ParamOp> toErase;
      f.walk([&](nn::ParamOp p) { toErase.push_back(p); });
      for (nn::ParamOp p : toErase) {
        p.replaceAllUsesWith(argOf.lookup(p.getNameAttr()));
        p.erase();
      }
    }
  }
};

} // namespace
