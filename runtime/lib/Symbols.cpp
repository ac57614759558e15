//===- Symbols.cpp - symbol table of pcc_rt -------------------------------===//
#include "pcc_rt/Symbols.h"
#include "pcc_rt/Kernels.h"

#define PCC_RT_SYMBOL(fn) {#fn, reinterpret_cast<void *>(&fn)}

namespace {
const PccRtSymbol kSymbols[] = {
    PCC_RT_SYMBOL(_mlir_ciface_pcc_rt_matmul_f32),
    PCC_RT_SYMBOL(_mlir_ciface_pcc_rt_matmul_f64),
    PCC_RT_SYMBOL(_mlir_ciface_pcc_rt_batch_matmul_f32),
    PCC_RT_SYMBOL(_mlir_ciface_pcc_rt_batch_matmul_f64),
    PCC_RT_SYMBOL(_mlir_ciface_pcc_rt_conv2d_nchw_fchw_f32),
    PCC_RT_SYMBOL(_mlir_ciface_pcc_rt_conv2d_nchw_fchw_f64),
    PCC_RT_SYMBOL(_mlir_ciface_pcc_rt_conv2d_grad_filter_nchw_fchw_f32),
    PCC_RT_SYMBOL(_mlir_ciface_pcc_rt_conv2d_grad_filter_nchw_fchw_f64),
    PCC_RT_SYMBOL(_mlir_ciface_pcc_rt_conv2d_grad_input_nchw_fchw_f32),
    PCC_RT_SYMBOL(_mlir_ciface_pcc_rt_conv2d_grad_input_nchw_fchw_f64),
    PCC_RT_SYMBOL(_mlir_ciface_pcc_rt_max_pool2d_nchw_f32),
    PCC_RT_SYMBOL(_mlir_ciface_pcc_rt_max_pool2d_nchw_f64),
    PCC_RT_SYMBOL(_mlir_ciface_pcc_rt_sum_pool2d_nchw_f32),
    PCC_RT_SYMBOL(_mlir_ciface_pcc_rt_sum_pool2d_nchw_f64),
    PCC_RT_SYMBOL(pcc_rt_set_num_threads),
    PCC_RT_SYMBOL(pcc_rt_get_num_threads),
    PCC_RT_SYMBOL(_mlir_ciface_pcc_rt_set_num_threads),
    PCC_RT_SYMBOL(_mlir_ciface_pcc_rt_get_num_threads),
    PCC_RT_SYMBOL(memrefCopy),
};
} // namespace

extern "C" const PccRtSymbol *pcc_rt_symbols(int64_t *count) {
  if (count)
    *count = static_cast<int64_t>(sizeof(kSymbols) / sizeof(kSymbols[0]));
  return kSymbols;
}
