//===- pcc.cpp - the pcc compiler driver -----------------------------------===//
//
// pcc model.mlir -o model: parses and verifies an nn-dialect module, lowers
// it in-process with pcc's registered pipelines, generates an object file
// with LLVM's TargetMachine (no external llc), and links it with the runtime
// into an executable: libpcc_rt_train for a model with a loss function @loss
// (differentiated and turned into a predictive-coding train step, see
// Training.cpp), libpcc_rt_main for a forward-only @forward. `--emit=` stops at any
// stage and prints it. Outputs are written atomically (temporary file, then
// rename), so a failed run never leaves a partial output behind.
//
//===----------------------------------------------------------------------===//
#include "pcc/Target/Codegen.h"
#include "Training.h"
#include "pcc/Frontend/MLIRGen.h"
#include "pcc/InitAll.h"
#include "pcc/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/Module.h"
#include "llvm/Pass.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

#include <chrono>
#include <cmath>

#ifndef PCC_RUNTIME_DIR
#define PCC_RUNTIME_DIR ""
#endif

using namespace mlir;
namespace cl = llvm::cl;

namespace {

enum class Emit { NN, PC, Linalg, Loops, LLVMIR, Obj, Exe };

cl::OptionCategory pccCategory("pcc options");

cl::opt<std::string> inputFile(cl::Positional,
                               cl::desc("<model.nn | model.mlir>"),
                               cl::Required, cl::cat(pccCategory));
cl::opt<std::string> outputFile("o", cl::desc("Output file (default: stdout "
                                              "for text, the input's stem "
                                              "for exe, <stem>.o for obj)"),
                                cl::value_desc("file"), cl::cat(pccCategory));
cl::opt<Emit> emit(
    "emit", cl::desc("Stop after a stage and write its output"),
    cl::values(clEnumValN(Emit::NN, "nn", "the verified nn-dialect input"),
               clEnumValN(Emit::PC, "pc",
                          "the predictive-coding network (a model with "
                          "@loss)"),
               clEnumValN(Emit::Linalg, "linalg",
                          "linalg on tensors (after convert-nn-to-linalg)"),
               clEnumValN(Emit::Loops, "loops",
                          "bufferized loops on memrefs with runtime kernel "
                          "calls"),
               clEnumValN(Emit::LLVMIR, "llvm", "optimised LLVM IR"),
               clEnumValN(Emit::Obj, "obj", "a native object file"),
               clEnumValN(Emit::Exe, "exe",
                          "an executable linked with the runtime (default)")),
    cl::init(Emit::Exe), cl::cat(pccCategory));
cl::opt<std::string> pcMode(
    "mode",
    cl::desc("Learning algorithm of a model with @loss: backprop, strict, "
             "fixed-prediction (default), zero-divergence or incremental"),
    cl::init("fixed-prediction"), cl::cat(pccCategory));
cl::opt<int64_t> pcSteps("steps",
                         cl::desc("Inference steps T (default 20; the "
                                  "executable's --steps overrides it)"),
                         cl::init(20), cl::cat(pccCategory));
cl::opt<double> pcEta("eta",
                      cl::desc("Inference step size (default 0.1; the "
                               "executable's --eta overrides it)"),
                      cl::init(0.1), cl::cat(pccCategory));
cl::opt<std::string> pcGranularity(
    "granularity",
    cl::desc("PC nodes per op (default) or per layer: op | layer"),
    cl::init("op"), cl::cat(pccCategory));
cl::opt<bool> closedForm(
    "closed-form",
    cl::desc("Fixed-prediction: solve the linear error dynamics in closed "
             "form, one VJP per node and path length, when that is cheaper "
             "than T loop steps (default true; =false keeps the loop)"),
    cl::init(true), cl::cat(pccCategory));
cl::opt<bool> skipUnchanged(
    "skip-unchanged",
    cl::desc("Strict, incremental and zero-divergence: evaluate only the "
             "nodes the "
             "errors have reached, peeling the first steps off the loop "
             "(exact; default true; =false evaluates every node every step, "
             "for comparison)"),
    cl::init(true), cl::cat(pccCategory));
cl::opt<bool> levelGraph(
    "level",
    cl::desc("Zero-divergence: level the graph with identity nodes (default "
             "true; =false keeps edges that skip levels, where "
             "zero-divergence is not exact, for comparison)"),
    cl::init(true), cl::cat(pccCategory));
cl::opt<int64_t> parallelMinIterations(
    "parallel-min-iterations",
    cl::desc("Run a generated loop nest (elementwise updates, masks, "
             "broadcasts) on every thread when it has at least this many "
             "iterations (default 32768; 0: every generated loop on one "
             "thread; the GEMM and convolution kernels use the threads "
             "either way)"),
    cl::init(32768), cl::cat(pccCategory));
cl::opt<unsigned> optLevel("O", cl::desc("LLVM optimisation level 0-3 "
                                         "(default 3)"),
                           cl::Prefix, cl::init(3), cl::cat(pccCategory));
cl::opt<unsigned> jobs(
    "jobs",
    cl::desc("Threads for LLVM's optimisation and code generation of an "
             "executable: the module is split into up to this many parts "
             "compiled in parallel and linked together (default 0: one per "
             "available CPU, at most 8; 1: one part; --emit=llvm|obj always "
             "compile one)"),
    cl::init(0), cl::cat(pccCategory));
cl::opt<bool> timeReport(
    "time-report",
    cl::desc("Print the wall-clock time of each stage (front end, each "
             "pipeline, LLVM optimisation and code generation with the "
             "size of each part, linking) to stderr"),
    cl::init(false), cl::cat(pccCategory));
cl::opt<std::string> runtimeDir(
    "runtime-dir",
    cl::desc("Directory with libpcc_rt.a, libpcc_rt_main.a and "
             "libpcc_rt_train.a (default: the build tree's runtime/, or "
             "$PCC_RUNTIME_DIR)"),
    cl::value_desc("dir"), cl::cat(pccCategory));

/// Wall-clock times of the driver's stages, printed on exit with
/// --time-report.
class StageTimes {
public:
  /// Ends the current stage, named `name`.
  void mark(const llvm::Twine &name) {
    auto now = std::chrono::steady_clock::now();
    stages.emplace_back(name.str(),
                        std::chrono::duration<double>(now - last).count());
    last = now;
  }
  ~StageTimes() {
    if (!timeReport)
      return;
    double total = 0;
    llvm::errs() << "pcc: time report (wall clock)\n";
    for (auto &[name, seconds] : stages) {
      llvm::errs() << llvm::format("  %7.3f s  ", seconds) << name << "\n";
      total += seconds;
    }
    llvm::errs() << llvm::format("  %7.3f s  ", total) << "total\n";
  }

private:
  std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string, double>> stages;
};

int fail(const llvm::Twine &msg) {
  llvm::errs() << "pcc: error: " << msg << "\n";
  return 1;
}

/// Writes `bytes` to `path` atomically ("-" is stdout).
bool writeAtomically(StringRef path, StringRef bytes, std::string &error) {
  if (path == "-") {
    llvm::outs() << bytes;
    return true;
  }
  llvm::SmallString<256> tmp;
  if (auto ec = llvm::sys::fs::createUniqueFile(path + ".tmp-%%%%%%", tmp)) {
    error = "cannot create a file next to '" + path.str() + "': " + ec.message();
    return false;
  }
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(tmp, ec);
    if (!ec) {
      os << bytes;
      os.close();
      ec = os.error();
    }
    if (ec) {
      llvm::sys::fs::remove(tmp);
      error = "cannot write '" + path.str() + "': " + ec.message();
      return false;
    }
  }
  if (auto ec = llvm::sys::fs::rename(tmp, path)) {
    llvm::sys::fs::remove(tmp);
    error = "cannot write '" + path.str() + "': " + ec.message();
    return false;
  }
  return true;
}

/// The model's entry point: a public func named `forward` taking one
/// floating-point tensor and returning one.
/// With `required` false, a missing or unusable @forward is not an error
/// (a library), and `forward` is left null.
LogicalResult checkEntryPoint(ModuleOp module, func::FuncOp &forward,
                              bool required) {
  forward = module.lookupSymbol<func::FuncOp>("forward");
  auto where = [&]() -> Location {
    // The implicit module has no useful location; point at its first op.
    Block *body = module.getBody();
    return body->empty() ? module.getLoc() : body->front().getLoc();
  };
  if (!required) {
    func::FuncOp candidate = forward;
    forward = nullptr;
    if (!candidate)
      return success();
    ScopedDiagnosticHandler silence(module.getContext(),
                                    [](Diagnostic &) { return success(); });
    if (succeeded(checkEntryPoint(module, candidate, true)))
      forward = candidate;
    return success();
  }
  if (!forward || forward.isExternal() || !forward.isPublic())
    return emitError(where(), 
        "an executable needs a public function @forward(tensor) -> tensor "
        "with a body (use --emit=obj to compile a library)");
  auto type = forward.getFunctionType();
  auto isFloatTensor = [](Type t) {
    auto rt = dyn_cast<RankedTensorType>(t);
    return rt && (rt.getElementType().isF32() || rt.getElementType().isF64());
  };
  if (type.getNumInputs() != 1 || type.getNumResults() != 1 ||
      !isFloatTensor(type.getInput(0)) || !isFloatTensor(type.getResult(0)) ||
      cast<RankedTensorType>(type.getInput(0)).getElementType() !=
          cast<RankedTensorType>(type.getResult(0)).getElementType())
    return forward.emitError("@forward must take one f32 or f64 tensor and "
                             "return one of the same element type, but has "
                             "type ")
           << type;
  if (cast<RankedTensorType>(type.getInput(0)).getRank() > 8)
    return forward.emitError("@forward's input has rank > 8");
  return success();
}

/// Describes @forward's signature to the runtime's main as constants.
void addSignatureGlobals(llvm::Module &m, FunctionType type) {
  auto in = cast<RankedTensorType>(type.getInput(0));
  auto out = cast<RankedTensorType>(type.getResult(0));
  auto *i64 = llvm::Type::getInt64Ty(m.getContext());
  auto add = [&](StringRef name, llvm::Constant *init) {
    new llvm::GlobalVariable(m, init->getType(), /*isConstant=*/true,
                             llvm::GlobalValue::ExternalLinkage, init, name);
  };
  add("pcc_model_input_rank", llvm::ConstantInt::get(i64, in.getRank()));
  add("pcc_model_output_rank", llvm::ConstantInt::get(i64, out.getRank()));
  add("pcc_model_element_bytes",
      llvm::ConstantInt::get(i64, in.getElementType().isF32() ? 4 : 8));
  SmallVector<llvm::Constant *> dims;
  for (int64_t d : in.getShape())
    dims.push_back(
        llvm::ConstantInt::get(i64, ShapedType::isDynamic(d) ? -1 : d));
  add("pcc_model_input_dims",
      llvm::ConstantArray::get(llvm::ArrayType::get(i64, dims.size()), dims));
}

cl::opt<bool> printLocations(
    "print-locations",
    cl::desc("Print each op's source location (file:line:col of the model) "
             "in --emit=nn|pc|linalg|loops output"),
    cl::init(false), cl::cat(pccCategory));

std::string printOp(Operation *op) {
  std::string s;
  llvm::raw_string_ostream os(s);
  OpPrintingFlags flags;
  if (printLocations)
    flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false)
        .useLocalScope();
  op->print(os, flags);
  os << "\n";
  return s;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(pccCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "pcc: compile an nn-dialect model to a native executable (a model "
      "with a loss function @loss trains: ./model train)\n");
  if (optLevel > 3)
    return fail("invalid optimisation level -O" + llvm::Twine(optLevel) +
                ": expected 0 to 3");

  static const char *const modes[] = {"backprop", "strict", "fixed-prediction",
                                      "zero-divergence", "incremental"};
  if (!llvm::is_contained(modes, StringRef(pcMode)))
    return fail("invalid --mode '" + pcMode +
                "': expected backprop, strict, fixed-prediction, "
                "zero-divergence or incremental");
  if (pcSteps < 1)
    return fail("invalid --steps " + llvm::Twine(int64_t(pcSteps)) +
                ": expected an integer >= 1");
  if (!(pcEta > 0) || !std::isfinite(pcEta))
    return fail("invalid --eta " + std::to_string(double(pcEta)) +
                ": expected a finite number > 0");
  if (parallelMinIterations < 0)
    return fail("invalid --parallel-min-iterations " +
                llvm::Twine(int64_t(parallelMinIterations)) +
                ": expected an integer >= 0");
  if (jobs > 256)
    return fail("invalid --jobs " + llvm::Twine(unsigned(jobs)) +
                ": expected 0 (one per CPU) to 256");
  if (pcGranularity != "op" && pcGranularity != "layer")
    return fail("invalid --granularity '" + pcGranularity +
                "': expected op or layer");
  StageTimes times;
  pcc::registerAllPasses();

  DialectRegistry registry;
  pcc::registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  std::string errorMessage;
  auto file = openInputFile(inputFile, &errorMessage);
  if (!file)
    return fail(errorMessage);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);
  // A model file (.nn) goes through the front end; anything else is MLIR.
  OwningOpRef<ModuleOp> module;
  if (llvm::sys::path::extension(inputFile) == ".nn") {
    pcc::frontend::Diagnostics diags(sourceMgr, llvm::errs());
    module = pcc::frontend::compileModelFile(context, diags);
    if (!module && diags.numErrors())
      llvm::errs() << diags.numErrors() << " error"
                   << (diags.numErrors() == 1 ? "" : "s") << " generated.\n";
  } else {
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  }
  if (!module)
    return 1;
  times.mark("front end: parse and verify " + inputFile);
  // The model's own defaults (`option mode = ...` in a model file) apply
  // where the command line is silent.
  std::string mode = pcMode;
  int64_t steps = pcSteps;
  double eta = pcEta;
  std::string granularity = pcGranularity;
  if (auto loss = module->lookupSymbol<func::FuncOp>("loss")) {
    if (auto a = loss->getAttrOfType<StringAttr>("pcc.default_mode");
        a && !pcMode.getNumOccurrences())
      mode = a.str();
    if (auto a = loss->getAttrOfType<IntegerAttr>("pcc.default_steps");
        a && !pcSteps.getNumOccurrences())
      steps = a.getInt();
    if (auto a = loss->getAttrOfType<FloatAttr>("pcc.default_eta");
        a && !pcEta.getNumOccurrences())
      eta = a.getValueAsDouble();
    if (auto a = loss->getAttrOfType<StringAttr>("pcc.default_granularity");
        a && !pcGranularity.getNumOccurrences())
      granularity = a.str();
  }

  StringRef stem = llvm::sys::path::stem(inputFile);
  std::string output = outputFile;
  if (output.empty())
    output = emit == Emit::Exe   ? stem.str()
             : emit == Emit::Obj ? (stem + ".o").str()
                                 : "-";
  auto writeText = [&](const std::string &text) {
    if (!writeAtomically(output, text, errorMessage))
      return fail(errorMessage);
    return 0;
  };
  if (emit == Emit::NN)
    return writeText(printOp(*module));

  // A model with a loss trains; otherwise it is a forward-only program.
  bool training = pcc::driver::isTrainingModel(*module);
  std::string modelInfo;
  func::FuncOp forward;
  if (training) {
    pcc::driver::TrainingOptions options{mode, steps, eta, granularity,
                                         stem.str(), closedForm,
                                         levelGraph, skipUnchanged};
    if (failed(pcc::driver::buildPCNetwork(*module, options)))
      return 1;
    times.mark("nn-autodiff, convert-nn-to-pc");
    if (emit == Emit::PC)
      return writeText(printOp(*module));
    if (failed(pcc::driver::buildTrainingFunctions(*module, options,
                                                   modelInfo)))
      return 1;
    times.mark("pc-lower-inference, pcc-externalize-params");
  } else {
    if (emit == Emit::PC)
      return fail("--emit=pc needs a model with a loss function @loss "
                  "(a public function returning the result of nn.mse or "
                  "nn.cross_entropy)");
    if (failed(checkEntryPoint(*module, forward, emit == Emit::Exe)))
      return 1;
  }
  FunctionType forwardType = forward ? forward.getFunctionType() : nullptr;

  // Runs one stage; true if the driver should stop after it.
  int exitCode = 0;
  auto stage = [&](llvm::function_ref<void(OpPassManager &)> build,
                   std::optional<Emit> stopAfter, StringRef name) {
    PassManager pm(&context);
    build(pm);
    if (failed(pm.run(*module))) {
      exitCode = 1;
      return true;
    }
    times.mark(name);
    if (emit == stopAfter) {
      exitCode = writeText(printOp(*module));
      return true;
    }
    return false;
  };
  if (stage([](OpPassManager &pm) { pcc::buildNNToLinalgPipeline(pm); },
            Emit::Linalg, "nn to linalg") ||
      stage(
          [](OpPassManager &pm) {
            pcc::LoweringOptions lowering;
            lowering.parallelMinIterations = parallelMinIterations;
            pcc::buildLinalgToLoopsPipeline(pm, lowering);
          },
          Emit::Loops, "linalg to loops (bufferization)") ||
      stage(pcc::buildLoopsToLLVMPipeline, std::nullopt,
            "loops to the LLVM dialect"))
    return exitCode;

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::LLVMContext llvmContext;
  auto llvmModule = translateModuleToLLVMIR(*module, llvmContext, stem);
  if (!llvmModule)
    return fail("translation to LLVM IR failed");
  if (training)
    pcc::driver::addRuntimeInterface(*llvmModule, modelInfo);
  else if (forwardType)
    addSignatureGlobals(*llvmModule, forwardType);
  times.mark("translation to LLVM IR");

  // x86-64-v3 (AVX2, FMA) everywhere: the runtime needs it anyway, and
  // AVX-512 code is slower on the machines pcc targets.
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  std::string targetError;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, targetError);
  if (!target)
    return fail("no target for " + triple.str() + ": " + targetError);
  bool x86 = triple.getArch() == llvm::Triple::x86_64;
  std::string cpu = x86 ? "x86-64-v3" : llvm::sys::getHostCPUName().str();
  auto codegenLevel = optLevel == 0 ? llvm::CodeGenOptLevel::None
                                    : llvm::CodeGenOptLevel::Aggressive;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, "", llvm::TargetOptions(), llvm::Reloc::PIC_, std::nullopt,
      codegenLevel));
  llvmModule->setTargetTriple(triple);
  llvmModule->setDataLayout(machine->createDataLayout());
  // --emit=llvm and --emit=obj show one module; an executable may be
  // compiled in parts on several threads.
  unsigned parts = emit == Emit::Exe ? unsigned(jobs) : 1;
  if (parts == 0)
    parts = std::min(8u, llvm::hardware_concurrency().compute_thread_count());
  if (llvm::TimePassesIsEnabled) // one report, not one per thread
    parts = 1;
  SmallVector<llvm::SmallString<0>> objects;
  if (parts <= 1) {
    uint64_t size = llvmModule->getInstructionCount();
    if (auto err = pcc::target::optimizeModule(*llvmModule, *machine, optLevel))
      return fail("LLVM optimisation failed: " +
                  llvm::toString(std::move(err)));
    if (emit == Emit::LLVMIR) {
      std::string text;
      llvm::raw_string_ostream os(text);
      llvmModule->print(os, nullptr);
      return writeText(text);
    }
    if (auto err = pcc::target::emitObject(*llvmModule, *machine,
                                           objects.emplace_back()))
      return fail(llvm::toString(std::move(err)));
    times.mark("LLVM -O" + llvm::Twine(unsigned(optLevel)) +
               " and code generation, 1 part (" + llvm::Twine(size) +
               " instructions)");
  } else {
    auto bitcode = pcc::target::splitModule(*llvmModule, parts);
    llvmModule.reset();
    std::string sizes;
    for (const auto &part : bitcode)
      sizes += (sizes.empty() ? "" : ", ") + std::to_string(part.instructions);
    times.mark("splitting into " + llvm::Twine(bitcode.size()) + " part" +
               (bitcode.size() == 1 ? "" : "s") + " (" + sizes +
               " instructions)");
    auto makeMachine = [&]() {
      return std::unique_ptr<llvm::TargetMachine>(target->createTargetMachine(
          triple, cpu, "", llvm::TargetOptions(), llvm::Reloc::PIC_,
          std::nullopt, codegenLevel));
    };
    if (auto err = pcc::target::compilePartitions(bitcode, makeMachine,
                                                  optLevel, objects))
      return fail("LLVM code generation failed: " +
                  llvm::toString(std::move(err)));
    times.mark("LLVM -O" + llvm::Twine(unsigned(optLevel)) +
               " and code generation, on " + llvm::Twine(bitcode.size()) +
               " thread" + (bitcode.size() == 1 ? "" : "s"));
  }
  if (emit == Emit::Obj)
    return writeText(std::string(objects.front().str()));

  // Link: object + runtime main + runtime, with the system C++ driver.
  std::string rtDir = runtimeDir;
  if (rtDir.empty())
    if (const char *env = std::getenv("PCC_RUNTIME_DIR"))
      rtDir = env;
  if (rtDir.empty())
    rtDir = PCC_RUNTIME_DIR;
  std::string mainName = training ? "libpcc_rt_train.a" : "libpcc_rt_main.a";
  for (StringRef lib : {StringRef("libpcc_rt.a"), StringRef(mainName)}) {
    llvm::SmallString<256> p(rtDir);
    llvm::sys::path::append(p, lib);
    if (!llvm::sys::fs::exists(p))
      return fail("runtime library '" + p + "' not found (set --runtime-dir)");
  }
  auto linker = llvm::sys::findProgramByName("c++");
  if (!linker)
    return fail("no C++ compiler driver 'c++' on PATH to link with");
  // One temporary object per part, removed when the driver returns.
  std::vector<llvm::SmallString<256>> objPaths(objects.size());
  std::vector<std::unique_ptr<llvm::FileRemover>> removeObjs;
  for (auto [path, object] : llvm::zip(objPaths, objects)) {
    if (llvm::sys::fs::createTemporaryFile("pcc", "o", path))
      return fail("cannot create a temporary object file");
    removeObjs.push_back(std::make_unique<llvm::FileRemover>(path));
    if (!writeAtomically(path, object.str(), errorMessage))
      return fail(errorMessage);
  }
  llvm::SmallString<256> exeTmp;
  if (auto ec = llvm::sys::fs::createUniqueFile(output + ".tmp-%%%%%%", exeTmp))
    return fail("cannot create '" + output + "': " + ec.message());
  llvm::FileRemover removeExe(exeTmp);
  std::string mainLib = rtDir + "/" + mainName, rtLib = rtDir + "/libpcc_rt.a";
  // One OpenMP runtime for the generated parallel loops and the kernels:
  // LLVM's libomp (it also implements the GNU ABI the runtime is compiled
  // against), found where pcc was configured.
  std::string ompDir = PCC_LIBOMP_DIR;
  std::string ompSearch = "-L" + ompDir, ompRpath = "-Wl,-rpath," + ompDir;
  SmallVector<StringRef> args = {*linker, "-o", exeTmp};
  for (const auto &path : objPaths)
    args.push_back(path);
  args.append({mainLib, rtLib, ompSearch, ompRpath, "-lomp", "-pthread",
               "-lz", "-lm"});
  std::string linkError;
  int rc = llvm::sys::ExecuteAndWait(*linker, args, std::nullopt, {}, 0, 0,
                                     &linkError);
  if (rc != 0)
    return fail("linking failed" +
                (linkError.empty() ? "" : ": " + linkError));
  times.mark("linking with the runtime");
  if (auto ec = llvm::sys::fs::rename(exeTmp, output))
    return fail("cannot write '" + output + "': " + ec.message());
  removeExe.releaseFile();
  return 0;
}
