//===- Idx.cpp - IDX reader (raw or gzip) ----------------------------------===//
#include "pcc_rt/Idx.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace pcc_rt {

namespace {

struct GzCloser {
  void operator()(gzFile f) const {
    if (f)
      gzclose(f);
  }
};

/// Reads exactly n bytes; gzread transparently handles uncompressed files.
bool readExact(gzFile f, void *dst, size_t n) {
  auto *p = static_cast<unsigned char *>(dst);
  while (n > 0) {
    unsigned chunk = n > (1u << 30) ? (1u << 30) : unsigned(n);
    int got = gzread(f, p, chunk);
    if (got <= 0)
      return false;
    p += got;
    n -= size_t(got);
  }
  return true;
}

} // namespace

bool loadIdxUint8(const std::string &path, int64_t maxItems, IdxArray &out,
                  std::string &error) {
  errno = 0;
  std::unique_ptr<gzFile_s, GzCloser> f(gzopen(path.c_str(), "rb"));
  if (!f) {
    error = path + ": cannot open: " +
            (errno ? std::strerror(errno) : "out of memory");
    return false;
  }
  unsigned char magic[4];
  if (!readExact(f.get(), magic, 4)) {
    error = path + ": truncated: the 4-byte IDX header is missing";
    return false;
  }
  if (magic[0] != 0 || magic[1] != 0 || magic[2] != 0x08 || magic[3] == 0 ||
      magic[3] > 4) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "0x%02x%02x%02x%02x", magic[0], magic[1],
                  magic[2], magic[3]);
    error = path + ": bad magic " + buf +
            ", expected 0x000008NN (IDX, unsigned bytes, 1 to 4 dimensions)";
    return false;
  }
  int rank = magic[3];
  out.shape.assign(rank, 0);
  int64_t total = 1;
  for (int d = 0; d < rank; ++d) {
    unsigned char b[4];
    if (!readExact(f.get(), b, 4)) {
      error = path + ": truncated: header ends before dimension " +
              std::to_string(d);
      return false;
    }
    out.shape[d] = (int64_t(b[0]) << 24) | (int64_t(b[1]) << 16) |
                   (int64_t(b[2]) << 8) | int64_t(b[3]);
    if (d > 0)
      total *= out.shape[d];
  }
  int64_t items = out.shape[0];
  if (maxItems >= 0 && maxItems < items)
    items = maxItems;
  int64_t bytes = items * total;
  if (total > (int64_t(1) << 34) || bytes > (int64_t(1) << 34)) {
    error = path + ": dimensions too large for an IDX data set";
    return false;
  }
  out.shape[0] = items;
  out.data.resize(size_t(bytes));
  if (bytes > 0 && !readExact(f.get(), out.data.data(), size_t(bytes))) {
    error = path + ": truncated: expected " + std::to_string(bytes) +
            " bytes of data after the header";
    return false;
  }
  return true;
}

} // namespace pcc_rt
