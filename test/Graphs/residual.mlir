// Test graph: a branching DAG. The first layer's output skips two layers
// and is added back (a residual connection), so it has two children at
// different levels. Half squared error against a target.
func.func @loss(%x: tensor<?x4xf64>, %t: tensor<?x2xf64>) -> tensor<f64> {
  %w0 = nn.param "w0" glorot_uniform seed 11 : tensor<4x5xf64>
  %b0 = nn.param "b0" uniform(-0.5, 0.5) seed 12 : tensor<5xf64>
  %w1 = nn.param "w1" glorot_uniform seed 13 : tensor<5x5xf64>
  %b1 = nn.param "b1" uniform(-0.5, 0.5) seed 14 : tensor<5xf64>
  %w2 = nn.param "w2" glorot_uniform seed 15 : tensor<5x2xf64>
  %h = nn.dense %x, %w0, %b0 : (tensor<?x4xf64>, tensor<4x5xf64>, tensor<5xf64>) -> tensor<?x5xf64>
  %r = nn.relu %h : tensor<?x5xf64>
  %a = nn.dense %r, %w1, %b1 : (tensor<?x5xf64>, tensor<5x5xf64>, tensor<5xf64>) -> tensor<?x5xf64>
  %g = nn.gelu %a : tensor<?x5xf64>
  %s = nn.add %h, %g : (tensor<?x5xf64>, tensor<?x5xf64>) -> tensor<?x5xf64>
  %z = nn.dense %s, %w2 : (tensor<?x5xf64>, tensor<5x2xf64>) -> tensor<?x2xf64>
  %l = nn.mse %z, %t : (tensor<?x2xf64>, tensor<?x2xf64>) -> tensor<f64>
  return %l : tensor<f64>
}
