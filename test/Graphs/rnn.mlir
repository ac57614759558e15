// Test graph: an Elman RNN unrolled over 3 steps. The input, recurrent and
// output weights are shared by every step (one parameter, several uses);
// the losses of the steps are summed.
func.func @loss(%x0: tensor<?x3xf64>, %x1: tensor<?x3xf64>, %x2: tensor<?x3xf64>,
                %y0: tensor<?xi64>, %y1: tensor<?xi64>, %y2: tensor<?xi64>) -> tensor<f64> {
  %wx = nn.param "wx" glorot_uniform seed 31 : tensor<3x4xf64>
  %wh = nn.param "wh" glorot_uniform seed 32 : tensor<4x4xf64>
  %bh = nn.param "bh" uniform(-0.5, 0.5) seed 33 : tensor<4xf64>
  %wy = nn.param "wy" glorot_uniform seed 34 : tensor<4x3xf64>
  %by = nn.param "by" uniform(-0.5, 0.5) seed 35 : tensor<3xf64>
  %u0 = nn.dense %x0, %wx, %bh : (tensor<?x3xf64>, tensor<3x4xf64>, tensor<4xf64>) -> tensor<?x4xf64>
  %h0 = nn.tanh %u0 : tensor<?x4xf64>
  %o0 = nn.dense %h0, %wy, %by : (tensor<?x4xf64>, tensor<4x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %l0 = nn.cross_entropy %o0, %y0 : (tensor<?x3xf64>, tensor<?xi64>) -> tensor<f64>
  %i1 = nn.dense %x1, %wx, %bh : (tensor<?x3xf64>, tensor<3x4xf64>, tensor<4xf64>) -> tensor<?x4xf64>
  %r1 = nn.dense %h0, %wh : (tensor<?x4xf64>, tensor<4x4xf64>) -> tensor<?x4xf64>
  %u1 = nn.add %i1, %r1 : (tensor<?x4xf64>, tensor<?x4xf64>) -> tensor<?x4xf64>
  %h1 = nn.tanh %u1 : tensor<?x4xf64>
  %o1 = nn.dense %h1, %wy, %by : (tensor<?x4xf64>, tensor<4x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %l1 = nn.cross_entropy %o1, %y1 : (tensor<?x3xf64>, tensor<?xi64>) -> tensor<f64>
  %i2 = nn.dense %x2, %wx, %bh : (tensor<?x3xf64>, tensor<3x4xf64>, tensor<4xf64>) -> tensor<?x4xf64>
  %r2 = nn.dense %h1, %wh : (tensor<?x4xf64>, tensor<4x4xf64>) -> tensor<?x4xf64>
  %u2 = nn.add %i2, %r2 : (tensor<?x4xf64>, tensor<?x4xf64>) -> tensor<?x4xf64>
  %h2 = nn.tanh %u2 : tensor<?x4xf64>
  %o2 = nn.dense %h2, %wy, %by : (tensor<?x4xf64>, tensor<4x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %l2 = nn.cross_entropy %o2, %y2 : (tensor<?x3xf64>, tensor<?xi64>) -> tensor<f64>
  %s01 = nn.add %l0, %l1 : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %s = nn.add %s01, %l2 : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %s : tensor<f64>
}
