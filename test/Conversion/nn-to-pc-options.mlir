// Every bad option of convert-nn-to-pc is a one-line error.

// RUN: not pcc-opt %s --convert-nn-to-pc=mode=fast 2>&1 | FileCheck %s --check-prefix=MODE
// MODE: error: convert-nn-to-pc: unknown mode 'fast'; expected strict, fixed-prediction, zero-divergence or incremental
// RUN: not pcc-opt %s --convert-nn-to-pc=steps=0 2>&1 | FileCheck %s --check-prefix=STEPS
// STEPS: error: convert-nn-to-pc: steps must be >= 1 but got 0
// RUN: not pcc-opt %s --convert-nn-to-pc=eta=0 2>&1 | FileCheck %s --check-prefix=ETA
// ETA: error: convert-nn-to-pc: eta must be a finite number > 0 but got 0
// RUN: not pcc-opt %s --convert-nn-to-pc=eta=-0.5 2>&1 | FileCheck %s --check-prefix=NEG
// NEG: error: convert-nn-to-pc: eta must be a finite number > 0 but got -5.000000e-01
// RUN: not pcc-opt %s --convert-nn-to-pc=granularity=block 2>&1 | FileCheck %s --check-prefix=GRAN
// GRAN: error: convert-nn-to-pc: unknown granularity 'block'; expected op or layer
// RUN: not pcc-opt %s --convert-nn-to-pc=steps=many 2>&1 | FileCheck %s --check-prefix=PARSE
// PARSE: steps
// RUN: pcc-opt %s --convert-nn-to-pc="mode=strict steps=3 eta=0.5 granularity=layer" | FileCheck %s --check-prefix=OK
// OK: pc.eta = 5.000000e-01 : f64, pc.granularity = "layer", pc.mode = "strict", pc.steps = 3 : i64

func.func @loss(%x: tensor<4x3xf64>, %t: tensor<4x3xf64>) -> tensor<f64> {
  %w = nn.param "w" glorot_uniform seed 1 : tensor<3x3xf64>
  %h = nn.dense %x, %w : (tensor<4x3xf64>, tensor<3x3xf64>) -> tensor<4x3xf64>
  %l = nn.mse %h, %t : (tensor<4x3xf64>, tensor<4x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}
