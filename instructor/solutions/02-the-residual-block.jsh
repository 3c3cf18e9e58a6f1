// Reference solutions for notebooks/02-the-residual-block.ipynb
//== exercise 02.1 ==
// Two 3x3 convolutions 64 -> 64 without bias: 2 * (3 * 3 * 64 * 64) = 73,728 weights.
// Two batch norms over 64 channels: 2 * (64 gamma + 64 beta) = 256. The identity shortcut: 0.
double myCount = 2 * 9 * 64 * 64 + 2 * 2 * 64;   // 73,984

//== exercise 02.2 ==
// 1x1 convolution 32 -> 64 with stride 2 (2,048 weights, no bias), then BN over 64 channels (128).
Block myProjection = new SequentialBlock()
        .add(Conv2d.builder()
                .setKernelShape(new Shape(1, 1))
                .setFilters(64)
                .optStride(new Shape(2, 2))
                .optBias(false)
                .build())
        .add(BatchNorm.builder().build());

//== exercise 02.3 ==
int removedBlock = 4;                // any block will do; 4 is the first of stage 2 (it downsamples)
double removedAccuracyPct = Double.NaN;
if (removedBlock >= 1 && removedBlock <= resTrained.size()) {
    Block block = resnet.getChildren().get(2 + removedBlock).getValue();
    Block branch = block.getChildren().get(0).getValue().getChildren().get(0).getValue();
    BatchNorm lastBn = (BatchNorm) branch.getChildren().get(branch.getChildren().size() - 1).getValue();
    NDArray gamma = lastBn.getParameters().get("gamma").getArray(), beta = lastBn.getParameters().get("beta").getArray();
    NDArray keptGamma = gamma.duplicate(), keptBeta = beta.duplicate();
    gamma.muli(0); beta.muli(0);
    try {
        removedAccuracyPct = 100 * Training.evaluate(resTrainer, testSet).accuracy();
    } finally {
        keptGamma.copyTo(gamma); keptBeta.copyTo(beta);
        keptGamma.close(); keptBeta.close();
    }
    System.out.println(String.format("Block %d's residual branch off: test accuracy %.1f %% (all blocks on: %.1f %%).",
        removedBlock, removedAccuracyPct, 100 * resTest));
}
double myAccuracy = Math.round(removedAccuracyPct * 10) / 10.0;   // what a learner types: the printed number
