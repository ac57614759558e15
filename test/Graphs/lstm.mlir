// Test graph: one LSTM cell (multiplicative gates) from a previous state,
// followed by a dense read-out and half squared error.
func.func @loss(%x: tensor<?x3xf64>, %hp: tensor<?x4xf64>, %cp: tensor<?x4xf64>,
                %t: tensor<?x2xf64>) -> tensor<f64> {
  %w = nn.param "w" glorot_uniform seed 41 : tensor<7x16xf64>
  %b = nn.param "b" uniform(-0.5, 0.5) seed 42 : tensor<16xf64>
  %wy = nn.param "wy" glorot_uniform seed 43 : tensor<4x2xf64>
  %hx = nn.concat %x, %hp {axis = 1 : i64} : (tensor<?x3xf64>, tensor<?x4xf64>) -> tensor<?x7xf64>
  %z = nn.dense %hx, %w, %b : (tensor<?x7xf64>, tensor<7x16xf64>, tensor<16xf64>) -> tensor<?x16xf64>
  %zi = nn.slice %z {offsets = array<i64: 0, 0>, sizes = array<i64: -1, 4>, strides = array<i64: 1, 1>} : (tensor<?x16xf64>) -> tensor<?x4xf64>
  %zf = nn.slice %z {offsets = array<i64: 0, 4>, sizes = array<i64: -1, 4>, strides = array<i64: 1, 1>} : (tensor<?x16xf64>) -> tensor<?x4xf64>
  %zg = nn.slice %z {offsets = array<i64: 0, 8>, sizes = array<i64: -1, 4>, strides = array<i64: 1, 1>} : (tensor<?x16xf64>) -> tensor<?x4xf64>
  %zo = nn.slice %z {offsets = array<i64: 0, 12>, sizes = array<i64: -1, 4>, strides = array<i64: 1, 1>} : (tensor<?x16xf64>) -> tensor<?x4xf64>
  %i = nn.sigmoid %zi : tensor<?x4xf64>
  %f = nn.sigmoid %zf : tensor<?x4xf64>
  %g = nn.tanh %zg : tensor<?x4xf64>
  %o = nn.sigmoid %zo : tensor<?x4xf64>
  %fc = nn.mul %f, %cp : (tensor<?x4xf64>, tensor<?x4xf64>) -> tensor<?x4xf64>
  %ig = nn.mul %i, %g : (tensor<?x4xf64>, tensor<?x4xf64>) -> tensor<?x4xf64>
  %c = nn.add %fc, %ig : (tensor<?x4xf64>, tensor<?x4xf64>) -> tensor<?x4xf64>
  %tc = nn.tanh %c : tensor<?x4xf64>
  %h = nn.mul %o, %tc : (tensor<?x4xf64>, tensor<?x4xf64>) -> tensor<?x4xf64>
  %yv = nn.dense %h, %wy : (tensor<?x4xf64>, tensor<4x2xf64>) -> tensor<?x2xf64>
  %l = nn.mse %yv, %t : (tensor<?x2xf64>, tensor<?x2xf64>) -> tensor<f64>
  return %l : tensor<f64>
}
