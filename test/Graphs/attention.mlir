// Test graph: a self-attention block. Two activations are multiplied
// (queries by transposed keys, attention by values), softmax over keys, a
// residual connection and layer normalisation, then a classifier.
func.func @loss(%x: tensor<?x4x6xf64>, %y: tensor<?xi64>) -> tensor<f64> {
  %wq = nn.param "wq" glorot_uniform seed 51 : tensor<6x6xf64>
  %wk = nn.param "wk" glorot_uniform seed 52 : tensor<6x6xf64>
  %wv = nn.param "wv" glorot_uniform seed 53 : tensor<6x6xf64>
  %gamma = nn.param "gamma" uniform(0.5, 1.5) seed 54 : tensor<6xf64>
  %beta = nn.param "beta" uniform(-0.5, 0.5) seed 55 : tensor<6xf64>
  %wo = nn.param "wo" glorot_uniform seed 56 : tensor<24x3xf64>
  %bo = nn.param "bo" uniform(-0.5, 0.5) seed 57 : tensor<3xf64>
  %scale = arith.constant dense<0.40824829046386301> : tensor<f64>
  %q = nn.dense %x, %wq : (tensor<?x4x6xf64>, tensor<6x6xf64>) -> tensor<?x4x6xf64>
  %k = nn.dense %x, %wk : (tensor<?x4x6xf64>, tensor<6x6xf64>) -> tensor<?x4x6xf64>
  %v = nn.dense %x, %wv : (tensor<?x4x6xf64>, tensor<6x6xf64>) -> tensor<?x4x6xf64>
  %kt = nn.transpose %k {permutation = array<i64: 0, 2, 1>} : (tensor<?x4x6xf64>) -> tensor<?x6x4xf64>
  %s = nn.matmul %q, %kt : (tensor<?x4x6xf64>, tensor<?x6x4xf64>) -> tensor<?x4x4xf64>
  %ss = nn.mul %s, %scale : (tensor<?x4x4xf64>, tensor<f64>) -> tensor<?x4x4xf64>
  %a = nn.softmax %ss {axis = -1 : i64} : tensor<?x4x4xf64>
  %o = nn.matmul %a, %v : (tensor<?x4x4xf64>, tensor<?x4x6xf64>) -> tensor<?x4x6xf64>
  %r = nn.add %x, %o : (tensor<?x4x6xf64>, tensor<?x4x6xf64>) -> tensor<?x4x6xf64>
  %n = nn.layer_norm %r, %gamma, %beta {epsilon = 1.0e-05} : (tensor<?x4x6xf64>, tensor<6xf64>, tensor<6xf64>) -> tensor<?x4x6xf64>
  %f = nn.flatten %n : (tensor<?x4x6xf64>) -> tensor<?x24xf64>
  %z = nn.dense %f, %wo, %bo : (tensor<?x24xf64>, tensor<24x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %l = nn.cross_entropy %z, %y : (tensor<?x3xf64>, tensor<?xi64>) -> tensor<f64>
  return %l : tensor<f64>
}
