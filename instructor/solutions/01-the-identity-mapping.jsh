// Reference solutions for notebooks/01-the-identity-mapping.ipynb.
// Each section replaces the learner's cell tagged exercise-<id>.

//== exercise 01.1 ==
void makeIdentity(ResidualBlock b) {
    // Zero the branch's LAST layer, weight and bias: F(x) = 0·ReLU(W1 x + b1) + 0 = 0, so H(x) = F(x) + x = x.
    // (Zeroing the first layer instead leaves F(x) = W2·ReLU(0) + b2 = b2, not 0 when b2 is non-zero.)
    for (Pair<String, Parameter> p : b.lastLayer().getParameters()) p.getValue().getArray().muli(0);
}

//== exercise 01.2 ==
// F(x) = H(x) − x = 2x − x = x: the branch must output x itself; the shortcut adds the other x.
UnaryOperator<NDArray> residualFor2x = x -> x.mul(2).sub(x);

//== exercise 01.3 ==
float branchScale = 1.0f;          // the change: DJL's default scale for the branches' last layers
Fit scaleRun = null;
if (branchScale == 0.1f) {
    System.out.println("Nothing trained: at 0.1× this is section 5's 8-layer stack. Make the change first.");
} else {
    SequentialBlock net = initialised(residualStack(8));
    for (ResidualBlock b : blocksOf(net)) scaleLastLayer(b, branchScale);
    scaleRun = train(8, net, identity);
    System.out.println(String.format("8-layer residual stack, branches starting at %.1f× their default: MSE %.3g before training, %.3g after.",
        branchScale, scaleRun.initialMse(), scaleRun.finalMse()));
}
double myStartMse = scaleRun.initialMse();  // a learner types the printed number; here it is read from the run
