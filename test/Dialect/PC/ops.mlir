// RUN: pcc-opt %s | pcc-opt | FileCheck %s
// RUN: pcc-opt %s --mlir-print-op-generic | pcc-opt | FileCheck %s
// RUN: pcc-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// Every pc op and the network attributes of a function survive a round trip
// through the custom and the generic syntax.

//===----------------------------------------------------------------------===//
// A small network: nodes, errors, energy, learning rules
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @network
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<3xf32>, %[[T:.*]]: tensor<?x3xf32>) -> tensor<f32>
// CHECK-SAME: attributes {pc.eta = 1.000000e-01 : f64, pc.granularity = "op", pc.mode = "strict", pc.steps = 20 : i64}
// GENERIC-LABEL: sym_name = "network"
func.func @network(%x: tensor<?x4xf32>, %w: tensor<4x3xf32>, %b: tensor<3xf32>, %t: tensor<?x3xf32>) -> tensor<f32>
    attributes {pc.mode = "strict", pc.steps = 20, pc.eta = 0.1, pc.granularity = "op"} {
  // A node with several inputs: the region has one argument per input.
  // CHECK: %[[H:.*]] = pc.node "dense_0" level 2 (%[[X]], %[[W]], %[[B]]) : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32> {
  // CHECK-NEXT: ^bb0(%[[XA:.*]]: tensor<?x4xf32>, %[[WA:.*]]: tensor<4x3xf32>, %[[BA:.*]]: tensor<3xf32>):
  // CHECK-NEXT: %[[D:.*]] = nn.dense %[[XA]], %[[WA]], %[[BA]] : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  // CHECK-NEXT: pc.yield %[[D]] : tensor<?x3xf32>
  // CHECK-NEXT: }
  // GENERIC: "pc.node"(%{{.*}}, %{{.*}}, %{{.*}}) <{level = 2 : i64, name = "dense_0"}> ({
  // GENERIC: "pc.yield"(%{{.*}}) : (tensor<?x3xf32>) -> ()
  // GENERIC: }) : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %h = pc.node "dense_0" level 2 (%x, %w, %b) : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32> {
  ^bb0(%xa: tensor<?x4xf32>, %wa: tensor<4x3xf32>, %ba: tensor<3xf32>):
    %0 = nn.dense %xa, %wa, %ba : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    pc.yield %0 : tensor<?x3xf32>
  }
  // An identity node (as zero-divergence inserts across skipped levels): the
  // region yields its argument.
  // CHECK: %[[I:.*]] = pc.node "identity_0" level 1 (%[[H]]) : (tensor<?x3xf32>) -> tensor<?x3xf32> {
  // CHECK-NEXT: ^bb0(%[[HA:.*]]: tensor<?x3xf32>):
  // CHECK-NEXT: pc.yield %[[HA]] : tensor<?x3xf32>
  // CHECK-NEXT: }
  %i = pc.node "identity_0" level 1 (%h) : (tensor<?x3xf32>) -> tensor<?x3xf32> {
  ^bb0(%ha: tensor<?x3xf32>):
    pc.yield %ha : tensor<?x3xf32>
  }
  // CHECK: %[[L:.*]] = nn.mse %[[I]], %[[T]]
  %l = nn.mse %i, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
  // CHECK: %[[E0:.*]] = pc.error %[[H]] : tensor<?x3xf32>
  // CHECK: %[[E1:.*]] = pc.error %[[I]] : tensor<?x3xf32>
  // GENERIC: "pc.error"(%{{.*}}) : (tensor<?x3xf32>) -> tensor<?x3xf32>
  %e0 = pc.error %h : tensor<?x3xf32>
  %e1 = pc.error %i : tensor<?x3xf32>
  // CHECK: %[[F:.*]] = pc.energy errors(%[[E0]], %[[E1]] : tensor<?x3xf32>, tensor<?x3xf32>) loss %[[L]] : tensor<f32>
  // GENERIC: "pc.energy"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<?x3xf32>, tensor<?x3xf32>, tensor<f32>) -> tensor<f32>
  %F = pc.energy errors(%e0, %e1 : tensor<?x3xf32>, tensor<?x3xf32>) loss %l : tensor<f32>
  // CHECK: pc.learn %[[W]] by %[[H]] : tensor<4x3xf32>, tensor<?x3xf32>
  // CHECK: pc.learn %[[B]] by %[[H]] at_step 2 : tensor<3xf32>, tensor<?x3xf32>
  // GENERIC: "pc.learn"(%{{.*}}, %{{.*}}) : (tensor<4x3xf32>, tensor<?x3xf32>) -> ()
  // GENERIC: "pc.learn"(%{{.*}}, %{{.*}}) <{at_step = 2 : i64}> : (tensor<3xf32>, tensor<?x3xf32>) -> ()
  pc.learn %w by %h : tensor<4x3xf32>, tensor<?x3xf32>
  pc.learn %b by %h at_step 2 : tensor<3xf32>, tensor<?x3xf32>
  // CHECK: return %[[L]] : tensor<f32>
  return %l : tensor<f32>
}
// GENERIC: {pc.eta = 1.000000e-01 : f64, pc.granularity = "op", pc.mode = "strict", pc.steps = 20 : i64} : () -> ()

//===----------------------------------------------------------------------===//
// Nodes: level 0, no inputs, a name reused in another function
//===----------------------------------------------------------------------===//

// A node at level 0 (it does not reach the loss) whose prediction reads no
// input: the region has no arguments and prints no block header.
// CHECK-LABEL: func.func @node_without_inputs
func.func @node_without_inputs() -> tensor<2xf64> {
  // CHECK: %[[N:.*]] = pc.node "const" level 0 () : () -> tensor<2xf64> {
  // CHECK-NEXT: %[[C:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf64>
  // CHECK-NEXT: pc.yield %[[C]] : tensor<2xf64>
  // CHECK-NEXT: }
  // GENERIC: "pc.node"() <{level = 0 : i64, name = "const"}> ({
  %n = pc.node "const" level 0 () : () -> tensor<2xf64> {
    %c = arith.constant dense<[1.0, 2.0]> : tensor<2xf64>
    pc.yield %c : tensor<2xf64>
  }
  // CHECK: return %[[N]]
  return %n : tensor<2xf64>
}

// Node names only have to be unique within their function; one input may
// feed a node twice.
// CHECK-LABEL: func.func @node_name_reused_in_other_function
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
func.func @node_name_reused_in_other_function(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: pc.node "dense_0" level 7 (%[[X]], %[[X]]) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> {
  // CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>):
  // CHECK-NEXT: %[[S:.*]] = nn.add %[[A]], %[[B]]
  // CHECK-NEXT: pc.yield %[[S]] : tensor<4xf32>
  %n = pc.node "dense_0" level 7 (%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>):
    %s = nn.add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    pc.yield %s : tensor<4xf32>
  }
  return %n : tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// Energy without error nodes
//===----------------------------------------------------------------------===//

// A network with no value nodes has the loss as its energy; the empty error
// list prints as `errors()`.
// CHECK-LABEL: func.func @energy_no_errors
// CHECK-SAME: (%[[L:.*]]: tensor<f64>)
func.func @energy_no_errors(%l: tensor<f64>) -> tensor<f64> {
  // CHECK: %[[F:.*]] = pc.energy errors() loss %[[L]] : tensor<f64>
  // GENERIC: "pc.energy"(%{{.*}}) : (tensor<f64>) -> tensor<f64>
  %F = pc.energy errors() loss %l : tensor<f64>
  // CHECK: return %[[F]]
  return %F : tensor<f64>
}

//===----------------------------------------------------------------------===//
// Function attributes: every mode and granularity
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @mode_fixed_prediction()
// CHECK-SAME: attributes {pc.granularity = "layer", pc.mode = "fixed-prediction"}
func.func @mode_fixed_prediction() attributes {pc.mode = "fixed-prediction", pc.granularity = "layer"} {
  return
}

// CHECK-LABEL: func.func @mode_zero_divergence()
// CHECK-SAME: attributes {pc.eta = 1.000000e+00 : f64, pc.mode = "zero-divergence", pc.steps = 3 : i64}
func.func @mode_zero_divergence() attributes {pc.mode = "zero-divergence", pc.steps = 3, pc.eta = 1.0} {
  return
}

// Steps and step size of other integer and float types are accepted as
// written.
// CHECK-LABEL: func.func @mode_incremental()
// CHECK-SAME: attributes {pc.eta = 2.500000e-01 : f32, pc.mode = "incremental", pc.steps = 200 : ui8}
func.func @mode_incremental() attributes {pc.mode = "incremental", pc.steps = 200 : ui8, pc.eta = 0.25 : f32} {
  return
}

// CHECK-LABEL: func.func @steps_one()
// CHECK-SAME: attributes {pc.eta = 1.000000e-03 : f64, pc.steps = 1 : i32}
func.func @steps_one() attributes {pc.steps = 1 : i32, pc.eta = 1.0e-3} {
  return
}
