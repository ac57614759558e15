// The ceiling for bench/run.sh: single-precision GEMM throughput of Eigen on
// this machine, built exactly as the runtime's kernels are (Eigen 3.4,
// -O3 -mavx2 -mfma, OpenMP threads). Prints
//   gemm <n> <threads> <GFLOP/s>
// for square products of a few sizes; the best is the machine's ceiling.
#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char **argv) {
  int threads = argc > 1 ? std::atoi(argv[1]) : 2;
  Eigen::setNbThreads(threads);
  for (int n : {256, 512, 1024}) {
    Eigen::MatrixXf a = Eigen::MatrixXf::Random(n, n);
    Eigen::MatrixXf b = Eigen::MatrixXf::Random(n, n);
    Eigen::MatrixXf c(n, n);
    c.noalias() = a * b; // warm-up
    std::vector<double> rates;
    for (int r = 0; r < 7; ++r) {
      auto start = std::chrono::steady_clock::now();
      int reps = std::max(1, (1 << 27) / (n * n * n / 8));
      for (int i = 0; i < reps; ++i)
        c.noalias() = a * b;
      double s = std::chrono::duration<double>(
                     std::chrono::steady_clock::now() - start)
                     .count();
      rates.push_back(2.0 * n * n * double(n) * reps / s / 1e9);
    }
    std::sort(rates.begin(), rates.end());
    std::printf("gemm %d %d %.1f\n", n, threads, rates[rates.size() / 2]);
  }
  return 0;
}
