package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The check cells of notebook 03's exercises, kept in the kit so that the answers stay out of the
 * learner's sight; the reference solutions are in
 * {@code instructor/solutions/03-the-degradation-problem.jsh}.
 */
public final class Checks03 {

    private Checks03() {}

    /**
     * Exercise 03.1: ResNet-44 built with the kit.
     *
     * @param net the learner's net, or null
     */
    public static void resnet44(Block net) {
        boolean right = false;
        String detail = "";
        if (net != null) {
            try {
                long count = Nets.parameterCount(net, Nets.FASHION_MNIST_INPUT);
                List<BasicBlock> blocks = Nets.basicBlocks(net);
                boolean residual = blocks.stream().allMatch(BasicBlock::isResidual);
                right = blocks.size() == 21 && residual && Math.round(count / 1e4) == 66;
                detail = String.format(Locale.ROOT, "Your net has %d basic blocks (%d weight layers) and %,d parameters.",
                        blocks.size(), 2 * blocks.size() + 2, count)
                        + (residual ? "" : " Some of its blocks have no shortcut.");
            } catch (RuntimeException e) {
                detail = "Building or counting your net failed: " + e.getMessage();
            }
        }
        Exercises.check("03.1", net != null, right,
                "44 = 6·7 + 2, so n = 7 blocks per stage: 21 residual blocks. " + detail + " That rounds to the paper's 0.66 M.",
                detail + " The depth is 6n + 2 weight layers, and the net must be residual.");
    }

    /**
     * Exercise 03.2: the parameters option B adds to a CIFAR-style ResNet.
     *
     * @param answer the learner's count
     */
    public static void optionBCost(long answer) {
        long truth = Nets.parameterCount(Nets.residual(1, Nets.Shortcut.B_PROJECTION), Nets.FASHION_MNIST_INPUT)
                - Nets.parameterCount(Nets.residual(1, Nets.Shortcut.A_ZERO_PAD), Nets.FASHION_MNIST_INPUT);
        boolean answered = answer != -1;
        String hint = answered && answer == 16 * 32 + 32 * 64
                ? "The convolutions are right; each projection is followed by a batch norm, which trains numbers too."
                : "Each of the two projections is a 1×1 convolution and a batch norm: count each one's trained numbers.";
        Exercises.check("03.2", answered, answer == truth,
                String.format(Locale.ROOT, "16·32 + 2·32 + 32·64 + 2·64 = %,d: about 1 %% of ResNet-20. The paper found"
                        + " option B slightly better on ImageNet, but used option A on CIFAR-10 so that plain and residual"
                        + " nets have exactly the same parameters.", truth),
                hint);
    }

    /**
     * Exercise 03.3: counting wrong answers of a batch with NDArray operations.
     *
     * @param wrongAnswers the learner's function
     */
    public static void wrongAnswers(BiFunction<NDArray, NDArray, Long> wrongAnswers) {
        boolean answered = true;
        boolean right = false;
        String detail;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray scores = m.create(new float[] {0.1f, 2.0f, 0.3f, 5f, 1f, 0f, 0f, 0f, 9f, 1f, 3f, 2f}, new Shape(4, 3));
            NDArray labels = m.create(new float[] {1, 0, 1, 2});
            long got = wrongAnswers.apply(scores, labels);
            answered = got != -1;
            right = got == 2;
            detail = "Your function returned " + got + " for a batch of four images with labels 1, 0, 1, 2.";
        } catch (RuntimeException e) {
            detail = "Your function threw " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        Exercises.check("03.3", answered, right,
                "Two of the four are wrong. " + detail + " Counting on the engine avoids copying every score to Java.",
                detail + " Find the predicted class of each row first (which NDArray operation gives the position of a"
                        + " row's largest value?), bring it to the labels' data type, then count where the two differ.");
    }

    /**
     * Exercise 03.4, an experiment: plain-26 trained without the learning-rate warm-up.
     *
     * @param warmupFraction the warm-up the learner's run used (the change: 0)
     * @param typed the final training error (%) the learner read off the run
     * @param measured the run's final training error (%) ({@code NaN} if it has not run)
     * @param withWarmup plain-26's final training error (%) with the recipe's warm-up, this kernel
     * @param seedRuns plain-26's final training error (%) with warm-up over the committed seed runs
     */
    public static void noWarmup(float warmupFraction, double typed, double measured, double withWarmup,
            SeedSpread.Range seedRuns) {
        String what = "";
        if (!Double.isNaN(measured)) {
            what = seedRuns.compare("Without warm-up plain-26", measured, "with it", withWarmup, "with warm-up",
                    "the warm-up's");
            if (!seedRuns.contains(measured)) {
                what += " He et al. (2015, section 4.2) needed a lower start for their 110-layer net for the same"
                        + " reason: a full learning rate from the first step can throw a deep net off.";
            } else {
                what += " Run it with another seed (RESNET_SEED) to see more.";
            }
        }
        Exercises.experiment("03.4", warmupFraction == 0f, typed, measured, 0.1,
                "set warmupFraction to 0f (no warm-up: the full learning rate from the first step) and run the cell.",
                what);
    }
}
