package org.resnetnotebooks.kit;

import ai.djl.ndarray.types.Shape;

import java.util.Locale;

/**
 * The check cells of notebook 05's exercises, kept in the kit so that the answers stay out of the
 * learner's sight; the reference solutions are in
 * {@code instructor/solutions/05-resnet-architectures.jsh}.
 */
public final class Checks05 {

    private Checks05() {}

    /**
     * Exercise 05.1, an experiment: ResNet-18 on 28×28 images with the paper's ImageNet stem.
     *
     * @param stem the stem the learner's run used (the change: IMAGENET)
     * @param typedMillions the multiply-adds per image (millions) the learner read off the run
     * @param measuredMillions what the run measured ({@code NaN} if it has not run)
     * @param stage4 the run's stage-4 output shape, or null
     * @param smallStemMillions ResNet-18 with the adapted stem (section 3), millions
     */
    public static void imagenetStem(ImageNetResNets.Stem stem, double typedMillions, double measuredMillions,
            Shape stage4, double smallStemMillions) {
        String what = "";
        if (stage4 != null && !Double.isNaN(measuredMillions)) {
            long side = stage4.get(stage4.dimension() - 1);
            what = String.format(Locale.ROOT,
                    "With the paper's stem a 28×28 image leaves stage 4 as %s: %d×%d pixel%s. It costs %.1f million"
                            + " multiply-adds instead of %.1f with the adapted stem, %.0f× less, because the 7×7 stride-2"
                            + " convolution and the max-pool shrink the image 4× in each direction before the first block."
                            + " The savings are bought with resolution: on a 224×224 photo stage 4 still sees 7×7, on a"
                            + " Fashion-MNIST image almost nothing is left. That is why section 3 replaced the stem.",
                    stage4, side, side, side == 1 ? "" : "s", measuredMillions, smallStemMillions,
                    smallStemMillions / measuredMillions);
        }
        Exercises.experiment("05.1", stem == ImageNetResNets.Stem.IMAGENET, typedMillions, measuredMillions, 0.1,
                "set stem to ImageNetResNets.Stem.IMAGENET and run the cell.", what);
    }

    /**
     * Exercise 05.2: the learner's estimate of how much more ResNet-20 computes on a CIFAR-10 image
     * (3×32×32) than on a Fashion-MNIST image (1×28×28).
     *
     * @param estimate the learner's ratio
     * @param fashionMacs measured multiply-adds for 1×28×28
     * @param cifarMacs measured multiply-adds for 3×32×32
     */
    public static void cifarCost(double estimate, double fashionMacs, double cifarMacs) {
        double measured = cifarMacs / fashionMacs;
        boolean answered = !Double.isNaN(estimate);
        boolean right = answered && Math.abs(estimate - measured) <= 0.02 * measured;
        String hint = answered && Math.abs(estimate - 32.0 / 28) < 0.02
                ? "Every convolution's cost grows with the number of pixels, not with the side length."
                : answered && Math.abs(estimate - 3 * Math.pow(32.0 / 28, 2)) < 0.1
                        ? "Only the first convolution reads the 3 colour channels; every later layer has the same"
                                + " channels as before."
                        : "Think about what one convolution costs per output pixel, and how many pixels each layer has.";
        Exercises.check("05.2", answered, right,
                String.format(Locale.ROOT, "Measured: %.3f× (%.1f vs %.1f million multiply-adds). Every layer works on"
                        + " (32/28)² = %.3f× the pixels; the 3 colour channels add only to the first convolution,"
                        + " which is a small part of the whole.", measured, cifarMacs / 1e6, fashionMacs / 1e6,
                        Math.pow(32.0 / 28, 2)),
                hint);
    }
}
