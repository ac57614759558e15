//===- TrainSupport.h - pieces of the training executable -------*- C++ -*-===//
//
// Model description parsing, host tensors, calls through the packed ABI,
// optimizers, checkpoints (safetensors), NumPy output, logs and progress.
//
//===----------------------------------------------------------------------===//
#ifndef PCC_RT_MAIN_TRAINSUPPORT_H
#define PCC_RT_MAIN_TRAINSUPPORT_H

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace pcc_rt::train {

[[noreturn]] void fail(const std::string &msg);
[[noreturn]] void usageError(const char *usage, const char *argv0,
                             const std::string &msg);
int64_t parseInt(const std::string &flag, const char *text, int64_t lo,
                 int64_t hi);
double parsePositive(const std::string &flag, const char *text);
std::string fmt(double v);
double seconds(std::chrono::steady_clock::time_point since);

enum class DT { F32, F64, I32, I64 };
size_t bytesOf(DT dt);
bool isFloat(DT dt);
const char *dtName(DT dt);

/// A tensor of the model's interface.
struct TensorSpec {
  std::string name, role; // role: "param", "input", "target", "output"
  DT dt = DT::F32;
  std::vector<int64_t> dims; // -1: dynamic
  std::string typeText() const;
};

/// What `pcc` compiled, from the `pcc_model_info` text:
///   name <model>, mode <mode>, steps <T>, eta <η>, dtype <f32|f64>,
///   param <name> <dtype> <rank> <dims...>,
///   arg <name> <input|target> <dtype> <rank> <dims...>  (loss arguments),
///   output <dtype> <rank> <dims...>                      (predictions).
struct ModelInfo {
  std::string name = "model", mode;
  int64_t steps = 1;
  double eta = 0.1;
  DT floatType = DT::F32;
  std::vector<TensorSpec> params, args, outputs;
};
ModelInfo parseModelInfo(const char *text);

/// A dense row-major host tensor.
struct Buffer {
  DT dt = DT::F32;
  std::vector<int64_t> shape;
  std::vector<unsigned char> bytes;
  void reset(DT type, std::vector<int64_t> dims);
  int64_t numel() const;
  double get(int64_t i) const;
  void set(int64_t i, double v);
};

struct ResultSpec {
  DT dt;
  int64_t rank;
};

/// Calls a packed wrapper: argument descriptors for `args`, results copied
/// into fresh buffers (and the generated code's allocations freed).
std::vector<Buffer> callPacked(void (*fn)(void **),
                               const std::vector<Buffer *> &args,
                               const std::vector<ResultSpec> &results);

/// The weight optimizers: they consume the gradients the train step returns.
class Optimizer {
public:
  Optimizer(std::string kind, double lr, const std::vector<Buffer> &params);
  void step(std::vector<Buffer> &params, const std::vector<Buffer> &grads);

private:
  std::string kind;
  double lr;
  int64_t t = 0;
  std::vector<std::vector<double>> m, v;
};

double norm2(const Buffer &a);
double relativeError(const Buffer &a, const Buffer &b);
double angleDegrees(const Buffer &a, const Buffer &b);

/// Writes `path` through a temporary file and a rename.
void writeFileAtomically(const std::string &path, const std::string &bytes);
void writeNpy(const std::string &path, const Buffer &b);
void saveCheckpoint(const std::string &path,
                    const std::vector<TensorSpec> &specs,
                    const std::vector<Buffer> &params);
void loadCheckpoint(const std::string &path,
                    const std::vector<TensorSpec> &specs,
                    std::vector<Buffer> &params);

/// The training log (nothing when the path is empty): CSV with the header
/// `kind,epoch,step,loss,accuracy,seconds`, or JSON lines when the path
/// ends in `.jsonl`. Missing values are empty (CSV) or absent (JSON).
class LogFile {
public:
  explicit LogFile(const std::string &path);
  ~LogFile();
  void record(const char *kind, int64_t epoch, int64_t step, double loss,
              double accuracy, double seconds);

private:
  std::FILE *file = nullptr;
  bool json = false;
};

/// A progress bar with throughput and ETA on a terminal, a plain line per
/// tenth of the epoch otherwise.
class Progress {
public:
  Progress(bool tty, int64_t total);
  void update(int64_t done, double meanLoss, int64_t examples);
  void finish();

private:
  bool tty;
  int64_t total, examples = 0, lastTenth = 0;
  std::chrono::steady_clock::time_point start;
};

} // namespace pcc_rt::train

#endif // PCC_RT_MAIN_TRAINSUPPORT_H
