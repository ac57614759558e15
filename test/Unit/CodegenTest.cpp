//===- CodegenTest.cpp - splitting a module for parallel code generation --===//
//
// pcc compiles an executable's LLVM module in parts on several threads
// (pcc::target::splitModule, compilePartitions). These tests check the
// split on hand-written modules: every definition ends up in exactly one
// part (or is copied where that is allowed), every symbol a part declares is
// defined by another part or outside the module, wrappers stay with what
// they wrap, mutable internal state stays with all its users, outlined
// parallel regions move on their own, and the parts are balanced.
//
//===----------------------------------------------------------------------===//
#include "pcc/Target/Codegen.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

using namespace llvm;

namespace {

/// `n` instructions that no pass removes before the split.
std::string body(int n) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s += "  store volatile i32 " + std::to_string(i) + ", ptr %p\n";
  return s;
}

std::unique_ptr<Module> parse(LLVMContext &context, const std::string &ir) {
  SMDiagnostic error;
  auto module = parseAssemblyString(ir, error, context);
  if (!module)
    ADD_FAILURE() << "bad test IR, line " << error.getLineNo() << ": "
                  << error.getMessage().str();
  return module;
}

struct Parts {
  LLVMContext context;
  std::vector<std::unique_ptr<Module>> modules;
  /// Symbol name -> the parts that define it.
  std::map<std::string, std::set<unsigned>> definedIn;

  explicit Parts(ArrayRef<pcc::target::Partition> parts) {
    for (auto [i, part] : llvm::enumerate(parts)) {
      auto module = parseBitcodeFile(
          MemoryBufferRef(part.bitcode.str(), "part"), context);
      if (!module) {
        ADD_FAILURE() << toString(module.takeError());
        continue;
      }
      EXPECT_EQ((*module)->getInstructionCount(), part.instructions);
      for (GlobalValue &gv : (*module)->global_values())
        if (!gv.isDeclaration())
          definedIn[gv.getName().str()].insert(i);
      modules.push_back(std::move(*module));
    }
  }
  unsigned only(const std::string &name) {
    auto &in = definedIn[name];
    EXPECT_EQ(in.size(), 1u) << name << " should be defined in one part";
    return in.empty() ? ~0u : *in.begin();
  }
  GlobalValue *find(unsigned part, const std::string &name) {
    return modules[part]->getNamedValue(name);
  }
};

const char *kModule = R"(
@shared = internal global i32 0
@table = internal constant [2 x i32] [i32 1, i32 2]
@info = constant i32 7

declare void @__kmpc_fork_call(ptr, i32, ptr, ...)
declare void @external_kernel(ptr)

define internal void @helper(ptr %p) {
  call void @external_kernel(ptr @table)
  ret void
}

define internal void @outlined(ptr %t, ptr %z, ptr %p) {
$BODY60  ret void
}

define void @a(ptr %p) {
  call void @helper(ptr %p)
  call void (ptr, i32, ptr, ...) @__kmpc_fork_call(ptr null, i32 1, ptr @outlined, ptr %p)
$BODY40  ret void
}

define void @wrap_a(ptr %p) {
  call void @a(ptr %p)
  ret void
}

define void @b(ptr %p) {
  call void @helper(ptr %p)
$BODY50  ret void
}

define void @c(ptr %p) {
  store i32 1, ptr @shared
$BODY10  ret void
}

define void @d(ptr %p) {
  %v = load i32, ptr @shared
  store i32 %v, ptr %p
$BODY10  ret void
}
)";

std::string moduleText() {
  std::string ir = kModule;
  for (int n : {60, 40, 50, 10}) {
    std::string key = "$BODY" + std::to_string(n);
    for (size_t at; (at = ir.find(key)) != std::string::npos;)
      ir.replace(at, key.size(), body(n));
  }
  return ir;
}

TEST(SplitModule, EverySymbolDefinedOnceAndResolved) {
  LLVMContext context;
  auto module = parse(context, moduleText());
  ASSERT_TRUE(module);
  std::set<std::string> external;
  for (GlobalValue &gv : module->global_values())
    if (gv.isDeclaration())
      external.insert(gv.getName().str());

  auto split = pcc::target::splitModule(*module, 3, /*minInstructions=*/0);
  ASSERT_EQ(split.size(), 3u);
  Parts parts(split);
  ASSERT_EQ(parts.modules.size(), 3u);

  // Every external definition once; the outlined region is external now.
  for (const char *name : {"a", "wrap_a", "b", "c", "d", "info", "outlined"})
    parts.only(name);
  unsigned outlined = parts.only("outlined");
  auto *region = parts.find(outlined, "outlined");
  EXPECT_TRUE(region->hasExternalLinkage());
  EXPECT_TRUE(region->hasHiddenVisibility());

  // The wrapper with what it wraps; the mutable variable's users together,
  // the variable defined only there.
  EXPECT_EQ(parts.only("a"), parts.only("wrap_a"));
  EXPECT_EQ(parts.only("c"), parts.only("d"));
  EXPECT_EQ(parts.only("shared"), parts.only("c"));

  // The internal helper and constant are copied where they are used, and
  // stay internal.
  std::set<unsigned> users = {parts.only("a"), parts.only("b")};
  EXPECT_EQ(parts.definedIn["helper"], users);
  EXPECT_EQ(parts.definedIn["table"], users);
  for (unsigned p : users)
    EXPECT_TRUE(parts.find(p, "helper")->hasLocalLinkage());

  // Every declaration resolves: defined by another part, or outside.
  for (auto [p, part] : llvm::enumerate(parts.modules))
    for (GlobalValue &gv : part->global_values())
      if (gv.isDeclaration() && !external.count(gv.getName().str()))
        EXPECT_EQ(parts.definedIn[gv.getName().str()].size(), 1u)
            << "part " << p << " declares @" << gv.getName().str()
            << ", which no part defines";
}

TEST(SplitModule, BalancesLargestFirst) {
  LLVMContext context;
  std::string ir;
  for (int n : {100, 60, 50, 10})
    ir += "define void @f" + std::to_string(n) + "(ptr %p) {\n" + body(n) +
          "  ret void\n}\n";
  auto module = parse(context, ir);
  ASSERT_TRUE(module);
  auto split = pcc::target::splitModule(*module, 2, 0);
  ASSERT_EQ(split.size(), 2u);
  Parts parts(split);
  // 100 | 60, then 50 to the lighter part (60), then 10 to the lighter
  // (100): 110 and 110.
  EXPECT_EQ(parts.only("f100"), parts.only("f10"));
  EXPECT_EQ(parts.only("f60"), parts.only("f50"));
  EXPECT_NE(parts.only("f100"), parts.only("f60"));
  EXPECT_EQ(split[0].instructions, split[1].instructions);

  // The same split on every run.
  LLVMContext context2;
  auto again = parse(context2, ir);
  auto split2 = pcc::target::splitModule(*again, 2, 0);
  ASSERT_EQ(split2.size(), 2u);
  EXPECT_EQ(split[0].bitcode, split2[0].bitcode);
  EXPECT_EQ(split[1].bitcode, split2[1].bitcode);
}

TEST(SplitModule, WholeWhenSmallOrUnsupported) {
  LLVMContext context;
  std::string two = "define void @f(ptr %p) {\n" + body(5) +
                    "  ret void\n}\ndefine void @g(ptr %p) {\n" + body(5) +
                    "  ret void\n}\n";
  auto small = parse(context, two);
  ASSERT_TRUE(small);
  EXPECT_EQ(pcc::target::splitModule(*small, 4).size(), 1u)
      << "below kMinSplitInstructions";
  EXPECT_EQ(pcc::target::splitModule(*small, 1, 0).size(), 1u);
  EXPECT_EQ(pcc::target::splitModule(*small, 4, 0).size(), 2u)
      << "one part per external function";

  auto aliased = parse(context, two + "@h = alias void (ptr), ptr @f\n");
  ASSERT_TRUE(aliased);
  EXPECT_EQ(pcc::target::splitModule(*aliased, 4, 0).size(), 1u);
  auto weak = parse(context, "define weak void @w(ptr %p) {\n" + body(5) +
                                 "  ret void\n}\n" + two);
  ASSERT_TRUE(weak);
  EXPECT_EQ(pcc::target::splitModule(*weak, 4, 0).size(), 1u);
}

std::unique_ptr<TargetMachine> hostMachine() {
  InitializeNativeTarget();
  InitializeNativeTargetAsmPrinter();
  Triple triple(sys::getDefaultTargetTriple());
  std::string error;
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;
  return std::unique_ptr<TargetMachine>(target->createTargetMachine(
      triple, "generic", "", TargetOptions(), Reloc::PIC_));
}

TEST(CompilePartitions, OneObjectPerPart) {
  LLVMContext context;
  auto module = parse(context, moduleText());
  ASSERT_TRUE(module);
  auto split = pcc::target::splitModule(*module, 3, 0);
  ASSERT_EQ(split.size(), 3u);
  SmallVector<SmallString<0>> objects;
  ASSERT_FALSE(errorToBool(
      pcc::target::compilePartitions(split, hostMachine, 2, objects)));
  ASSERT_EQ(objects.size(), 3u);
  for (auto &object : objects)
    EXPECT_TRUE(object.str().starts_with("\x7f" "ELF"));
}

TEST(CompilePartitions, ReportsBrokenInput) {
  pcc::target::Partition broken;
  broken.bitcode = "not bitcode";
  SmallVector<SmallString<0>> objects;
  Error err = pcc::target::compilePartitions({broken}, hostMachine, 2,
                                             objects);
  ASSERT_TRUE(bool(err));
  EXPECT_NE(toString(std::move(err)).find("bitcode"), std::string::npos);
}

} // namespace
