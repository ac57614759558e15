//===- ForwardMain.cpp - command line of a compiled pcc model --------------===//
//
// `pcc` links this main into every executable. The generated object exports
// the model's `forward` function through MLIR's C interface and describes its
// signature in a few constants (see pcc's driver, which emits them):
//
//   int64_t pcc_model_input_rank, pcc_model_input_dims[rank] (-1: dynamic),
//           pcc_model_output_rank, pcc_model_element_bytes (4 or 8)
//
// The program feeds Fashion-MNIST test images to `forward` and prints the
// outputs. Memref descriptors are built generically for any rank: they are
// {allocated, aligned, offset, sizes[rank], strides[rank]}.
//
//===----------------------------------------------------------------------===//
#include "pcc_rt/Idx.h"
#include "pcc_rt/Kernels.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
extern const int64_t pcc_model_input_rank;
extern const int64_t pcc_model_input_dims[];
extern const int64_t pcc_model_output_rank;
extern const int64_t pcc_model_element_bytes;
void _mlir_ciface_forward(void *result, void *input);
}

namespace {

const char *kUsage =
    "usage: %s forward [--data DIR] [--count N] [--threads N]\n"
    "\n"
    "Runs the compiled model's forward pass on the first N (default 8)\n"
    "Fashion-MNIST test images and prints its outputs.\n"
    "  --data DIR    directory with t10k-images-idx3-ubyte.gz and\n"
    "                t10k-labels-idx1-ubyte.gz (raw or gzip)\n"
    "                (default /usr/share/datasets/fashion-mnist)\n"
    "  --count N     number of images, 1 to 10000 (default 8)\n"
    "  --threads N   kernel threads (default: all cores), bound one per\n"
    "                core unless OMP_PROC_BIND or OMP_PLACES is set\n";

[[noreturn]] void fail(const std::string &msg) {
  std::fprintf(stderr, "error: %s\n", msg.c_str());
  std::exit(1);
}

int64_t parseCount(const char *flag, const char *text, int64_t lo, int64_t hi) {
  char *end = nullptr;
  errno = 0;
  long long v = std::strtoll(text, &end, 10);
  if (errno || !end || *end || end == text || v < lo || v > hi)
    fail(std::string("invalid value '") + text + "' for " + flag +
         ": expected an integer from " + std::to_string(lo) + " to " +
         std::to_string(hi));
  return v;
}

} // namespace

int main(int argc, char **argv) {
  std::string dataDir = "/usr/share/datasets/fashion-mnist";
  int64_t count = 8;
  int argi = 1;
  if (argi < argc && std::strcmp(argv[argi], "forward") == 0)
    ++argi;
  for (; argi < argc; ++argi) {
    std::string a = argv[argi];
    auto value = [&]() -> const char * {
      if (argi + 1 >= argc)
        fail("missing value after " + a);
      return argv[++argi];
    };
    if (a == "--help" || a == "-h") {
      std::printf(kUsage, argv[0]);
      return 0;
    } else if (a == "--data") {
      dataDir = value();
    } else if (a == "--count") {
      count = parseCount("--count", value(), 1, 10000);
    } else if (a == "--threads") {
      pcc_rt_set_num_threads(parseCount("--threads", value(), 1, 1024));
    } else {
      std::fprintf(stderr, "error: unknown argument '%s'\n", a.c_str());
      std::fprintf(stderr, kUsage, argv[0]);
      return 2;
    }
  }

  pcc_rt_bind_threads_by_default();
  pcc_rt::IdxArray images, labels;
  std::string error;
  if (!pcc_rt::loadIdxUint8(dataDir + "/t10k-images-idx3-ubyte.gz", count,
                            images, error) ||
      !pcc_rt::loadIdxUint8(dataDir + "/t10k-labels-idx1-ubyte.gz", count,
                            labels, error))
    fail(error);
  if (images.shape.size() != 3 || labels.shape.size() != 1 ||
      images.shape[0] != labels.shape[0])
    fail(dataDir + ": expected images [N, H, W] and labels [N] with the same "
                   "N");
  int64_t n = images.shape[0];
  int64_t pixels = images.shape[1] * images.shape[2];

  // The model's input: the batch dimension first, then any shape with
  // H·W elements (e.g. [?, 784] or [?, 1, 28, 28]).
  int64_t rank = pcc_model_input_rank;
  std::vector<int64_t> sizes(rank);
  int64_t perItem = 1;
  std::string shapeText;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dim = pcc_model_input_dims[d];
    shapeText += (d ? "x" : "") + (dim < 0 ? std::string("?") : std::to_string(dim));
    if (d == 0)
      continue;
    if (dim < 0)
      fail("the model's input tensor<" + shapeText +
           "...> has a dynamic non-batch dimension");
    perItem *= dim;
  }
  if (rank < 2 || perItem != pixels ||
      (pcc_model_input_dims[0] >= 0 && pcc_model_input_dims[0] != n))
    fail("the model's input tensor<" + shapeText + "> does not fit " +
         std::to_string(n) + " images of " + std::to_string(images.shape[1]) +
         "x" + std::to_string(images.shape[2]) + " pixels");
  sizes[0] = n;
  for (int64_t d = 1; d < rank; ++d)
    sizes[d] = pcc_model_input_dims[d];

  // Pixels scaled to [0, 1].
  size_t elem = size_t(pcc_model_element_bytes);
  std::vector<unsigned char> input(images.data.size() * elem);
  for (size_t i = 0; i < images.data.size(); ++i) {
    double v = images.data[i] / 255.0;
    if (elem == 4) {
      float f = float(v);
      std::memcpy(&input[i * 4], &f, 4);
    } else {
      std::memcpy(&input[i * 8], &v, 8);
    }
  }
  std::vector<int64_t> inDesc(3 + 2 * rank);
  void *ptr = input.data();
  std::memcpy(&inDesc[0], &ptr, sizeof ptr);
  std::memcpy(&inDesc[1], &ptr, sizeof ptr);
  inDesc[2] = 0;
  int64_t stride = 1;
  for (int64_t d = rank - 1; d >= 0; --d) {
    inDesc[3 + d] = sizes[d];
    inDesc[3 + rank + d] = stride;
    stride *= sizes[d];
  }
  int64_t outRank = pcc_model_output_rank;
  std::vector<int64_t> outDesc(3 + 2 * outRank);
  _mlir_ciface_forward(outDesc.data(), inDesc.data());

  char *allocated, *aligned;
  std::memcpy(&allocated, &outDesc[0], sizeof allocated);
  std::memcpy(&aligned, &outDesc[1], sizeof aligned);
  int64_t offset = outDesc[2];
  // Print one line per item of the leading dimension.
  int64_t items = outRank == 0 ? 1 : outDesc[3];
  int64_t perOut = 1;
  for (int64_t d = 1; d < outRank; ++d)
    perOut *= outDesc[3 + d];
  std::printf("forward: %lld images -> output of rank %lld\n", (long long)n,
              (long long)outRank);
  for (int64_t i = 0; i < items; ++i) {
    std::printf("image %lld (label %d):", (long long)i,
                i < n ? int(labels.data[i]) : -1);
    int64_t best = 0;
    double bestValue = -1e300;
    for (int64_t j = 0; j < perOut; ++j) {
      // Row-major position j within item i, honouring the output strides.
      int64_t rem = j, off = offset + (outRank ? i * outDesc[3 + outRank] : 0);
      for (int64_t d = outRank - 1; d >= 1; --d) {
        off += (rem % outDesc[3 + d]) * outDesc[3 + outRank + d];
        rem /= outDesc[3 + d];
      }
      double v;
      if (elem == 4) {
        float f;
        std::memcpy(&f, aligned + off * 4, 4);
        v = f;
      } else {
        std::memcpy(&v, aligned + off * 8, 8);
      }
      if (v > bestValue)
        bestValue = v, best = j;
      std::printf(" %.4f", v);
    }
    std::printf("  -> argmax %lld\n", (long long)best);
  }
  std::free(allocated);
  return 0;
}
