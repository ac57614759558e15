// The scalar graph of Millidge, Tschantz & Buckley (2022):
//   y1 = θ·y0, y2 = sqrt(y1), y3 = y0², y4 = tan(y2) + sin(y3),
//   loss = ½(t - y4)² with t = 1. With y0 = 5 and θ = 2 the input error
// of predictive coding converges to ∂loss/∂y0.
func.func @loss(%y0: tensor<1x1xf64>, %t: tensor<1x1xf64>) -> tensor<f64> {
  %theta = nn.param "theta" constant(2.0) seed 0 : tensor<1x1xf64>
  %y1 = nn.mul %theta, %y0 : (tensor<1x1xf64>, tensor<1x1xf64>) -> tensor<1x1xf64>
  %y2 = nn.sqrt %y1 : tensor<1x1xf64>
  %y3 = nn.mul %y0, %y0 : (tensor<1x1xf64>, tensor<1x1xf64>) -> tensor<1x1xf64>
  %ty2 = nn.tan %y2 : tensor<1x1xf64>
  %sy3 = nn.sin %y3 : tensor<1x1xf64>
  %y4 = nn.add %ty2, %sy3 : (tensor<1x1xf64>, tensor<1x1xf64>) -> tensor<1x1xf64>
  %l = nn.mse %y4, %t : (tensor<1x1xf64>, tensor<1x1xf64>) -> tensor<f64>
  return %l : tensor<f64>
}
