// RUN: pcc-opt %s -split-input-file -verify-diagnostics

// Each pc verifier message, once: the ops' verifiers (PCOps.cpp) and the
// verifier of the network attributes on a function (PCDialect.cpp).

//===----------------------------------------------------------------------===//
// pc.node
//===----------------------------------------------------------------------===//

// A region written without a block header has no arguments.
func.func @node_region_argument_count(%x: tensor<4xf32>) {
  // expected-error @+1 {{'pc.node' op expects one region argument per input (1) but got 0}}
  %0 = pc.node "n" level 0 (%x) : (tensor<4xf32>) -> tensor<4xf32> {
    %c = arith.constant dense<1.0> : tensor<4xf32>
    pc.yield %c : tensor<4xf32>
  }
  return
}

// -----

func.func @node_region_argument_count_extra(%x: tensor<4xf32>) {
  // expected-error @+1 {{'pc.node' op expects one region argument per input (1) but got 2}}
  %0 = pc.node "n" level 0 (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>):
    pc.yield %a : tensor<4xf32>
  }
  return
}

// -----

func.func @node_region_argument_type(%x: tensor<4xf32>, %w: tensor<4x2xf32>) {
  // expected-error @+1 {{'pc.node' op expects region argument #1 to have the type of input #1 ('tensor<4x2xf32>') but got 'tensor<4x2xf64>'}}
  %0 = pc.node "n" level 0 (%x, %w) : (tensor<4xf32>, tensor<4x2xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4x2xf64>):
    pc.yield %a : tensor<4xf32>
  }
  return
}

// -----

func.func @node_negative_level(%x: tensor<4xf32>) {
  // expected-error @+1 {{'pc.node' op expects a level >= 0 but got -1}}
  %0 = pc.node "n" level -1 (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    pc.yield %a : tensor<4xf32>
  }
  return
}

// -----

// Only the second node of a name is reported, with a note at the first.
func.func @node_duplicate_name(%x: tensor<4xf32>) {
  // expected-note @+1 {{first used here}}
  %0 = pc.node "relu_0" level 1 (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %r = nn.relu %a : tensor<4xf32>
    pc.yield %r : tensor<4xf32>
  }
  // expected-error @+1 {{'pc.node' op expects a unique node name but 'relu_0' is already used}}
  %1 = pc.node "relu_0" level 0 (%0) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %r = nn.relu %a : tensor<4xf32>
    pc.yield %r : tensor<4xf32>
  }
  return
}

//===----------------------------------------------------------------------===//
// pc.yield
//===----------------------------------------------------------------------===//

// -----

func.func @yield_type(%x: tensor<4xf32>) {
  %0 = pc.node "n" level 0 (%x) : (tensor<4xf32>) -> tensor<?xf32> {
  ^bb0(%a: tensor<4xf32>):
    // expected-error @+1 {{'pc.yield' op expects the node's type 'tensor<?xf32>' but got 'tensor<4xf32>'}}
    pc.yield %a : tensor<4xf32>
  }
  return
}

//===----------------------------------------------------------------------===//
// pc.error
//===----------------------------------------------------------------------===//

// -----

func.func @error_of_argument(%x: tensor<4xf32>) {
  // expected-error @+1 {{'pc.error' op expects a value defined by 'pc.node' but got block argument #0}}
  %0 = pc.error %x : tensor<4xf32>
  return
}

// -----

func.func @error_of_non_node_op(%x: tensor<4xf32>) {
  %r = nn.relu %x : tensor<4xf32>
  // expected-error @+1 {{'pc.error' op expects a value defined by 'pc.node' but got a value defined by 'nn.relu'}}
  %0 = pc.error %r : tensor<4xf32>
  return
}

//===----------------------------------------------------------------------===//
// pc.energy
//===----------------------------------------------------------------------===//

// -----

func.func @energy_operand_not_error(%x: tensor<4xf32>, %l: tensor<f32>) {
  %n = pc.node "n" level 1 (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    pc.yield %a : tensor<4xf32>
  }
  %e = pc.error %n : tensor<4xf32>
  // expected-error @+1 {{'pc.energy' op expects error #1 to be defined by 'pc.error' but got a value defined by 'pc.node'}}
  %0 = pc.energy errors(%e, %n : tensor<4xf32>, tensor<4xf32>) loss %l : tensor<f32>
  return
}

// -----

func.func @energy_non_scalar_loss(%l: tensor<1xf32>) {
  // expected-error @+1 {{'pc.energy' op expects a rank-0 float loss but got 'tensor<1xf32>'}}
  %0 = pc.energy errors() loss %l : tensor<1xf32>
  return
}

// -----

func.func @energy_integer_loss(%l: tensor<i32>) {
  // expected-error @+1 {{'pc.energy' op expects a rank-0 float loss but got 'tensor<i32>'}}
  %0 = pc.energy errors() loss %l : tensor<i32>
  return
}

//===----------------------------------------------------------------------===//
// pc.learn
//===----------------------------------------------------------------------===//

// -----

func.func @learn_by_non_node(%x: tensor<4xf32>, %w: tensor<4xf32>) {
  // expected-error @+1 {{'pc.learn' op expects a value defined by 'pc.node' after 'by' but got block argument #0}}
  pc.learn %w by %x : tensor<4xf32>, tensor<4xf32>
  return
}

// -----

func.func @learn_param_not_input(%x: tensor<4xf32>, %w: tensor<4x4xf32>, %v: tensor<4x4xf32>) {
  %n = pc.node "dense_0" level 1 (%x, %w) : (tensor<4xf32>, tensor<4x4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4x4xf32>):
    %d = nn.dense %a, %b : (tensor<4xf32>, tensor<4x4xf32>) -> tensor<4xf32>
    pc.yield %d : tensor<4xf32>
  }
  // expected-error @+1 {{'pc.learn' op expects the parameter to be one of the inputs of node 'dense_0' but got block argument #2}}
  pc.learn %v by %n : tensor<4x4xf32>, tensor<4xf32>
  return
}

// -----

func.func @learn_at_step_zero(%x: tensor<4xf32>, %w: tensor<4x4xf32>) {
  %n = pc.node "dense_0" level 1 (%x, %w) : (tensor<4xf32>, tensor<4x4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4x4xf32>):
    %d = nn.dense %a, %b : (tensor<4xf32>, tensor<4x4xf32>) -> tensor<4xf32>
    pc.yield %d : tensor<4xf32>
  }
  // expected-error @+1 {{'pc.learn' op expects 'at_step' >= 1 but got 0}}
  pc.learn %w by %n at_step 0 : tensor<4x4xf32>, tensor<4xf32>
  return
}

// -----

func.func @learn_at_step_negative(%x: tensor<4xf32>, %w: tensor<4x4xf32>) {
  %n = pc.node "dense_0" level 1 (%x, %w) : (tensor<4xf32>, tensor<4x4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4x4xf32>):
    %d = nn.dense %a, %b : (tensor<4xf32>, tensor<4x4xf32>) -> tensor<4xf32>
    pc.yield %d : tensor<4xf32>
  }
  // expected-error @+1 {{'pc.learn' op expects 'at_step' >= 1 but got -3}}
  pc.learn %w by %n at_step -3 : tensor<4x4xf32>, tensor<4xf32>
  return
}

//===----------------------------------------------------------------------===//
// Network attributes
//===----------------------------------------------------------------------===//

// -----

// expected-error @+1 {{'pc.mode' must be "strict", "fixed-prediction", "zero-divergence" or "incremental" but got "fast"}}
func.func @mode_unknown() attributes {pc.mode = "fast"} {
  return
}

// -----

// expected-error @+1 {{'pc.mode' must be "strict", "fixed-prediction", "zero-divergence" or "incremental" but got 1 : i64}}
func.func @mode_not_a_string() attributes {pc.mode = 1} {
  return
}

// -----

// expected-error @+1 {{'pc.steps' must be an integer >= 1 but got 0 : i64}}
func.func @steps_zero() attributes {pc.steps = 0} {
  return
}

// -----

// expected-error @+1 {{'pc.steps' must be an integer >= 1 but got -5 : i32}}
func.func @steps_negative() attributes {pc.steps = -5 : i32} {
  return
}

// -----

// expected-error @+1 {{'pc.steps' must be an integer >= 1 but got 2.000000e+01 : f64}}
func.func @steps_not_an_integer() attributes {pc.steps = 20.0} {
  return
}

// -----

// A value beyond 64 bits is rejected, not truncated (2^64 + 1 would read 1).
// expected-error @+1 {{'pc.steps' must be an integer < 2^63 but got 18446744073709551617 : i128}}
func.func @steps_too_wide() attributes {pc.steps = 18446744073709551617 : i128} {
  return
}

// -----

// expected-error @+1 {{'pc.eta' must be a finite float > 0 but got 0.000000e+00 : f64}}
func.func @eta_zero() attributes {pc.eta = 0.0} {
  return
}

// -----

// expected-error @+1 {{'pc.eta' must be a finite float > 0 but got -1.000000e-01 : f64}}
func.func @eta_negative() attributes {pc.eta = -0.1} {
  return
}

// -----

// expected-error @+1 {{'pc.eta' must be a finite float > 0 but got 0x7FF0000000000000 : f64}}
func.func @eta_infinite() attributes {pc.eta = 0x7FF0000000000000 : f64} {
  return
}

// -----

// expected-error @+1 {{'pc.eta' must be a finite float > 0 but got 0x7FF8000000000000 : f64}}
func.func @eta_nan() attributes {pc.eta = 0x7FF8000000000000 : f64} {
  return
}

// -----

// expected-error @+1 {{'pc.eta' must be a finite float > 0 but got 1 : i64}}
func.func @eta_not_a_float() attributes {pc.eta = 1} {
  return
}

// -----

// expected-error @+1 {{'pc.granularity' must be "op" or "layer" but got "block"}}
func.func @granularity_unknown() attributes {pc.granularity = "block"} {
  return
}

// -----

// expected-error @+1 {{unknown pc attribute 'pc.step'}}
func.func @unknown_attribute() attributes {pc.step = 20} {
  return
}

// -----

// expected-error @+1 {{'pc.mode' is only valid on a function}}
module attributes {pc.mode = "strict"} {
}

// -----

func.func @attribute_on_non_function_op(%x: tensor<4xf32>) {
  // expected-error @+1 {{'pc.steps' is only valid on a function}}
  %0 = nn.relu %x {pc.steps = 3} : tensor<4xf32>
  return
}
