//===- Idx.h - IDX data files (MNIST, Fashion-MNIST) ------------*- C++ -*-===//
//
// Reads IDX files, raw or gzip-compressed (detected from the content, not the
// name). Every malformed input is reported as an error message naming the
// file and what is wrong; nothing aborts.
//
//===----------------------------------------------------------------------===//
#ifndef PCC_RT_IDX_H
#define PCC_RT_IDX_H

#include <cstdint>
#include <string>
#include <vector>

namespace pcc_rt {

struct IdxArray {
  std::vector<int64_t> shape;  ///< e.g. {10000, 28, 28}
  std::vector<uint8_t> data;   ///< row-major unsigned bytes
};

/// Loads an unsigned-byte IDX file (type code 0x08). Reads at most
/// `maxItems` items along the first dimension (all if negative). Returns
/// false and sets `error` ("FILE: what is wrong") on failure.
bool loadIdxUint8(const std::string &path, int64_t maxItems, IdxArray &out,
                  std::string &error);

} // namespace pcc_rt

#endif // PCC_RT_IDX_H
