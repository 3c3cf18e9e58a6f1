// Reference solutions for notebooks/03-the-degradation-problem.ipynb
//== exercise 03.1 ==
// 44 = 6n + 2, so n = 7 blocks per stage (Nets.blocksPerStage(44) computes it too).
Block resnet44 = Nets.residual(7, Nets.Shortcut.A_ZERO_PAD);

//== exercise 03.2 ==
// Two projections: 1x1 conv 16->32 (16*32 weights) + BN(32) (2*32), 1x1 conv 32->64 (32*64) + BN(64) (2*64).
long extraParameters = 16 * 32 + 2 * 32 + 32 * 64 + 2 * 64;   // 2,752

//== exercise 03.3 ==
long wrongAnswers(NDArray scores, NDArray labels) {
    NDArray predicted = scores.argMax(1).toType(labels.getDataType(), false);
    return predicted.neq(labels).sum().toType(DataType.INT64, false).getLong();
}

//== exercise 03.4 ==
float warmupFraction = 0f;           // the change: the full learning rate from the first step
Run noWarmup = warmupFraction == 0.1f ? null : train("plain", deep, recipe(warmupFraction));
System.out.println(String.format("%s with warm-up fraction %.2f: final training error %.1f %%.", noWarmup.name(), warmupFraction, noWarmup.finalTrainError()));
double myTrainError = Math.round(noWarmup.finalTrainError() * 10) / 10.0;   // what a learner types: the printed number
