//===- TrainSupport.cpp - pieces of the training executable ---------------===//
#include "TrainSupport.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <sstream>

namespace pcc_rt::train {

void fail(const std::string &msg) {
  std::fflush(stdout);
  std::fprintf(stderr, "error: %s\n", msg.c_str());
  std::exit(1);
}

void usageError(const char *usage, const char *argv0, const std::string &msg) {
  std::fprintf(stderr, "error: %s\n", msg.c_str());
  std::fprintf(stderr, usage, argv0);
  std::exit(2);
}

int64_t parseInt(const std::string &flag, const char *text, int64_t lo,
                 int64_t hi) {
  char *end = nullptr;
  errno = 0;
  long long v = std::strtoll(text, &end, 10);
  if (errno || !end || *end || end == text || v < lo || v > hi)
    fail("invalid value '" + std::string(text) + "' for " + flag +
         ": expected an integer from " + std::to_string(lo) + " to " +
         std::to_string(hi));
  return v;
}

double parsePositive(const std::string &flag, const char *text) {
  char *end = nullptr;
  errno = 0;
  double v = std::strtod(text, &end);
  if (errno || !end || *end || end == text || !std::isfinite(v) || !(v > 0))
    fail("invalid value '" + std::string(text) + "' for " + flag +
         ": expected a finite number > 0");
  return v;
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       since)
      .count();
}

size_t bytesOf(DT dt) { return dt == DT::F32 || dt == DT::I32 ? 4 : 8; }
bool isFloat(DT dt) { return dt == DT::F32 || dt == DT::F64; }
const char *dtName(DT dt) {
  switch (dt) {
  case DT::F32:
    return "f32";
  case DT::F64:
    return "f64";
  case DT::I32:
    return "i32";
  case DT::I64:
    return "i64";
  }
  return "?";
}

static DT parseDT(const std::string &s) {
  if (s == "f32")
    return DT::F32;
  if (s == "f64")
    return DT::F64;
  if (s == "i32")
    return DT::I32;
  if (s == "i64")
    return DT::I64;
  fail("corrupt model description: unknown element type '" + s + "'");
}

std::string TensorSpec::typeText() const {
  std::string s = "tensor<";
  for (int64_t d : dims)
    s += (d < 0 ? std::string("?") : std::to_string(d)) + "x";
  return s + dtName(dt) + ">";
}

ModelInfo parseModelInfo(const char *text) {
  ModelInfo info;
  std::istringstream in(text);
  std::string line;
  auto readTensor = [&](std::istringstream &ls, TensorSpec &t) {
    std::string dt;
    int64_t rank = 0;
    ls >> dt >> rank;
    t.dt = parseDT(dt);
    t.dims.resize(rank);
    for (int64_t &d : t.dims)
      ls >> d;
    if (!ls)
      fail("corrupt model description line: " + line);
  };
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string key;
    ls >> key;
    if (key == "name") {
      ls >> info.name;
    } else if (key == "mode") {
      ls >> info.mode;
    } else if (key == "steps") {
      ls >> info.steps;
    } else if (key == "eta") {
      ls >> info.eta;
    } else if (key == "dtype") {
      std::string dt;
      ls >> dt;
      info.floatType = parseDT(dt);
    } else if (key == "param") {
      TensorSpec t;
      t.role = "param";
      ls >> t.name;
      readTensor(ls, t);
      info.params.push_back(t);
    } else if (key == "arg") {
      TensorSpec t;
      ls >> t.name >> t.role;
      readTensor(ls, t);
      info.args.push_back(t);
    } else if (key == "output") {
      TensorSpec t;
      t.role = "output";
      readTensor(ls, t);
      info.outputs.push_back(t);
    }
  }
  if (info.outputs.empty())
    fail("corrupt model description: no prediction output");
  return info;
}

//===----------------------------------------------------------------------===//
// Buffers and calls
//===----------------------------------------------------------------------===//

void Buffer::reset(DT type, std::vector<int64_t> dims) {
  dt = type;
  shape = std::move(dims);
  bytes.assign(size_t(numel()) * bytesOf(dt), 0);
}

int64_t Buffer::numel() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

double Buffer::get(int64_t i) const {
  const unsigned char *p = bytes.data() + size_t(i) * bytesOf(dt);
  switch (dt) {
  case DT::F32: {
    float f;
    std::memcpy(&f, p, 4);
    return f;
  }
  case DT::F64: {
    double d;
    std::memcpy(&d, p, 8);
    return d;
  }
  case DT::I32: {
    int32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }
  case DT::I64: {
    int64_t v;
    std::memcpy(&v, p, 8);
    return double(v);
  }
  }
  return 0;
}

void Buffer::set(int64_t i, double v) {
  unsigned char *p = bytes.data() + size_t(i) * bytesOf(dt);
  switch (dt) {
  case DT::F32: {
    float f = float(v);
    std::memcpy(p, &f, 4);
    break;
  }
  case DT::F64:
    std::memcpy(p, &v, 8);
    break;
  case DT::I32: {
    int32_t x = int32_t(v);
    std::memcpy(p, &x, 4);
    break;
  }
  case DT::I64: {
    int64_t x = int64_t(v);
    std::memcpy(p, &x, 8);
    break;
  }
  }
}

std::vector<Buffer> callPacked(void (*fn)(void **),
                               const std::vector<Buffer *> &args,
                               const std::vector<ResultSpec> &results) {
  // Descriptors: {allocated, aligned, offset, sizes[rank], strides[rank]}.
  std::vector<std::vector<int64_t>> descs;
  descs.reserve(args.size());
  for (Buffer *b : args) {
    int64_t rank = int64_t(b->shape.size());
    std::vector<int64_t> d(3 + 2 * rank);
    void *p = b->bytes.data();
    std::memcpy(&d[0], &p, sizeof p);
    std::memcpy(&d[1], &p, sizeof p);
    int64_t stride = 1;
    for (int64_t i = rank - 1; i >= 0; --i) {
      d[3 + i] = b->shape[i];
      d[3 + rank + i] = stride;
      stride *= b->shape[i];
    }
    descs.push_back(std::move(d));
  }
  size_t words = 0;
  for (const ResultSpec &r : results)
    words += 3 + 2 * size_t(r.rank);
  std::vector<int64_t> out(std::max<size_t>(words, 1));
  std::vector<void *> ptrs;
  if (!results.empty())
    ptrs.push_back(out.data());
  for (auto &d : descs)
    ptrs.push_back(d.data());
  fn(ptrs.data());

  std::vector<Buffer> res;
  std::set<void *> toFree;
  size_t pos = 0;
  for (const ResultSpec &r : results) {
    char *allocated, *aligned;
    std::memcpy(&allocated, &out[pos], sizeof allocated);
    std::memcpy(&aligned, &out[pos + 1], sizeof aligned);
    int64_t offset = out[pos + 2];
    std::vector<int64_t> sizes(out.begin() + pos + 3,
                               out.begin() + pos + 3 + r.rank);
    std::vector<int64_t> strides(out.begin() + pos + 3 + r.rank,
                                 out.begin() + pos + 3 + 2 * r.rank);
    pos += 3 + 2 * size_t(r.rank);
    Buffer b;
    b.reset(r.dt, sizes);
    size_t eb = bytesOf(r.dt);
    const int64_t n = b.numel();
    // Results are almost always dense row-major: one copy.
    bool dense = true;
    for (int64_t d = r.rank - 1, expect = 1; d >= 0; --d) {
      if (sizes[d] != 1 && strides[d] != expect)
        dense = false;
      expect *= sizes[d];
    }
    if (dense) {
      if (n > 0)
        std::memcpy(b.bytes.data(), aligned + offset * eb, size_t(n) * eb);
      toFree.insert(allocated);
      res.push_back(std::move(b));
      continue;
    }
    for (int64_t i = 0; i < n; ++i) {
      int64_t rem = i, off = offset;
      for (int64_t d = r.rank - 1; d >= 0; --d) {
        off += (rem % sizes[d]) * strides[d];
        rem /= sizes[d];
      }
      std::memcpy(b.bytes.data() + size_t(i) * eb, aligned + off * eb, eb);
    }
    toFree.insert(allocated);
    res.push_back(std::move(b));
  }
  for (void *p : toFree)
    std::free(p);
  return res;
}

//===----------------------------------------------------------------------===//
// Optimizers
//===----------------------------------------------------------------------===//

Optimizer::Optimizer(std::string k, double rate,
                     const std::vector<Buffer> &params)
    : kind(std::move(k)), lr(rate) {
  for (const Buffer &p : params) {
    m.emplace_back(size_t(p.numel()), 0.0);
    v.emplace_back(kind == "adam" || kind == "adamw" ? size_t(p.numel()) : 0,
                   0.0);
  }
}

namespace {
/// One optimizer update of a parameter tensor stored as T.
template <typename T>
void update(const std::string &kind, double lr, double c1, double c2, T *th,
            const T *g, int64_t n, double *m, double *v) {
  const double b1 = 0.9, b2 = 0.999, eps = 1e-8, mu = 0.9, wd = 0.01;
  if (kind == "sgd") {
    for (int64_t i = 0; i < n; ++i)
      th[i] = T(th[i] - lr * g[i]);
  } else if (kind == "momentum") {
    for (int64_t i = 0; i < n; ++i) {
      m[i] = mu * m[i] + g[i];
      th[i] = T(th[i] - lr * m[i]);
    }
  } else {
    bool decay = kind == "adamw";
    for (int64_t i = 0; i < n; ++i) {
      double gi = g[i];
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      double upd = (m[i] / c1) / (std::sqrt(v[i] / c2) + eps);
      if (decay)
        upd += wd * th[i];
      th[i] = T(th[i] - lr * upd);
    }
  }
}
} // namespace

void Optimizer::step(std::vector<Buffer> &params,
                     const std::vector<Buffer> &grads) {
  ++t;
  const double c1 = 1 - std::pow(0.9, double(t)),
               c2 = 1 - std::pow(0.999, double(t));
  for (size_t k = 0; k < params.size(); ++k) {
    Buffer &p = params[k];
    const Buffer &g = grads[k];
    if (g.numel() != p.numel() || g.dt != p.dt || !isFloat(p.dt))
      fail("internal error: gradient of parameter " + std::to_string(k) +
           " does not match the parameter");
    double *vk = v[k].empty() ? nullptr : v[k].data();
    if (p.dt == DT::F32)
      update(kind, lr, c1, c2, reinterpret_cast<float *>(p.bytes.data()),
             reinterpret_cast<const float *>(g.bytes.data()), p.numel(),
             m[k].data(), vk);
    else
      update(kind, lr, c1, c2, reinterpret_cast<double *>(p.bytes.data()),
             reinterpret_cast<const double *>(g.bytes.data()), p.numel(),
             m[k].data(), vk);
  }
}

double norm2(const Buffer &a) {
  double n = 0;
  for (int64_t i = 0; i < a.numel(); ++i)
    n += a.get(i) * a.get(i);
  return std::sqrt(n);
}

double relativeError(const Buffer &a, const Buffer &b) {
  double d = 0, nb = 0;
  for (int64_t i = 0; i < a.numel() && i < b.numel(); ++i) {
    d += (a.get(i) - b.get(i)) * (a.get(i) - b.get(i));
    nb += b.get(i) * b.get(i);
  }
  return nb > 0 ? std::sqrt(d / nb) : std::sqrt(d);
}

double angleDegrees(const Buffer &a, const Buffer &b) {
  double dot = 0, na = 0, nb = 0;
  for (int64_t i = 0; i < a.numel() && i < b.numel(); ++i) {
    dot += a.get(i) * b.get(i);
    na += a.get(i) * a.get(i);
    nb += b.get(i) * b.get(i);
  }
  if (na == 0 && nb == 0)
    return 0;
  if (na == 0 || nb == 0)
    return 90;
  double c = std::max(-1.0, std::min(1.0, dot / std::sqrt(na * nb)));
  return std::acos(c) * 180.0 / M_PI;
}

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

void writeFileAtomically(const std::string &path, const std::string &bytes) {
  std::string tmp = path + ".tmp-" + std::to_string(getpid());
  std::FILE *f = std::fopen(tmp.c_str(), "wb");
  if (!f)
    fail("cannot write '" + path + "': " + std::strerror(errno));
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = (std::fflush(f) == 0) && ok;
  ok = (fsync(fileno(f)) == 0) && ok;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    fail("cannot write '" + path + "': " + why);
  }
}

void writeNpy(const std::string &path, const Buffer &b) {
  std::string shape = "(";
  for (int64_t d : b.shape)
    shape += std::to_string(d) + ", ";
  if (b.shape.size() > 1)
    shape.resize(shape.size() - 2);
  else if (b.shape.size() == 1)
    shape.resize(shape.size() - 1);
  shape += ")";
  const char *descr = b.dt == DT::F32   ? "<f4"
                      : b.dt == DT::F64 ? "<f8"
                      : b.dt == DT::I32 ? "<i4"
                                        : "<i8";
  std::string header = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Magic (6) + version (2) + length (2) + header, padded to 64 with '\n'.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += char(1);
  out += char(0);
  out += char(header.size() & 0xff);
  out += char((header.size() >> 8) & 0xff);
  out += header;
  out.append(reinterpret_cast<const char *>(b.bytes.data()), b.bytes.size());
  writeFileAtomically(path, out);
}

static const char *safetensorsType(DT dt) {
  switch (dt) {
  case DT::F32:
    return "F32";
  case DT::F64:
    return "F64";
  case DT::I32:
    return "I32";
  case DT::I64:
    return "I64";
  }
  return "?";
}

void saveCheckpoint(const std::string &path,
                    const std::vector<TensorSpec> &specs,
                    const std::vector<Buffer> &params) {
  std::string header = "{";
  size_t offset = 0;
  for (size_t k = 0; k < specs.size(); ++k) {
    std::string shape;
    for (int64_t d : params[k].shape)
      shape += (shape.empty() ? "" : ",") + std::to_string(d);
    size_t n = params[k].bytes.size();
    header += (k ? "," : "") + std::string("\"") + specs[k].name +
              "\":{\"dtype\":\"" + safetensorsType(params[k].dt) +
              "\",\"shape\":[" + shape + "],\"data_offsets\":[" +
              std::to_string(offset) + "," + std::to_string(offset + n) + "]}";
    offset += n;
  }
  header += "}";
  header.append((8 - header.size() % 8) % 8, ' ');
  std::string out(8, '\0');
  uint64_t len = header.size();
  for (int i = 0; i < 8; ++i)
    out[i] = char((len >> (8 * i)) & 0xff);
  out += header;
  for (const Buffer &b : params)
    out.append(reinterpret_cast<const char *>(b.bytes.data()), b.bytes.size());
  writeFileAtomically(path, out);
}

namespace {
/// The few JSON forms a safetensors header uses: objects, arrays, strings
/// and non-negative integers.
struct Json {
  const std::string &s;
  size_t i = 0;
  std::string path;

  [[noreturn]] void bad(const std::string &what) {
    fail(path + ": malformed safetensors header: " + what);
  }
  void ws() {
    while (i < s.size() && std::isspace((unsigned char)s[i]))
      ++i;
  }
  bool peek(char c) {
    ws();
    return i < s.size() && s[i] == c;
  }
  void expect(char c) {
    ws();
    if (i >= s.size() || s[i] != c)
      bad(std::string("expected '") + c + "'");
    ++i;
  }
  std::string str() {
    expect('"');
    std::string r;
    while (i < s.size() && s[i] != '"')
      r += s[i++];
    if (i >= s.size())
      bad("unterminated string");
    ++i;
    return r;
  }
  uint64_t num() {
    ws();
    if (i >= s.size() || !std::isdigit((unsigned char)s[i]))
      bad("expected a number");
    uint64_t v = 0;
    while (i < s.size() && std::isdigit((unsigned char)s[i]))
      v = v * 10 + uint64_t(s[i++] - '0');
    return v;
  }
  std::vector<uint64_t> nums() {
    std::vector<uint64_t> r;
    expect('[');
    if (peek(']')) {
      ++i;
      return r;
    }
    do {
      r.push_back(num());
      ws();
    } while (i < s.size() && s[i] == ',' && ++i);
    expect(']');
    return r;
  }
  /// Skips any value (for entries such as __metadata__).
  void skip() {
    ws();
    if (peek('"')) {
      str();
    } else if (peek('{') || peek('[')) {
      char open = s[i], close = open == '{' ? '}' : ']';
      int depth = 0;
      for (; i < s.size(); ++i) {
        if (s[i] == open)
          ++depth;
        else if (s[i] == close && --depth == 0) {
          ++i;
          return;
        }
      }
      bad("unbalanced brackets");
    } else {
      while (i < s.size() && s[i] != ',' && s[i] != '}')
        ++i;
    }
  }
};

struct Entry {
  std::string dtype;
  std::vector<uint64_t> shape, offsets;
};
} // namespace

void loadCheckpoint(const std::string &path,
                    const std::vector<TensorSpec> &specs,
                    std::vector<Buffer> &params) {
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    fail("cannot read '" + path + "': " + std::strerror(errno));
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    data.append(buf, n);
  std::fclose(f);
  if (data.size() < 8)
    fail(path + ": not a safetensors file (shorter than its 8-byte header "
                "length)");
  uint64_t len = 0;
  for (int i = 0; i < 8; ++i)
    len |= uint64_t((unsigned char)data[i]) << (8 * i);
  if (len > data.size() - 8)
    fail(path + ": truncated safetensors file (header of " +
         std::to_string(len) + " bytes, file of " +
         std::to_string(data.size()) + ")");
  std::string header = data.substr(8, len);
  Json js{header, 0, path};
  std::map<std::string, Entry> entries;
  js.expect('{');
  while (!js.peek('}')) {
    std::string name = js.str();
    js.expect(':');
    if (name == "__metadata__") {
      js.skip();
    } else {
      Entry e;
      js.expect('{');
      while (!js.peek('}')) {
        std::string key = js.str();
        js.expect(':');
        if (key == "dtype")
          e.dtype = js.str();
        else if (key == "shape")
          e.shape = js.nums();
        else if (key == "data_offsets")
          e.offsets = js.nums();
        else
          js.skip();
        if (js.peek(','))
          ++js.i;
      }
      js.expect('}');
      entries[name] = e;
    }
    if (js.peek(','))
      ++js.i;
  }
  size_t base = 8 + len;
  for (size_t k = 0; k < specs.size(); ++k) {
    auto it = entries.find(specs[k].name);
    if (it == entries.end())
      fail(path + ": no tensor '" + specs[k].name + "' (the model's " +
           specs[k].typeText() + ")");
    const Entry &e = it->second;
    Buffer &p = params[k];
    std::vector<uint64_t> want(p.shape.begin(), p.shape.end());
    if (e.dtype != safetensorsType(p.dt) || e.shape != want) {
      std::string got = e.dtype + "[";
      for (uint64_t d : e.shape)
        got += std::to_string(d) + ",";
      fail(path + ": tensor '" + specs[k].name + "' is " + got +
           "] but the model needs " + specs[k].typeText());
    }
    if (e.offsets.size() != 2 || e.offsets[1] < e.offsets[0] ||
        e.offsets[1] - e.offsets[0] != p.bytes.size() ||
        base + e.offsets[1] > data.size())
      fail(path + ": tensor '" + specs[k].name +
           "' has bad data offsets or the file is truncated");
    std::memcpy(p.bytes.data(), data.data() + base + e.offsets[0],
                p.bytes.size());
  }
}

LogFile::LogFile(const std::string &path) {
  if (path.empty())
    return;
  file = std::fopen(path.c_str(), "w");
  if (!file)
    fail("cannot write '" + path + "': " + std::strerror(errno));
  json = path.size() >= 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0;
  if (!json)
    std::fprintf(file, "kind,epoch,step,loss,accuracy,seconds\n");
}

LogFile::~LogFile() {
  if (file)
    std::fclose(file);
}

void LogFile::record(const char *kind, int64_t epoch, int64_t step,
                     double loss, double accuracy, double secs) {
  if (!file)
    return;
  auto value = [](double v) { return std::isnan(v) ? std::string() : fmt(v); };
  if (json) {
    std::string line = std::string("{\"kind\": \"") + kind +
                       "\", \"epoch\": " + std::to_string(epoch) +
                       ", \"step\": " + std::to_string(step) +
                       ", \"loss\": " + fmt(loss);
    if (!std::isnan(accuracy))
      line += ", \"accuracy\": " + fmt(accuracy);
    if (!std::isnan(secs))
      line += ", \"seconds\": " + fmt(secs);
    std::fprintf(file, "%s}\n", line.c_str());
  } else {
    std::fprintf(file, "%s,%lld,%lld,%s,%s,%s\n", kind, (long long)epoch,
                 (long long)step, fmt(loss).c_str(), value(accuracy).c_str(),
                 value(secs).c_str());
  }
  std::fflush(file);
}

Progress::Progress(bool t, int64_t n)
    : tty(t), total(n), start(std::chrono::steady_clock::now()) {}

void Progress::update(int64_t done, double meanLoss, int64_t batchExamples) {
  examples += batchExamples;
  double secs = seconds(start);
  double rate = secs > 0 ? double(examples) / secs : 0;
  double eta = done > 0 ? secs * double(total - done) / double(done) : 0;
  if (tty) {
    const int width = 30;
    int filled = int(width * done / std::max<int64_t>(total, 1));
    std::printf("\r[%s%s] %3d%% %lld/%lld loss %.4f %.0f ex/s ETA %.0fs ",
                std::string(filled, '=').c_str(),
                std::string(width - filled, ' ').c_str(),
                int(100 * done / std::max<int64_t>(total, 1)),
                (long long)done, (long long)total, meanLoss, rate, eta);
    std::fflush(stdout);
    return;
  }
  int64_t tenth = 10 * done / std::max<int64_t>(total, 1);
  if (tenth > lastTenth) {
    lastTenth = tenth;
    std::printf("  step %lld/%lld: loss %.4f, %.0f examples/s, ETA %.0f s\n",
                (long long)done, (long long)total, meanLoss, rate, eta);
    std::fflush(stdout);
  }
}

void Progress::finish() {
  if (tty)
    std::printf("\n");
}

} // namespace pcc_rt::train
