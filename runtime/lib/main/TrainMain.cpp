//===- TrainMain.cpp - command line of a compiled training model -----------===//
//
// `pcc` links this main into the executable of a model with a loss. The
// generated object exports, through packed wrappers `pcc_call_<f>(void**)`
// (argument i is a pointer to the i-th memref descriptor, argument 0 of a
// function with results points to the results' descriptors):
//
//   pcc_init()                              -> (params...)
//   loss_train(params..., args..., steps, eta) -> (loss, grads...)   (PC)
//   loss_grad(params..., args...)              -> (loss, grads...)   (backprop)
//   loss_predict(params..., inputs...)         -> (outputs...)
//
// and describes them in the text constant `pcc_model_info` (one fact per
// line, see ModelInfo). The runtime owns the parameters, the data, the
// optimizer and the training loop.
//
//===----------------------------------------------------------------------===//
#include "pcc_rt/Idx.h"
#include "pcc_rt/Kernels.h"
#include "Data.h"
#include "TrainSupport.h"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <random>
#include <sstream>

extern "C" {
extern const char pcc_model_info[];
void pcc_call_pcc_init(void **);
void pcc_call_loss_train(void **);
void pcc_call_loss_grad(void **);
void pcc_call_loss_predict(void **);
}

using namespace pcc_rt::train;

namespace {

const char *kUsage =
    "usage: %s <command> [options]\n"
    "\n"
    "commands:\n"
    "  train    train on the training set, evaluate on the test set after\n"
    "           every epoch\n"
    "  eval     evaluate (test accuracy and loss) the initial or --load'ed\n"
    "           parameters\n"
    "  grads    one batch: each parameter's gradient of the compiled mode\n"
    "           and of backprop, their relative error and angle\n"
    "  predict  print the predictions for the first --count test examples\n"
    "  bench    time the train step: --warmup steps, then --repeats timed\n"
    "           steps on one batch; prints the median and quartiles\n"
    "  info     print what the model was compiled as\n"
    "\n"
    "options:\n"
    "  --data PATH        training data: an IDX directory with train-/t10k-\n"
    "                     images-idx3-ubyte(.gz) and -labels-idx1-ubyte(.gz)\n"
    "                     (default /usr/share/datasets/fashion-mnist; its\n"
    "                     t10k files are the test set), a .csv file (label,\n"
    "                     features... per line) or a .npy file of features\n"
    "                     or a text file for a character model (.txt, or\n"
    "                     any file with --format text; the last tenth is\n"
    "                     the test split)\n"
    "  --format F         idx | csv | npy | text (default: from --data)\n"
    "  --labels FILE      the labels of a .npy training set (.npy, [N])\n"
    "  --test-data PATH   test data for a .csv/.npy training set (default:\n"
    "                     evaluate on the training data)\n"
    "  --test-labels FILE the labels of a .npy test set\n"
    "  --scale X          multiply the features by X (default 1/255 for\n"
    "                     IDX and uint8 .npy, 1 otherwise)\n"
    "  --count N          (predict) examples to print (default 8)\n"
    "  --warmup N         (bench) untimed steps first (default 5)\n"
    "  --repeats N        (bench) timed steps (default 30)\n"
    "  --epochs N         training epochs (default 1)\n"
    "  --batch-size N     examples per step (default 64)\n"
    "  --limit N          use only the first N training examples\n"
    "  --test-limit N     use only the first N test examples\n"
    "  --optimizer NAME   sgd | momentum | adam | adamw (default adam)\n"
    "  --lr X             learning rate (default 0.001)\n"
    "  --steps T          inference steps (default: the compiled value);\n"
    "                     for grads a comma-separated list (1,2,5,10):\n"
    "                     one comparison per T\n"
    "  --eta X            inference step size (default: the compiled value)\n"
    "  --seed N           shuffling seed (default 0)\n"
    "  --threads N        kernel threads (default: all cores), bound one\n"
    "                     per core unless OMP_PROC_BIND or OMP_PLACES is\n"
    "                     set (OMP_PROC_BIND=false: unbound)\n"
    "  --save FILE        write the parameters after training (train) or as\n"
    "                     loaded (eval), in safetensors format\n"
    "  --load FILE        start from parameters in FILE (safetensors)\n"
    "  --log FILE         log one line per step and per epoch: CSV, or JSON\n"
    "                     lines when FILE ends in .jsonl; for grads, CSV:\n"
    "                     steps,eta,parameter,rel_error,angle_deg,\n"
    "                     pc_norm,backprop_norm\n"
    "  --out DIR          (grads) write <param>.pc.npy and .backprop.npy\n";

struct Options {
  std::string command;
  std::string dataDir = "/usr/share/datasets/fashion-mnist";
  std::string labels, testData, testLabels, format;
  double scale = -1;
  int64_t count = 8, warmup = 5, repeats = 30;
  int64_t epochs = 1, batch = 64, limit = -1, testLimit = -1, seed = 0;
  int64_t steps = -1;
  std::vector<int64_t> stepsList; ///< grads: every T given
  double eta = -1, lr = 1e-3;
  std::string optimizer = "adam", save, load, log, out;
};

Options parseOptions(int argc, char **argv) {
  Options o;
  if (argc < 2)
    usageError(kUsage, argv[0], "missing command");
  o.command = argv[1];
  if (o.command == "--help" || o.command == "-h") {
    std::printf(kUsage, argv[0]);
    std::exit(0);
  }
  if (o.command != "train" && o.command != "eval" && o.command != "grads" &&
      o.command != "predict" && o.command != "bench" && o.command != "info")
    usageError(kUsage, argv[0], "unknown command '" + o.command + "'");
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char * {
      if (i + 1 >= argc)
        fail("missing value after " + a);
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      std::printf(kUsage, argv[0]);
      std::exit(0);
    } else if (a == "--data") {
      o.dataDir = value();
    } else if (a == "--format") {
      o.format = value();
      if (o.format != "idx" && o.format != "csv" && o.format != "npy" &&
          o.format != "text")
        fail("invalid value '" + o.format +
             "' for --format: expected idx, csv, npy or text");
    } else if (a == "--labels") {
      o.labels = value();
    } else if (a == "--test-data") {
      o.testData = value();
    } else if (a == "--test-labels") {
      o.testLabels = value();
    } else if (a == "--scale") {
      o.scale = parsePositive(a, value());
    } else if (a == "--warmup") {
      o.warmup = parseInt(a, value(), 0, 1000000);
    } else if (a == "--repeats") {
      o.repeats = parseInt(a, value(), 1, 1000000);
    } else if (a == "--count") {
      o.count = parseInt(a, value(), 1, INT64_MAX / 2);
    } else if (a == "--epochs") {
      o.epochs = parseInt(a, value(), 1, 100000);
    } else if (a == "--batch-size") {
      o.batch = parseInt(a, value(), 1, 1 << 20);
    } else if (a == "--limit") {
      o.limit = parseInt(a, value(), 1, INT64_MAX / 2);
    } else if (a == "--test-limit") {
      o.testLimit = parseInt(a, value(), 1, INT64_MAX / 2);
    } else if (a == "--optimizer") {
      o.optimizer = value();
      if (o.optimizer != "sgd" && o.optimizer != "momentum" &&
          o.optimizer != "adam" && o.optimizer != "adamw")
        fail("invalid value '" + o.optimizer +
             "' for --optimizer: expected sgd, momentum, adam or adamw");
    } else if (a == "--lr") {
      o.lr = parsePositive(a, value());
    } else if (a == "--steps") {
      std::string list = value();
      o.stepsList.clear();
      size_t start = 0;
      while (true) {
        size_t comma = list.find(',', start);
        o.stepsList.push_back(
            parseInt(a, list.substr(start, comma - start).c_str(), 1,
                     1000000));
        if (comma == std::string::npos)
          break;
        start = comma + 1;
      }
      o.steps = o.stepsList.front();
    } else if (a == "--eta") {
      o.eta = parsePositive(a, value());
    } else if (a == "--seed") {
      o.seed = parseInt(a, value(), 0, INT64_MAX);
    } else if (a == "--threads") {
      pcc_rt_set_num_threads(int(parseInt(a, value(), 1, 1024)));
    } else if (a == "--save") {
      o.save = value();
    } else if (a == "--load") {
      o.load = value();
    } else if (a == "--log") {
      o.log = value();
    } else if (a == "--out") {
      o.out = value();
    } else {
      usageError(kUsage, argv[0], "unknown argument '" + a + "'");
    }
  }
  if (o.stepsList.size() > 1 && o.command != "grads")
    fail("--steps takes a list of values only for grads");
  return o;
}

bool endsWith(const std::string &s, const char *suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

bool isText(const Options &o) {
  return o.format == "text" || (o.format.empty() && endsWith(o.dataDir, ".txt"));
}

/// The sequence length of a character model: its input is [?, T].
int64_t textWindow(const ModelInfo &info) {
  for (const TensorSpec &a : info.args)
    if (a.role == "input") {
      if (a.dims.size() != 2 || a.dims[1] < 1)
        fail("a text data set needs a model whose input is the character ids "
             "[?, T] with a static T, but the input is " + a.typeText());
      return a.dims[1];
    }
  fail("the model has no input");
}

DataSet trainingData(const Options &o, const ModelInfo &info, int64_t limit) {
  if (isText(o))
    return loadTextDataSet(o.dataDir, textWindow(info), false, limit);
  return loadDataSet(o.dataDir, o.labels, "train", limit, o.scale);
}

/// The test set: the IDX directory's t10k files, --test-data, the last
/// tenth of a text, or (with none of these) the training data.
DataSet testData(const Options &o, const ModelInfo &info, int64_t limit,
                 bool &isTest) {
  isTest = true;
  if (isText(o)) {
    if (!o.testData.empty())
      fail("--test-data cannot be used with a text data set: its last tenth "
           "is the test split");
    return loadTextDataSet(o.dataDir, textWindow(info), true, limit);
  }
  if (!o.testData.empty())
    return loadDataSet(o.testData, o.testLabels, "t10k", limit, o.scale);
  if (endsWith(o.dataDir, ".csv") || endsWith(o.dataDir, ".npy")) {
    isTest = false;
    return loadDataSet(o.dataDir, o.labels, "train", limit, o.scale);
  }
  return loadDataSet(o.dataDir, "", "t10k", limit, o.scale);
}

/// The model's data arguments: one float input (the images) and one integer
/// target (the labels), in the order of the loss function's arguments.
struct Roles {
  int input = -1, target = -1;
};

Roles dataRoles(const ModelInfo &info, const DataSet &data) {
  int64_t perItem = data.perItem;
  Roles r;
  for (size_t i = 0; i < info.args.size(); ++i) {
    const TensorSpec &a = info.args[i];
    if (a.role == "input") {
      if (r.input >= 0)
        fail("the model has several inputs; the data loaders feed one");
      r.input = int(i);
    } else {
      if (r.target >= 0 || isFloat(a.dt))
        fail("the model's targets must be one integer label tensor, but "
             "argument '" + a.name + "' is " + a.typeText());
      r.target = int(i);
    }
  }
  if (r.input < 0 || r.target < 0)
    fail("the model needs one input and one label target");
  const TensorSpec &in = info.args[r.input];
  int64_t per = 1;
  for (size_t d = 1; d < in.dims.size(); ++d)
    per = in.dims[d] < 0 ? -1 : per * in.dims[d];
  if (in.dims.empty() || per != perItem)
    fail("the model's input " + in.typeText() + " does not fit " +
         data.source + ": examples of " + std::to_string(perItem) +
         " values");
  const TensorSpec &tgt = info.args[r.target];
  bool fits = data.labelsPerItem == 1
                  ? tgt.dims.size() == 1
                  : tgt.dims.size() == 2 && tgt.dims[1] == data.labelsPerItem;
  if (!fits)
    fail("the model's target " + tgt.typeText() + " does not fit " +
         data.source + ": " + std::to_string(data.labelsPerItem) +
         " label(s) per example");
  int64_t classes = info.outputs[0].dims.empty() ? 0 : info.outputs[0].dims.back();
  if (data.vocabulary > classes)
    fail(data.source + " has " + std::to_string(data.vocabulary) +
         " distinct characters but the model predicts " +
         std::to_string(classes) + " classes");
  return r;
}

/// Copies examples `idx[from, from + count)` into input/target buffers.
void fillBatch(const DataSet &d, const std::vector<int64_t> &idx, int64_t from,
               int64_t count, const TensorSpec &inSpec,
               const TensorSpec &tgtSpec, Buffer &x, Buffer &y) {
  std::vector<int64_t> shape = inSpec.dims;
  shape[0] = count;
  x.reset(inSpec.dt, shape);
  int64_t L = d.labelsPerItem;
  y.reset(tgtSpec.dt, L == 1 ? std::vector<int64_t>{count}
                             : std::vector<int64_t>{count, L});
  for (int64_t b = 0; b < count; ++b) {
    int64_t e = idx[from + b];
    for (int64_t p = 0; p < d.perItem; ++p)
      x.set(b * d.perItem + p, d.features[e * d.perItem + p]);
    for (int64_t j = 0; j < L; ++j)
      y.set(b * L + j, double(d.labels[e * L + j]));
  }
}

Buffer scalar(DT dt, double v) {
  Buffer b;
  b.reset(dt, {});
  b.set(0, v);
  return b;
}

struct Model {
  ModelInfo info;
  std::vector<Buffer> params;
};

/// T and η: the command line's, or the compiled defaults.
int64_t stepsFor(const Model &m, const Options &o) {
  return o.steps > 0 ? o.steps : m.info.steps;
}
double etaFor(const Model &m, const Options &o) {
  return o.eta > 0 ? o.eta : m.info.eta;
}

std::vector<Buffer> callTrain(Model &m, Buffer &x, Buffer &y, const Roles &r,
                              int64_t steps, double eta, bool backprop) {
  std::vector<Buffer *> args;
  for (Buffer &p : m.params)
    args.push_back(&p);
  std::vector<Buffer *> data(m.info.args.size());
  data[r.input] = &x;
  data[r.target] = &y;
  args.insert(args.end(), data.begin(), data.end());
  Buffer s = scalar(DT::I64, double(steps)), e = scalar(m.info.floatType, eta);
  std::vector<ResultSpec> results{{m.info.floatType, 0}};
  for (const TensorSpec &p : m.info.params)
    results.push_back({p.dt, int64_t(p.dims.size())});
  if (backprop)
    return callPacked(pcc_call_loss_grad, args, results);
  args.push_back(&s);
  args.push_back(&e);
  return callPacked(pcc_call_loss_train, args, results);
}

/// The model's predictions (its first output) for a batch of inputs.
Buffer callPredict(Model &m, Buffer &x) {
  std::vector<Buffer *> args;
  for (Buffer &p : m.params)
    args.push_back(&p);
  args.push_back(&x);
  // loss_predict returns every prediction the loss reads (a model with
  // several loss terms has several); the first is the model's output.
  std::vector<ResultSpec> specs;
  for (const TensorSpec &out : m.info.outputs)
    specs.push_back({out.dt, int64_t(out.dims.size())});
  return std::move(callPacked(pcc_call_loss_predict, args, specs)[0]);
}

/// Accuracy over every labelled position of a data set.
double evaluate(Model &m, const DataSet &d, const Roles &r) {
  const TensorSpec &inSpec = m.info.args[r.input];
  const TensorSpec &tgtSpec = m.info.args[r.target];
  std::vector<int64_t> idx(d.n);
  std::iota(idx.begin(), idx.end(), 0);
  int64_t correct = 0;
  const int64_t chunk = 500;
  Buffer x, y;
  for (int64_t from = 0; from < d.n; from += chunk) {
    int64_t count = std::min(chunk, d.n - from);
    fillBatch(d, idx, from, count, inSpec, tgtSpec, x, y);
    Buffer z = callPredict(m, x);
    int64_t classes = z.shape.back();
    int64_t positions = count * d.labelsPerItem;
    for (int64_t q = 0; q < positions; ++q) {
      int64_t best = 0;
      for (int64_t c = 1; c < classes; ++c)
        if (z.get(q * classes + c) > z.get(q * classes + best))
          best = c;
      correct += best == d.labels[from * d.labelsPerItem + q];
    }
  }
  int64_t total = d.n * d.labelsPerItem;
  return total ? 100.0 * double(correct) / double(total) : 0.0;
}

void initParams(Model &m, const Options &o) {
  std::vector<ResultSpec> specs;
  for (const TensorSpec &p : m.info.params)
    specs.push_back({p.dt, int64_t(p.dims.size())});
  m.params = callPacked(pcc_call_pcc_init, {}, specs);
  if (!o.load.empty())
    loadCheckpoint(o.load, m.info.params, m.params);
}

int train(Model &m, const Options &o) {
  DataSet trainSet = trainingData(o, m.info, o.limit);
  bool isTest;
  DataSet testSet = testData(o, m.info, o.testLimit, isTest);
  const char *accName = isTest ? "test accuracy" : "training-data accuracy";
  Roles r = dataRoles(m.info, trainSet);
  if (testSet.perItem != trainSet.perItem)
    fail(testSet.source + ": test examples have " +
         std::to_string(testSet.perItem) + " features but training examples " +
         std::to_string(trainSet.perItem));
  initParams(m, o);
  bool backprop = m.info.mode == "backprop";
  int64_t steps = stepsFor(m, o);
  double eta = etaFor(m, o);
  Optimizer opt(o.optimizer, o.lr, m.params);
  LogFile log(o.log);
  std::mt19937_64 rng(uint64_t(o.seed));
  std::vector<int64_t> idx(trainSet.n);
  std::iota(idx.begin(), idx.end(), 0);
  bool tty = isatty(fileno(stdout));
  std::printf("training %s (mode %s, T=%lld, eta=%g), optimizer %s lr %g, "
              "batch %lld, %lld examples\n",
              m.info.name.c_str(), m.info.mode.c_str(), (long long)steps, eta,
              o.optimizer.c_str(), o.lr, (long long)o.batch,
              (long long)trainSet.n);
  auto start = std::chrono::steady_clock::now();
  int64_t globalStep = 0;
  Buffer x, y;
  for (int64_t epoch = 1; epoch <= o.epochs; ++epoch) {
    std::shuffle(idx.begin(), idx.end(), rng);
    int64_t batches = (trainSet.n + o.batch - 1) / o.batch;
    double lossSum = 0;
    auto epochStart = std::chrono::steady_clock::now();
    Progress progress(tty, batches);
    for (int64_t bi = 0; bi < batches; ++bi) {
      int64_t from = bi * o.batch, count = std::min(o.batch, trainSet.n - from);
      fillBatch(trainSet, idx, from, count, m.info.args[r.input],
                m.info.args[r.target], x, y);
      std::vector<Buffer> res = callTrain(m, x, y, r, steps, eta, backprop);
      double loss = res[0].get(0);
      if (!std::isfinite(loss))
        fail("the loss is not finite at epoch " + std::to_string(epoch) +
             ", step " + std::to_string(bi + 1) +
             ": lower --lr or --eta");
      lossSum += loss;
      opt.step(m.params, std::vector<Buffer>(res.begin() + 1, res.end()));
      ++globalStep;
      log.record("step", epoch, globalStep, loss, NAN, NAN);
      progress.update(bi + 1, lossSum / double(bi + 1), count);
    }
    progress.finish();
    double acc = evaluate(m, testSet, r);
    double secs = seconds(epochStart);
    double meanLoss = lossSum / double(std::max<int64_t>(batches, 1));
    std::printf("epoch %lld: train loss %.4f, %s %.2f%% (%.1f s)\n",
                (long long)epoch, meanLoss, accName, acc, secs);
    std::fflush(stdout);
    log.record("epoch", epoch, globalStep, meanLoss, acc, secs);
  }
  std::printf("%s %.2f%% after %lld epoch(s), %.1f s\n", accName,
              evaluate(m, testSet, r), (long long)o.epochs, seconds(start));
  if (!o.save.empty())
    saveCheckpoint(o.save, m.info.params, m.params);
  return 0;
}

int eval(Model &m, const Options &o) {
  bool isTest;
  DataSet testSet = testData(o, m.info, o.testLimit, isTest);
  Roles r = dataRoles(m.info, testSet);
  initParams(m, o);
  std::printf("%s %.2f%% on %lld examples\n",
              isTest ? "test accuracy" : "training-data accuracy",
              evaluate(m, testSet, r), (long long)testSet.n);
  if (!o.save.empty())
    saveCheckpoint(o.save, m.info.params, m.params);
  return 0;
}

/// The first --batch-size training examples as one batch, with the
/// parameters initialised (or loaded); returns the number of examples.
int64_t firstBatch(Model &m, const Options &o, Roles &r, Buffer &x,
                   Buffer &y) {
  DataSet d = trainingData(o, m.info, o.batch);
  r = dataRoles(m.info, d);
  initParams(m, o);
  std::vector<int64_t> idx(d.n);
  std::iota(idx.begin(), idx.end(), 0);
  fillBatch(d, idx, 0, d.n, m.info.args[r.input], m.info.args[r.target], x, y);
  return d.n;
}

int grads(Model &m, const Options &o) {
  Roles r;
  Buffer x, y;
  int64_t n = firstBatch(m, o, r, x, y);
  std::vector<int64_t> stepsList = o.stepsList;
  if (stepsList.empty())
    stepsList.push_back(stepsFor(m, o));
  if (stepsList.size() > 1 && !o.out.empty())
    fail("--out writes one set of gradients: give a single --steps value");
  double eta = etaFor(m, o);
  bool backprop = m.info.mode == "backprop";
  std::vector<Buffer> bp = callTrain(m, x, y, r, stepsList.front(), eta, true);
  std::string csv =
      "steps,eta,parameter,rel_error,angle_deg,pc_norm,backprop_norm\n";
  for (int64_t steps : stepsList) {
    std::vector<Buffer> pc = callTrain(m, x, y, r, steps, eta, backprop);
    std::printf("gradients on one batch of %lld: %s (T=%lld, eta=%g) against "
                "backprop\n",
                (long long)n, m.info.mode.c_str(), (long long)steps, eta);
    std::printf("%-24s %14s %12s\n", "parameter", "rel. error",
                "angle (deg)");
    for (size_t p = 0; p < m.info.params.size(); ++p) {
      const Buffer &a = pc[p + 1], &b = bp[p + 1];
      double rel = relativeError(a, b), angle = angleDegrees(a, b);
      std::printf("%-24s %14.3e %12.6f\n", m.info.params[p].name.c_str(),
                  rel, angle);
      char line[512];
      std::snprintf(line, sizeof line, "%lld,%.17g,%s,%.17g,%.17g,%.17g,%.17g\n",
                    (long long)steps, eta, m.info.params[p].name.c_str(), rel,
                    angle, norm2(a), norm2(b));
      csv += line;
      if (!o.out.empty()) {
        writeNpy(o.out + "/" + m.info.params[p].name + ".pc.npy", a);
        writeNpy(o.out + "/" + m.info.params[p].name + ".backprop.npy", b);
      }
    }
  }
  if (!o.log.empty())
    writeFileAtomically(o.log, csv);
  return 0;
}

int predict(Model &m, const Options &o) {
  bool isTest;
  DataSet d = testData(o, m.info, o.count, isTest);
  Roles r = dataRoles(m.info, d);
  initParams(m, o);
  std::vector<int64_t> idx(d.n);
  std::iota(idx.begin(), idx.end(), 0);
  Buffer x, y;
  fillBatch(d, idx, 0, d.n, m.info.args[r.input], m.info.args[r.target], x, y);
  Buffer z = callPredict(m, x);
  int64_t classes = z.shape.back();
  int64_t L = d.labelsPerItem, correct = 0;
  for (int64_t q = 0; q < d.n * L; ++q) {
    int64_t best = 0;
    if (L == 1)
      std::printf("example %lld (label %lld):", (long long)q,
                  (long long)d.labels[q]);
    else
      std::printf("example %lld position %lld (label %lld):",
                  (long long)(q / L), (long long)(q % L),
                  (long long)d.labels[q]);
    for (int64_t c = 0; c < classes; ++c) {
      if (classes <= 16)
        std::printf(" %.4f", z.get(q * classes + c));
      if (z.get(q * classes + c) > z.get(q * classes + best))
        best = c;
    }
    correct += best == d.labels[q];
    std::printf("  -> class %lld\n", (long long)best);
  }
  std::printf("%lld of %lld predicted correctly\n", (long long)correct,
              (long long)(d.n * L));
  return 0;
}

/// Times the train step (the compiled mode's; backprop's for a backprop
/// executable) on one batch, without the optimizer: the generated code
/// only.
int bench(Model &m, const Options &o) {
  Roles r;
  Buffer x, y;
  int64_t n = firstBatch(m, o, r, x, y);
  int64_t steps = stepsFor(m, o);
  double eta = etaFor(m, o);
  bool backprop = m.info.mode == "backprop";
  for (int64_t i = 0; i < o.warmup; ++i)
    callTrain(m, x, y, r, steps, eta, backprop);
  std::vector<double> ms;
  for (int64_t i = 0; i < o.repeats; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    callTrain(m, x, y, r, steps, eta, backprop);
    ms.push_back(1000.0 * seconds(t0));
  }
  std::sort(ms.begin(), ms.end());
  auto q = [&](double f) { return ms[size_t(f * double(ms.size() - 1) + 0.5)]; };
  std::printf("bench %s: mode %s, T=%lld, eta=%g, batch %lld: median %.3f ms "
              "per step (quartiles %.3f, %.3f), %.0f examples/s\n",
              m.info.name.c_str(), m.info.mode.c_str(), (long long)steps, eta,
              (long long)n, q(0.5), q(0.25), q(0.75),
              double(n) / (q(0.5) / 1000.0));
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  // A train step allocates and frees the same large buffers every call.
  // glibc would serve each from fresh mmap'ed pages (a page fault and a
  // zero-fill per 4 KiB, every step: 3x the step time of the MLP's
  // backprop); keep them in the heap and keep the heap instead.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_TOP_PAD, 64 << 20);
  Options o = parseOptions(argc, argv);
  pcc_rt_bind_threads_by_default();
  Model m;
  m.info = parseModelInfo(pcc_model_info);
  if (o.command == "info") {
    std::printf("%s", pcc_model_info);
    return 0;
  }
  if (o.command == "train")
    return train(m, o);
  if (o.command == "eval")
    return eval(m, o);
  if (o.command == "predict")
    return predict(m, o);
  if (o.command == "bench")
    return bench(m, o);
  return grads(m, o);
}
