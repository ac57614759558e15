//===- Codegen.cpp - LLVM optimisation and object generation --------------===//
#include "pcc/Target/Codegen.h"

#include "mlir/ExecutionEngine/OptUtils.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/Support/MemoryBufferRef.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

#include <string>
#include <thread>
#include <vector>

using namespace llvm;

namespace pcc::target {

Error optimizeModule(Module &module, TargetMachine &machine,
                     unsigned optLevel) {
  auto optimize = mlir::makeOptimizingTransformer(optLevel, 0, &machine);
  return optimize(&module);
}

Error emitObject(Module &module, TargetMachine &machine,
                 SmallString<0> &object) {
  raw_svector_ostream os(object);
  legacy::PassManager codegen;
  if (machine.addPassesToEmitFile(codegen, os, nullptr,
                                  CodeGenFileType::ObjectFile))
    return createStringError("the target cannot emit object files");
  codegen.run(module);
  return Error::success();
}

namespace {

/// The global values `v` refers to, through constant expressions and
/// aggregates.
void collectGlobals(const Value *v, SmallPtrSetImpl<const GlobalValue *> &out,
                    SmallPtrSetImpl<const Constant *> &seen) {
  if (auto *gv = dyn_cast<GlobalValue>(v)) {
    out.insert(gv);
    return;
  }
  auto *c = dyn_cast<Constant>(v);
  if (!c || !seen.insert(c).second)
    return;
  for (const Use &op : c->operands())
    collectGlobals(op.get(), out, seen);
}

/// The global values a definition refers to directly.
SmallPtrSet<const GlobalValue *, 8> directReferences(const GlobalValue &gv) {
  SmallPtrSet<const GlobalValue *, 8> refs;
  SmallPtrSet<const Constant *, 32> seen;
  if (auto *var = dyn_cast<GlobalVariable>(&gv)) {
    if (var->hasInitializer())
      collectGlobals(var->getInitializer(), refs, seen);
    return refs;
  }
  const auto &f = cast<Function>(gv);
  if (f.hasPersonalityFn())
    collectGlobals(f.getPersonalityFn(), refs, seen);
  for (const BasicBlock &block : f)
    for (const Instruction &inst : block)
      for (const Use &op : inst.operands())
        collectGlobals(op.get(), refs, seen);
  return refs;
}

unsigned weightOf(const GlobalValue &gv) {
  if (auto *f = dyn_cast<Function>(&gv))
    return f->getInstructionCount();
  return 1;
}

/// Whether every global value has a linkage the split handles: external
/// or local definitions, and declarations.
bool isSplittable(const Module &module) {
  if (!module.alias_empty() || !module.ifunc_empty())
    return false;
  for (const GlobalValue &gv : module.global_values()) {
    if (gv.hasComdat())
      return false;
    if (gv.isDeclaration())
      continue;
    if (!gv.hasExternalLinkage() && !gv.hasLocalLinkage())
      return false;
  }
  return true;
}

/// Erases local definitions nothing refers to (copied into a partition
/// whose code does not need them).
void removeDeadLocals(Module &module) {
  bool changed = true;
  auto eraseIfDead = [&](GlobalValue &gv) {
    if (!gv.hasLocalLinkage())
      return;
    gv.removeDeadConstantUsers();
    if (!gv.use_empty())
      return;
    gv.eraseFromParent();
    changed = true;
  };
  while (changed) {
    changed = false;
    for (Function &f : make_early_inc_range(module.functions()))
      eraseIfDead(f);
    for (GlobalVariable &g : make_early_inc_range(module.globals()))
      eraseIfDead(g);
  }
}

Partition toBitcode(const Module &module) {
  Partition part;
  raw_svector_ostream os(part.bitcode);
  WriteBitcodeToFile(module, os);
  part.instructions = module.getInstructionCount();
  return part;
}

} // namespace

/// Whether `f` is only ever passed by address to functions this module
/// does not define (an outlined parallel region handed to
/// __kmpc_fork_call): no optimisation can inline it into the function that
/// starts it, so it can be compiled apart.
static bool isOnlyPassedToExternalCode(const Function &f) {
  if (f.use_empty())
    return false;
  for (const Use &use : f.uses()) {
    auto *call = dyn_cast<CallBase>(use.getUser());
    if (!call || call->isCallee(&use))
      return false;
    const Function *callee = call->getCalledFunction();
    if (!callee || !callee->isDeclaration())
      return false;
  }
  return true;
}

SmallVector<Partition, 4> splitModule(Module &module, unsigned maxPartitions,
                                      uint64_t minInstructions) {
  SmallVector<Partition, 4> parts;
  auto whole = [&] {
    parts.clear();
    parts.push_back(toBitcode(module));
    return parts;
  };
  if (maxPartitions <= 1 || !isSplittable(module) ||
      module.getInstructionCount() < minInstructions)
    return whole();

  // Outlined parallel regions become hidden external definitions, units
  // of their own: the train step's regions hold about half its code.
  SmallPtrSet<const GlobalValue *, 32> detached;
  for (Function &f : module.functions())
    if (!f.isDeclaration() && f.hasLocalLinkage() &&
        isOnlyPassedToExternalCode(f)) {
      f.setLinkage(GlobalValue::ExternalLinkage);
      f.setVisibility(GlobalValue::HiddenVisibility);
      if (!f.hasName())
        f.setName("pcc.outlined");
      detached.insert(&f);
    }

  // The units of work: definitions with external linkage (roots), each with
  // the local definitions it reaches through other local definitions.
  SmallVector<const GlobalValue *> roots;
  DenseMap<const GlobalValue *, unsigned> rootIndex;
  for (const GlobalValue &gv : module.global_values())
    if (!gv.isDeclaration() && gv.hasExternalLinkage()) {
      rootIndex[&gv] = roots.size();
      roots.push_back(&gv);
    }
  if (roots.size() <= 1)
    return whole();
  DenseMap<const GlobalValue *, SmallPtrSet<const GlobalValue *, 8>> refs;
  for (const GlobalValue &gv : module.global_values())
    if (!gv.isDeclaration())
      refs[&gv] = directReferences(gv);

  SmallVector<uint64_t> weight(roots.size(), 0);
  // Who refers to each root, and to each mutable local variable (which
  // cannot be copied: every root that uses it must share a partition).
  DenseMap<const GlobalValue *, SmallVector<unsigned, 2>> referrers;
  for (auto [r, root] : llvm::enumerate(roots)) {
    SmallPtrSet<const GlobalValue *, 16> reached{root};
    SmallVector<const GlobalValue *> work{root};
    weight[r] = weightOf(*root);
    while (!work.empty()) {
      const GlobalValue *gv = work.pop_back_val();
      for (const GlobalValue *target : refs[gv]) {
        if (target->isDeclaration() || !reached.insert(target).second)
          continue;
        auto *var = dyn_cast<GlobalVariable>(target);
        if (!target->hasLocalLinkage() || (var && !var->isConstant()))
          referrers[target].push_back(r);
        if (target->hasLocalLinkage()) {
          weight[r] += weightOf(*target);
          work.push_back(target);
        }
      }
    }
  }
  EquivalenceClasses<unsigned> clusters;
  for (unsigned r = 0; r < roots.size(); ++r)
    clusters.insert(r);
  for (auto &[target, users] : referrers) {
    // An external definition only one root uses goes with that root (a
    // wrapper with what it wraps); a mutable local joins all its users.
    auto it = rootIndex.find(target);
    if (it != rootIndex.end()) {
      if (users.size() == 1 && users[0] != it->second &&
          !detached.contains(target))
        clusters.unionSets(it->second, users[0]);
      continue;
    }
    for (unsigned u : users)
      clusters.unionSets(users.front(), u);
  }

  // Largest cluster first into the least loaded partition.
  struct Cluster {
    unsigned leader; // its first root in module order
    uint64_t weight = 0;
    SmallVector<unsigned> members;
  };
  SmallVector<Cluster> list;
  DenseMap<unsigned, unsigned> clusterOfLeader;
  for (unsigned r = 0; r < roots.size(); ++r) {
    unsigned leader = clusters.getLeaderValue(r);
    auto [it, inserted] = clusterOfLeader.try_emplace(leader, list.size());
    if (inserted)
      list.push_back({r});
    list[it->second].weight += weight[r];
    list[it->second].members.push_back(r);
  }
  unsigned numParts = std::min<unsigned>(maxPartitions, list.size());
  if (numParts <= 1)
    return whole();
  llvm::stable_sort(list, [](const Cluster &a, const Cluster &b) {
    return a.weight != b.weight ? a.weight > b.weight : a.leader < b.leader;
  });
  SmallVector<uint64_t> load(numParts, 0);
  DenseMap<const GlobalValue *, unsigned> partitionOf;
  for (const Cluster &c : list) {
    unsigned p = std::min_element(load.begin(), load.end()) - load.begin();
    load[p] += c.weight;
    for (unsigned r : c.members)
      partitionOf[roots[r]] = p;
  }

  for (unsigned p = 0; p < numParts; ++p) {
    ValueToValueMapTy map;
    std::unique_ptr<Module> part =
        CloneModule(module, map, [&](const GlobalValue *gv) {
          return gv->hasLocalLinkage() || partitionOf.lookup(gv) == p;
        });
    removeDeadLocals(*part);
    parts.push_back(toBitcode(*part));
  }
  return parts;
}

Error compilePartitions(ArrayRef<Partition> parts,
                        const TargetMachineFactory &makeMachine,
                        unsigned optLevel,
                        SmallVectorImpl<SmallString<0>> &objects) {
  objects.clear();
  objects.resize(parts.size());
  std::vector<std::string> errors(parts.size());
  auto compile = [&](unsigned p) {
    LLVMContext context;
    auto module = parseBitcodeFile(
        MemoryBufferRef(parts[p].bitcode.str(), "pcc-partition"), context);
    Error err = module.takeError();
    std::unique_ptr<TargetMachine> machine;
    if (!err) {
      machine = makeMachine();
      if (!machine)
        err = createStringError("cannot create the target machine");
    }
    if (!err)
      err = optimizeModule(**module, *machine, optLevel);
    if (!err)
      err = emitObject(**module, *machine, objects[p]);
    if (err)
      errors[p] = toString(std::move(err));
  };
  std::vector<std::thread> threads;
  for (unsigned p = 1; p < parts.size(); ++p)
    threads.emplace_back(compile, p);
  if (!parts.empty())
    compile(0);
  for (std::thread &t : threads)
    t.join();
  for (const std::string &e : errors)
    if (!e.empty())
      return createStringError(e);
  return Error::success();
}

} // namespace pcc::target
