//===- Data.cpp - data sets for the training executable --------------------===//
#include "Data.h"
#include "TrainSupport.h"

#include "pcc_rt/Idx.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace pcc_rt::train {

namespace {

bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool isDirectory(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail(path + ": cannot open: " + std::strerror(errno));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

DataSet loadIdx(const std::string &dir, const std::string &split,
                int64_t limit, double scale) {
  auto pick = [](const std::string &p) {
    return access((p + ".gz").c_str(), R_OK) == 0 ? p + ".gz" : p;
  };
  std::string imagesPath = pick(dir + "/" + split + "-images-idx3-ubyte");
  std::string labelsPath = pick(dir + "/" + split + "-labels-idx1-ubyte");
  pcc_rt::IdxArray images, labels;
  std::string error;
  if (!pcc_rt::loadIdxUint8(imagesPath, limit, images, error) ||
      !pcc_rt::loadIdxUint8(labelsPath, limit, labels, error))
    fail(error);
  if (images.shape.size() < 2)
    fail(imagesPath + ": expected images [N, ...] but got rank " +
         std::to_string(images.shape.size()));
  if (labels.shape.size() != 1)
    fail(labelsPath + ": expected labels [N] but got rank " +
         std::to_string(labels.shape.size()));
  if (images.shape[0] != labels.shape[0])
    fail(imagesPath + " has " + std::to_string(images.shape[0]) +
         " images but " + labelsPath + " has " +
         std::to_string(labels.shape[0]) + " labels");
  DataSet d;
  d.source = imagesPath;
  d.n = images.shape[0];
  d.perItem = d.n ? int64_t(images.data.size()) / d.n : 0;
  double s = scale > 0 ? scale : 1.0 / 255.0;
  d.features.resize(images.data.size());
  for (size_t i = 0; i < images.data.size(); ++i)
    d.features[i] = images.data[i] * s;
  d.labels.assign(labels.data.begin(), labels.data.end());
  return d;
}

/// A parsed .npy array, values converted to double.
struct Npy {
  std::vector<int64_t> shape;
  std::vector<double> values;
  bool bytes = false; // uint8 data
  bool integer = false;
};

Npy loadNpy(const std::string &path, int64_t limit) {
  std::string data = readFile(path);
  if (data.size() < 10 || data.compare(0, 6, "\x93NUMPY") != 0)
    fail(path + ": not a NumPy .npy file (bad magic)");
  int major = (unsigned char)data[6];
  size_t headerLen, start;
  if (major == 1) {
    headerLen = (unsigned char)data[8] | ((unsigned char)data[9] << 8);
    start = 10;
  } else if (major == 2 || major == 3) {
    if (data.size() < 12)
      fail(path + ": truncated .npy header");
    headerLen = 0;
    for (int i = 0; i < 4; ++i)
      headerLen |= size_t((unsigned char)data[8 + i]) << (8 * i);
    start = 12;
  } else {
    fail(path + ": unsupported .npy version " + std::to_string(major));
  }
  if (start + headerLen > data.size())
    fail(path + ": truncated .npy header");
  std::string header = data.substr(start, headerLen);
  auto field = [&](const std::string &key) -> std::string {
    size_t k = header.find("'" + key + "'");
    if (k == std::string::npos)
      fail(path + ": .npy header has no '" + key + "'");
    size_t colon = header.find(':', k);
    return header.substr(colon + 1);
  };
  std::string descr = field("descr");
  size_t q1 = descr.find('\''), q2 = descr.find('\'', q1 + 1);
  if (q1 == std::string::npos || q2 == std::string::npos)
    fail(path + ": malformed .npy header");
  descr = descr.substr(q1 + 1, q2 - q1 - 1);
  std::string fortran = field("fortran_order");
  if (fortran.find("True") < fortran.find(','))
    fail(path + ": Fortran-ordered arrays are not supported (save with "
                "np.ascontiguousarray)");
  std::string shapeText = field("shape");
  size_t open = shapeText.find('('), close = shapeText.find(')');
  if (open == std::string::npos || close == std::string::npos)
    fail(path + ": malformed shape in the .npy header");
  Npy a;
  std::stringstream ss(shapeText.substr(open + 1, close - open - 1));
  std::string item;
  while (std::getline(ss, item, ','))
    if (item.find_first_not_of(" ") != std::string::npos)
      a.shape.push_back(std::stoll(item));
  size_t elem;
  if (descr == "<f4" || descr == "<i4")
    elem = 4;
  else if (descr == "<f8" || descr == "<i8")
    elem = 8;
  else if (descr == "|u1" || descr == "<u1")
    elem = 1;
  else
    fail(path + ": unsupported element type '" + descr +
         "' (expected <f4, <f8, |u1, <i4 or <i8)");
  a.bytes = elem == 1;
  a.integer = descr[1] == 'i' || descr[1] == 'u';
  if (a.shape.empty())
    fail(path + ": expected an array with a leading example dimension, got "
                "a scalar");
  if (limit >= 0 && a.shape[0] > limit)
    a.shape[0] = limit;
  int64_t count = 1;
  for (int64_t d : a.shape)
    count *= d;
  size_t bodyStart = start + headerLen;
  if (bodyStart + size_t(count) * elem > data.size())
    fail(path + ": truncated: expected " + std::to_string(count * elem) +
         " bytes of data after the header, found " +
         std::to_string(data.size() - bodyStart));
  a.values.resize(count);
  const char *p = data.data() + bodyStart;
  for (int64_t i = 0; i < count; ++i, p += elem) {
    if (descr == "<f4") {
      float f;
      std::memcpy(&f, p, 4);
      a.values[i] = f;
    } else if (descr == "<f8") {
      std::memcpy(&a.values[i], p, 8);
    } else if (descr == "<i4") {
      int32_t v;
      std::memcpy(&v, p, 4);
      a.values[i] = v;
    } else if (descr == "<i8") {
      int64_t v;
      std::memcpy(&v, p, 8);
      a.values[i] = double(v);
    } else {
      a.values[i] = (unsigned char)*p;
    }
  }
  return a;
}

int64_t asLabel(double v, const std::string &where) {
  if (!(v >= 0) || v != std::floor(v) || v > 1e9)
    fail(where + ": label " + fmt(v) + " is not a non-negative integer");
  return int64_t(v);
}

DataSet loadNpyPair(const std::string &path, const std::string &labelsPath,
                    int64_t limit, double scale) {
  if (labelsPath.empty())
    fail(path + ": a .npy data set needs its labels: pass --labels "
                "(or --test-labels) FILE.npy");
  Npy x = loadNpy(path, limit), y = loadNpy(labelsPath, limit);
  if (y.shape.size() != 1 || !y.integer)
    fail(labelsPath + ": expected integer labels of shape [N]");
  if (x.shape[0] != y.shape[0])
    fail(path + " has " + std::to_string(x.shape[0]) + " examples but " +
         labelsPath + " has " + std::to_string(y.shape[0]) + " labels");
  DataSet d;
  d.source = path;
  d.n = x.shape[0];
  d.perItem = d.n ? int64_t(x.values.size()) / d.n : 0;
  double s = scale > 0 ? scale : x.bytes ? 1.0 / 255.0 : 1.0;
  d.features.resize(x.values.size());
  for (size_t i = 0; i < x.values.size(); ++i)
    d.features[i] = x.values[i] * s;
  for (int64_t i = 0; i < d.n; ++i)
    d.labels.push_back(asLabel(y.values[i], labelsPath));
  return d;
}

bool parseNumber(const std::string &text, double &v) {
  const char *b = text.c_str();
  while (*b == ' ' || *b == '\t')
    ++b;
  char *end = nullptr;
  errno = 0;
  v = std::strtod(b, &end);
  if (end == b || errno)
    return false;
  while (*end == ' ' || *end == '\t' || *end == '\r')
    ++end;
  return *end == '\0' && std::isfinite(v);
}

DataSet loadCsv(const std::string &path, int64_t limit, double scale) {
  std::ifstream in(path);
  if (!in)
    fail(path + ": cannot open: " + std::strerror(errno));
  DataSet d;
  d.source = path;
  double s = scale > 0 ? scale : 1.0;
  std::string line;
  int64_t lineNo = 0, columns = -1;
  while (std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos)
      continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ','))
      cells.push_back(cell);
    if (!line.empty() && line.back() == ',')
      cells.push_back("");
    std::vector<double> values(cells.size());
    bool numeric = true;
    size_t bad = 0;
    for (size_t i = 0; i < cells.size() && numeric; ++i)
      if (!parseNumber(cells[i], values[i]))
        numeric = false, bad = i;
    if (!numeric) {
      if (d.n == 0 && columns < 0) {
        columns = int64_t(cells.size()); // a header line
        continue;
      }
      fail(path + ":" + std::to_string(lineNo) + ": column " +
           std::to_string(bad + 1) + ": '" + cells[bad] +
           "' is not a number");
    }
    if (columns >= 0 && int64_t(cells.size()) != columns)
      fail(path + ":" + std::to_string(lineNo) + ": expected " +
           std::to_string(columns) + " columns but got " +
           std::to_string(cells.size()));
    columns = int64_t(cells.size());
    if (columns < 2)
      fail(path + ":" + std::to_string(lineNo) +
           ": expected a label and at least one feature");
    d.labels.push_back(
        asLabel(values[0], path + ":" + std::to_string(lineNo)));
    for (size_t i = 1; i < values.size(); ++i)
      d.features.push_back(values[i] * s);
    ++d.n;
    if (limit >= 0 && d.n >= limit)
      break;
  }
  if (d.n == 0)
    fail(path + ": no examples");
  d.perItem = columns - 1;
  return d;
}

} // namespace

DataSet loadTextDataSet(const std::string &path, int64_t window, bool test,
                        int64_t limit) {
  std::string text = readFile(path);
  int64_t windows = window > 0 ? (int64_t(text.size()) - 1) / window : 0;
  if (windows < 2)
    fail(path + ": " + std::to_string(text.size()) +
         " characters are too few for two sequences of " +
         std::to_string(window) + " characters and their next characters");
  int id[256];
  std::fill(id, id + 256, -1);
  for (unsigned char c : text)
    id[c] = 0;
  int next = 0;
  for (int c = 0; c < 256; ++c)
    if (id[c] == 0)
      id[c] = next++;
  int64_t testCount = std::max<int64_t>(1, windows / 10);
  int64_t from = test ? windows - testCount : 0;
  int64_t to = test ? windows : windows - testCount;
  if (limit >= 0)
    to = std::min(to, from + limit);
  DataSet d;
  d.source = path;
  d.vocabulary = next;
  d.perItem = d.labelsPerItem = window;
  for (int64_t w = from; w < to; ++w) {
    for (int64_t j = 0; j < window; ++j) {
      d.features.push_back(id[(unsigned char)text[w * window + j]]);
      d.labels.push_back(id[(unsigned char)text[w * window + j + 1]]);
    }
    ++d.n;
  }
  return d;
}

DataSet loadDataSet(const std::string &path, const std::string &labels,
                    const std::string &split, int64_t limit, double scale) {
  if (isDirectory(path))
    return loadIdx(path, split, limit, scale);
  if (endsWith(path, ".csv"))
    return loadCsv(path, limit, scale);
  if (endsWith(path, ".npy"))
    return loadNpyPair(path, labels, limit, scale);
  if (access(path.c_str(), F_OK) != 0)
    fail(path + ": no such file or directory");
  fail(path + ": unknown data format (expected an IDX directory, a .csv or "
              "a .npy file)");
}

} // namespace pcc_rt::train
