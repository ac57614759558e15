//===- Data.h - data sets for the training executable -----------*- C++ -*-===//
//
// Labelled data sets from IDX directories (MNIST, Fashion-MNIST), CSV files
// and NumPy .npy files. Every malformed input is an error naming the file
// and what is wrong (truncated data, bad magic, mismatched counts, values
// that are not numbers).
//
//===----------------------------------------------------------------------===//
#ifndef PCC_RT_MAIN_DATA_H
#define PCC_RT_MAIN_DATA_H

#include <cstdint>
#include <string>
#include <vector>

namespace pcc_rt::train {

struct DataSet {
  std::vector<double> features; // n × perItem, row-major
  std::vector<int64_t> labels;  // n × labelsPerItem
  int64_t n = 0, perItem = 0, labelsPerItem = 1;
  int64_t vocabulary = 0;       // text: the number of distinct characters
  std::string source;           // for messages
};

/// Where a split comes from.
///  - a directory: IDX files `<split>-images-idx3-ubyte` and
///    `<split>-labels-idx1-ubyte` (raw or .gz), split = "train" or "t10k";
///    pixels scaled to [0, 1];
///  - a `.csv` file: one example per line, the integer label first, then the
///    features; a first line that is not all numbers is a header;
///  - a `.npy` file of features [N, ...] (f32, f64, uint8 — scaled to
///    [0, 1] —, int32 or int64) with the labels in `labels` (a .npy of
///    int64, int32 or uint8, [N]).
/// `scale`, when > 0, multiplies the features instead of the default.
/// Reads at most `limit` examples (all if negative).
DataSet loadDataSet(const std::string &path, const std::string &labels,
                    const std::string &split, int64_t limit, double scale);

/// A raw text file for character-level models: the vocabulary is the
/// file's distinct bytes in byte order (a character's id is its rank); the
/// file is cut into windows of `window` + 1 characters, each giving the ids
/// of `window` characters and, as labels, the ids of the characters that
/// follow them. The last tenth of the windows is the test split.
DataSet loadTextDataSet(const std::string &path, int64_t window, bool test,
                        int64_t limit);

} // namespace pcc_rt::train

#endif // PCC_RT_MAIN_DATA_H
